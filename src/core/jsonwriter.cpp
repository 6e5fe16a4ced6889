#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cmath>
#include <limits>

namespace assay {

void JsonWriter::key(const char *name)
{
    m_out += m_first ? "{\"" : ",\"";
    m_first = false;
    m_out += name;
    m_out += "\":";
}

void JsonWriter::string(QStringView s)
{
    static const char hex[] = "0123456789abcdef";
    m_out += '"';
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (u == u'"' || u == u'\\') {
            m_out += '\\';
            m_out += char(u);
        } else if (u < 0x20 || c.isSurrogate() || u == 0xfeff) {
            m_out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4)
                m_out += hex[(u >> shift) & 0xf];
        } else if (u < 0x80) {
            m_out += char(u);
        } else {
            m_out += QStringView(&c, 1).toUtf8();
        }
    }
    m_out += '"';
}

void JsonWriter::value(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        string(v.toString());
        break;
    case QJsonValue::Double: {
        // Integers exactly (a QJsonValue keeps 64-bit integers as such), other numbers shortest.
        constexpr qint64 kNotInteger = std::numeric_limits<qint64>::min();
        const qint64 i = v.toInteger(kNotInteger);
        const double d = v.toDouble();
        if (i != kNotInteger)
            m_out += QByteArray::number(i);
        else
            m_out += std::isfinite(d) ? QByteArray::number(d, 'g', QLocale::FloatingPointShortest) : "null";
        break;
    }
    case QJsonValue::Bool:
        m_out += v.toBool() ? "true" : "false";
        break;
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        m_out += '{';
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it != o.begin())
                m_out += ',';
            string(it.key());
            m_out += ':';
            value(it.value());
        }
        m_out += '}';
        break;
    }
    case QJsonValue::Array: {
        const QJsonArray a = v.toArray();
        m_out += '[';
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i > 0)
                m_out += ',';
            value(a.at(i));
        }
        m_out += ']';
        break;
    }
    default:
        m_out += "null";
    }
}

void JsonWriter::field(const char *name, const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined())
        return;
    key(name);
    value(v);
}

void JsonWriter::field(const char *name, const QString &text)
{
    if (text.isEmpty())
        return;
    key(name);
    string(text);
}

void JsonWriter::field(const char *name, const std::optional<Uuid> &id)
{
    if (id)
        field(name, id->toString());
}

void JsonWriter::field(const char *name, const std::optional<Timestamp> &time)
{
    if (time)
        field(name, time->toIso());
}

QByteArray JsonWriter::finish()
{
    m_out += m_first ? "{}" : "}";
    return m_out;
}

QByteArray compactJson(const QJsonValue &value)
{
    JsonWriter w;
    w.value(value);
    return w.bytes();
}

} // namespace assay
