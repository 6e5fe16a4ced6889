#pragma once

// Compact JSON written directly, without building a QJsonObject first, for the documents written on
// hot paths. Its bytes are what the audit log's older entries were hashed over: change how anything is
// escaped and those entries no longer verify (AuditLog.EntriesHashedInTheFormatBeforeSchema12StillVerify).
// Its strings round-trip exactly through QJsonDocument::fromJson: quotes, backslashes and
// control characters are escaped, and so are surrogates (a lone one survives as \uXXXX, which UTF-8
// cannot carry) and U+FEFF (Qt's parser drops it when it meets it raw at the start of a string).

#include "timestamp.h"
#include "uuid.h"

#include <QByteArray>
#include <QJsonValue>
#include <QStringView>

#include <optional>

namespace assay {

class JsonWriter {
public:
    // Starts a member of the current object; the first call opens the object.
    void key(const char *name);
    void string(QStringView s);
    void value(const QJsonValue &v);
    void raw(const QByteArray &json) { m_out += json; }

    // Members written only when they have a value (null, empty text and absent optionals are left out).
    void field(const char *name, const QJsonValue &v);
    void field(const char *name, const QString &text);
    void field(const char *name, const std::optional<Uuid> &id);
    void field(const char *name, const std::optional<Timestamp> &time);

    QByteArray finish();                              // closes the object ({} when nothing was written)
    const QByteArray &bytes() const { return m_out; } // what was written, as it is

private:
    QByteArray m_out;
    bool m_first = true;
};

// A whole value, compact.
QByteArray compactJson(const QJsonValue &value);

} // namespace assay
