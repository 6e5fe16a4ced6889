#include "jsonfields.h"

#include <cmath>

namespace assay {

QString describeJsonType(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QJsonValue jsonOrNull(const std::optional<Uuid> &id)
{
    return id ? QJsonValue(id->toString()) : QJsonValue(QJsonValue::Null);
}

QJsonValue jsonOrNull(const std::optional<Timestamp> &time)
{
    return time ? time->toJson() : QJsonValue(QJsonValue::Null);
}

QJsonValue jsonOrNull(const std::optional<qint64> &number)
{
    return number ? QJsonValue(static_cast<double>(*number)) : QJsonValue(QJsonValue::Null);
}

QJsonValue jsonOrNull(const std::optional<double> &number)
{
    return number ? QJsonValue(*number) : QJsonValue(QJsonValue::Null);
}

std::optional<double> numberOrNothing(const QJsonValue &value)
{
    return value.isDouble() ? std::optional(value.toDouble()) : std::nullopt;
}

QStringList stringsOf(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.toString());
    return out;
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue nullIfUndefined(const QJsonValue &value)
{
    return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
}

QString indexedPath(const QString &path, qsizetype index)
{
    return QStringLiteral("%1[%2]").arg(path).arg(index);
}

JsonFields::JsonFields(const QJsonObject &object, QString path)
    : m_object(object)
    , m_path(std::move(path))
{
}

bool JsonFields::has(QLatin1StringView key) const
{
    const QJsonValue v = m_object.value(key);
    return !v.isNull() && !v.isUndefined();
}

QString JsonFields::pathOf(QLatin1StringView key) const
{
    return m_path.isEmpty() ? QString(key) : m_path + QLatin1Char('.') + key;
}

void JsonFields::fail(QLatin1StringView key, const QString &message)
{
    if (!m_error)
        m_error = Error{message, pathOf(key)};
}

void JsonFields::fail(const Error &nested)
{
    if (!m_error)
        m_error = nested;
}

std::optional<QJsonValue> JsonFields::fetch(QLatin1StringView key, Need need)
{
    const QJsonValue v = m_object.value(key);
    if (v.isNull() || v.isUndefined()) {
        if (need == Need::Required)
            fail(key, QStringLiteral("is required"));
        return std::nullopt;
    }
    return v;
}

void JsonFields::wrongType(QLatin1StringView key, const char *expected, const QJsonValue &got)
{
    fail(key, QStringLiteral("expected %1, got %2").arg(QLatin1StringView(expected), describeJsonType(got)));
}

std::optional<QString> JsonFields::string(QLatin1StringView key, Need need)
{
    const auto v = fetch(key, need);
    if (!v)
        return std::nullopt;
    if (!v->isString()) {
        wrongType(key, "a string", *v);
        return std::nullopt;
    }
    return v->toString();
}

std::optional<Uuid> JsonFields::uuid(QLatin1StringView key, Need need)
{
    const auto v = fetch(key, need);
    if (!v)
        return std::nullopt;
    if (!v->isString()) {
        wrongType(key, "a UUID string", *v);
        return std::nullopt;
    }
    auto parsed = Uuid::parse(v->toString());
    if (!parsed) {
        fail(key, parsed.error().message);
        return std::nullopt;
    }
    return *parsed;
}

std::optional<Timestamp> JsonFields::timestamp(QLatin1StringView key, Need need)
{
    const auto v = fetch(key, need);
    if (!v)
        return std::nullopt;
    auto parsed = Timestamp::fromJson(*v);
    if (!parsed) {
        fail(key, parsed.error().message);
        return std::nullopt;
    }
    return *parsed;
}

std::optional<double> JsonFields::number(QLatin1StringView key, Need need)
{
    const auto v = fetch(key, need);
    if (!v)
        return std::nullopt;
    if (!v->isDouble()) {
        wrongType(key, "a number", *v);
        return std::nullopt;
    }
    return v->toDouble();
}

std::optional<qint64> JsonFields::integer(QLatin1StringView key, Need need)
{
    const auto n = number(key, need);
    if (!n)
        return std::nullopt;
    // 2^53: beyond it a JSON number no longer holds every integer exactly.
    if (*n != std::floor(*n) || std::fabs(*n) > 9007199254740992.0) {
        fail(key, QStringLiteral("expected a whole number, got %1").arg(*n, 0, 'g', 17));
        return std::nullopt;
    }
    return static_cast<qint64>(*n);
}

std::optional<bool> JsonFields::boolean(QLatin1StringView key, Need need)
{
    const auto v = fetch(key, need);
    if (!v)
        return std::nullopt;
    if (!v->isBool()) {
        wrongType(key, "true or false", *v);
        return std::nullopt;
    }
    return v->toBool();
}

std::optional<QJsonObject> JsonFields::object(QLatin1StringView key, Need need)
{
    const auto v = fetch(key, need);
    if (!v)
        return std::nullopt;
    if (!v->isObject()) {
        wrongType(key, "an object", *v);
        return std::nullopt;
    }
    return v->toObject();
}

std::optional<QJsonArray> JsonFields::array(QLatin1StringView key, Need need)
{
    const auto v = fetch(key, need);
    if (!v)
        return std::nullopt;
    if (!v->isArray()) {
        wrongType(key, "an array", *v);
        return std::nullopt;
    }
    return v->toArray();
}

std::optional<QStringList> JsonFields::stringList(QLatin1StringView key, Need need)
{
    const auto a = array(key, need);
    if (!a)
        return std::nullopt;
    QStringList out;
    out.reserve(a->size());
    for (qsizetype i = 0; i < a->size(); ++i) {
        const QJsonValue item = a->at(i);
        if (!item.isString()) {
            if (!m_error)
                m_error = Error{QStringLiteral("expected a string, got %1").arg(describeJsonType(item)),
                                indexedPath(pathOf(key), i)};
            return std::nullopt;
        }
        out.append(item.toString());
    }
    return out;
}

} // namespace assay
