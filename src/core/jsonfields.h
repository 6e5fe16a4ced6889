#pragma once

// Reads typed fields out of a JSON object for the codecs, and remembers the first problem with the
// field path it happened at ("post[2].start_time: expected ..."). Missing and null are the same
// ("not given"); a required field that is not given is an error.

#include "result.h"
#include "timestamp.h"
#include "uuid.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace assay {

enum class Need { Optional, Required };

class JsonFields {
public:
    explicit JsonFields(const QJsonObject &object, QString path = {});

    bool has(QLatin1StringView key) const; // present and not null
    QJsonValue raw(QLatin1StringView key) const { return m_object.value(key); }

    std::optional<QString> string(QLatin1StringView key, Need need = Need::Optional);
    std::optional<Uuid> uuid(QLatin1StringView key, Need need = Need::Optional);
    std::optional<Timestamp> timestamp(QLatin1StringView key, Need need = Need::Optional);
    std::optional<double> number(QLatin1StringView key, Need need = Need::Optional);
    std::optional<qint64> integer(QLatin1StringView key, Need need = Need::Optional);
    std::optional<bool> boolean(QLatin1StringView key, Need need = Need::Optional);
    std::optional<QJsonObject> object(QLatin1StringView key, Need need = Need::Optional);
    std::optional<QJsonArray> array(QLatin1StringView key, Need need = Need::Optional);
    std::optional<QStringList> stringList(QLatin1StringView key, Need need = Need::Optional);

    // Records a problem with one field, unless an earlier one was already recorded.
    void fail(QLatin1StringView key, const QString &message);
    void fail(const Error &nested); // an error from a nested reader, already carrying its path
    bool failed() const { return m_error.has_value(); }
    const Error &error() const { return *m_error; }
    QString pathOf(QLatin1StringView key) const;

private:
    std::optional<QJsonValue> fetch(QLatin1StringView key, Need need);
    void wrongType(QLatin1StringView key, const char *expected, const QJsonValue &got);

    QJsonObject m_object;
    QString m_path;
    std::optional<Error> m_error;
};

// Encoding helpers: absent values become JSON null, as LangSmith objects carry every key.
QJsonValue jsonOrNull(const std::optional<Uuid> &id);
QJsonValue jsonOrNull(const std::optional<Timestamp> &time);
QJsonValue jsonOrNull(const std::optional<qint64> &number);
QJsonValue jsonOrNull(const std::optional<double> &number);
QJsonValue textOrNull(const QString &text); // empty text -> null
QJsonValue nullIfUndefined(const QJsonValue &value);

// Decoding helpers for JSON this project wrote: a number (nothing for null, absent or another type), and
// an array's strings (a value that is no array has none).
std::optional<double> numberOrNothing(const QJsonValue &value);
QStringList stringsOf(const QJsonValue &value);

// "a string", "a number", ... for messages.
QString describeJsonType(const QJsonValue &value);
// Key path helper for arrays: "post" + 3 -> "post[3]".
QString indexedPath(const QString &path, qsizetype index);

} // namespace assay
