#include "printers.h"

#include <QJsonDocument>

void PrintTo(const QString &value, std::ostream *os)
{
    *os << '"' << value.toStdString() << '"';
}

void PrintTo(const QStringView &value, std::ostream *os)
{
    PrintTo(value.toString(), os);
}

void PrintTo(const QByteArray &value, std::ostream *os)
{
    *os << "QByteArray(\"" << value.toPercentEncoding(" !\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~").toStdString()
        << "\", " << value.size() << " bytes)";
}

void PrintTo(const QStringList &value, std::ostream *os)
{
    *os << '[';
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (i > 0)
            *os << ", ";
        PrintTo(value.at(i), os);
    }
    *os << ']';
}

void PrintTo(const QJsonObject &value, std::ostream *os)
{
    *os << QJsonDocument(value).toJson(QJsonDocument::Compact).toStdString();
}

void PrintTo(const QJsonArray &value, std::ostream *os)
{
    *os << QJsonDocument(value).toJson(QJsonDocument::Compact).toStdString();
}

void PrintTo(const QJsonValue &value, std::ostream *os)
{
    switch (value.type()) {
    case QJsonValue::Object:
        PrintTo(value.toObject(), os);
        break;
    case QJsonValue::Array:
        PrintTo(value.toArray(), os);
        break;
    case QJsonValue::String:
        PrintTo(value.toString(), os);
        break;
    case QJsonValue::Double:
        *os << value.toDouble();
        break;
    case QJsonValue::Bool:
        *os << (value.toBool() ? "true" : "false");
        break;
    case QJsonValue::Null:
        *os << "null";
        break;
    case QJsonValue::Undefined:
        *os << "undefined";
        break;
    }
}
