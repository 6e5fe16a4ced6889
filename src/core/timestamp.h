#pragma once

// One representation of time for the whole project: microseconds since the Unix epoch, UTC.
// Input comes as ISO-8601 strings (with or without 'Z', with offsets, with up to 9 fraction digits,
// naive = UTC) or as epoch milliseconds in a JSON number (what the LangSmith SDK sends for Date.now()).
// Output is always ISO-8601 with six fraction digits and 'Z'.

#include "result.h"

#include <QJsonValue>
#include <QString>

#include <compare>

namespace assay {

class Timestamp {
public:
    constexpr Timestamp() = default; // the epoch; use std::optional<Timestamp> for "no time"
    static constexpr Timestamp fromMicros(qint64 micros) { return Timestamp(micros); }
    static Timestamp now();

    static Result<Timestamp> parseIso(QStringView text);
    // Epoch milliseconds, possibly fractional (performance.now()-based clocks send fractions).
    static Result<Timestamp> fromEpochMillis(double ms);
    // A JSON string (ISO-8601) or number (epoch milliseconds). Anything else is an error.
    static Result<Timestamp> fromJson(const QJsonValue &value);

    constexpr qint64 micros() const { return m_micros; }
    constexpr qint64 millis() const { return m_micros >= 0 ? m_micros / 1000 : -((-m_micros + 999) / 1000); }
    QString toIso() const; // "2026-11-30T07:16:04.413001Z"
    QJsonValue toJson() const { return toIso(); }

    friend constexpr auto operator<=>(const Timestamp &, const Timestamp &) = default;

    // Valid range: years 0001 through 9999, as ISO-8601 without expansion can write them.
    static constexpr qint64 kMinMicros = -62135596800LL * 1000000LL;            // 0001-01-01T00:00:00Z
    static constexpr qint64 kMaxMicros = 253402300799LL * 1000000LL + 999999LL; // 9999-12-31T23:59:59.999999Z

private:
    constexpr explicit Timestamp(qint64 micros)
        : m_micros(micros)
    {
    }
    qint64 m_micros = 0;
};

} // namespace assay
