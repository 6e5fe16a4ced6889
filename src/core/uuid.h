#pragma once

// UUIDs as LangSmith uses them: any version is accepted; output is always the canonical lower-case
// hyphenated 36-character form, which the SDK requires for every id it later puts in a path.

#include "result.h"

#include <QHashFunctions>
#include <QUuid>

namespace assay {

class Uuid {
public:
    Uuid() = default; // the nil UUID
    explicit Uuid(const QUuid &uuid)
        : m_uuid(uuid)
    {
    }

    // Accepts the hyphenated form (any case), 32 hex digits, "{...}" and "urn:uuid:..." (what Python's
    // uuid and pydantic accept). Anything else is an error that says what and where.
    static Result<Uuid> parse(QStringView text);
    // New time-ordered UUID (RFC 9562 version 7), monotonic within this process.
    static Uuid v7();
    // Name-based (version 5) UUID: the same inputs always give the same id.
    static Uuid v5(const Uuid &ns, QByteArrayView name);

    bool isNull() const { return m_uuid.isNull(); }
    // From the bits, as QUuid::version() in Qt 6.4 knows no version above 5.
    int version() const { return (m_uuid.data3 >> 12) & 0x0f; }
    QString toString() const { return m_uuid.toString(QUuid::WithoutBraces); }
    QByteArray toRfc4122() const { return m_uuid.toRfc4122(); }
    const QUuid &toQUuid() const { return m_uuid; }

    friend bool operator==(const Uuid &a, const Uuid &b) { return a.m_uuid == b.m_uuid; }
    friend bool operator<(const Uuid &a, const Uuid &b) { return a.m_uuid < b.m_uuid; }

private:
    QUuid m_uuid;
};

inline size_t qHash(const Uuid &id, size_t seed = 0)
{
    return qHash(id.toQUuid(), seed);
}

} // namespace assay
