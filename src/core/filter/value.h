#pragma once

// A scalar seen by the filter evaluator: a run field or a JSON leaf, converted once.

#include <QJsonValue>
#include <QString>

namespace assay::filter {

struct Value {
    enum class Type : quint8 { Missing, Null, Bool, Number, String, Time, Other };
    Type type = Type::Missing;
    bool boolean = false;
    double number = 0;
    qint64 time = 0;
    QString string;

    static Value missing() { return {}; }
    static Value ofBool(bool b) { return {Type::Bool, b, 0, 0, {}}; }
    static Value ofNumber(double n) { return {Type::Number, false, n, 0, {}}; }
    static Value ofString(const QString &s) { return {Type::String, false, 0, 0, s}; }
    static Value ofTime(qint64 t) { return {Type::Time, false, 0, t, {}}; }
    static Value ofJson(const QJsonValue &v)
    {
        switch (v.type()) {
        case QJsonValue::Null:
            return {Type::Null, false, 0, 0, {}};
        case QJsonValue::Bool:
            return ofBool(v.toBool());
        case QJsonValue::Double:
            return ofNumber(v.toDouble());
        case QJsonValue::String:
            return ofString(v.toString());
        case QJsonValue::Undefined:
            return missing();
        default:
            return {Type::Other, false, 0, 0, {}};
        }
    }
    bool absent() const { return type == Type::Missing || type == Type::Null; }
};

// Simple (1:1) Unicode case folding, as QString::toCaseFolded() does, with an ASCII fast path: Qt 6.4's
// version costs ~7 ns per character, which made building a run's search text the main cost of routing.
QString foldCase(QStringView text);

} // namespace assay::filter
