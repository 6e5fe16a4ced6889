#include "timestamp.h"

#include <QDateTime>

#include <cmath>

namespace assay {

namespace {

// Howard Hinnant's days_from_civil / civil_from_days: exact proleptic Gregorian arithmetic, no tables.
constexpr qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<qint64>(doe) - 719468;
}

struct Civil {
    qint64 year;
    unsigned month, day;
};

constexpr Civil civilFromDays(qint64 z)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 y = static_cast<qint64>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

bool isLeap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

// A small cursor over the input that reads fixed-width digit groups and reports 1-based positions.
class IsoReader {
public:
    explicit IsoReader(QStringView s)
        : m_s(s)
    {
    }
    bool atEnd() const { return m_pos >= m_s.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_s[m_pos]; }
    qsizetype pos() const { return m_pos; }
    void skip() { ++m_pos; }

    bool digits(int count, int &out)
    {
        out = 0;
        for (int i = 0; i < count; ++i) {
            if (atEnd() || !isDigit(m_s[m_pos]))
                return false;
            out = out * 10 + (m_s[m_pos].unicode() - u'0');
            ++m_pos;
        }
        return true;
    }
    static bool isDigit(QChar c) { return c.unicode() >= u'0' && c.unicode() <= u'9'; }

    Error error(const QString &what) const
    {
        const QString found =
            atEnd() ? QStringLiteral("the end of the text") : QStringLiteral("'%1'").arg(m_s[m_pos]);
        return Error{
            QStringLiteral(
                "%1 at position %2, found %3 (expected ISO-8601 such as 2026-11-30T07:16:04.413001Z)")
                .arg(what)
                .arg(m_pos + 1)
                .arg(found),
            {}};
    }

private:
    QStringView m_s;
    qsizetype m_pos = 0;
};

Error rangeError(const QString &what, int value, const QString &range)
{
    return Error{QStringLiteral("%1 %2 is out of range (%3)").arg(what).arg(value).arg(range), {}};
}

} // namespace

Timestamp Timestamp::now()
{
    return Timestamp(QDateTime::currentMSecsSinceEpoch() * 1000);
}

Result<Timestamp> Timestamp::parseIso(QStringView text)
{
    const QStringView s = text.trimmed();
    if (s.isEmpty())
        return Error{QStringLiteral("expected an ISO-8601 timestamp, got an empty string"), {}};
    IsoReader r(s);
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!r.digits(4, year))
        return r.error(QStringLiteral("expected a four-digit year"));
    if (r.peek() != u'-')
        return r.error(QStringLiteral("expected '-' after the year"));
    r.skip();
    if (!r.digits(2, month))
        return r.error(QStringLiteral("expected a two-digit month"));
    if (r.peek() != u'-')
        return r.error(QStringLiteral("expected '-' after the month"));
    r.skip();
    if (!r.digits(2, day))
        return r.error(QStringLiteral("expected a two-digit day"));
    if (year < 1)
        return rangeError(QStringLiteral("year"), year, QStringLiteral("0001-9999"));
    if (month < 1 || month > 12)
        return rangeError(QStringLiteral("month"), month, QStringLiteral("01-12"));
    if (day < 1 || day > daysInMonth(year, month))
        return rangeError(QStringLiteral("day"), day,
                          QStringLiteral("01-%1 in %2-%3")
                              .arg(daysInMonth(year, month))
                              .arg(year, 4, 10, QLatin1Char('0'))
                              .arg(month, 2, 10, QLatin1Char('0')));
    qint64 fractionMicros = 0;
    qint64 offsetSeconds = 0;
    if (!r.atEnd()) {
        if (r.peek() != u'T' && r.peek() != u't' && r.peek() != u' ')
            return r.error(QStringLiteral("expected 'T' between date and time"));
        r.skip();
        if (!r.digits(2, hour))
            return r.error(QStringLiteral("expected a two-digit hour"));
        if (r.peek() != u':')
            return r.error(QStringLiteral("expected ':' after the hour"));
        r.skip();
        if (!r.digits(2, minute))
            return r.error(QStringLiteral("expected two-digit minutes"));
        if (r.peek() == u':') {
            r.skip();
            if (!r.digits(2, second))
                return r.error(QStringLiteral("expected two-digit seconds"));
            if (r.peek() == u'.' || r.peek() == u',') {
                r.skip();
                int count = 0;
                while (!r.atEnd() && IsoReader::isDigit(r.peek())) {
                    if (count < 6)
                        fractionMicros = fractionMicros * 10 + (r.peek().unicode() - u'0');
                    ++count;
                    r.skip();
                }
                if (count == 0)
                    return r.error(QStringLiteral("expected digits after the decimal point"));
                if (count > 9)
                    return r.error(QStringLiteral("more than 9 fraction digits"));
                for (int i = count; i < 6; ++i)
                    fractionMicros *= 10;
            }
        }
        if (hour > 23)
            return rangeError(QStringLiteral("hour"), hour, QStringLiteral("00-23"));
        if (minute > 59)
            return rangeError(QStringLiteral("minute"), minute, QStringLiteral("00-59"));
        if (second > 59)
            return rangeError(QStringLiteral("second"), second, QStringLiteral("00-59"));
        if (r.peek() == u'Z' || r.peek() == u'z') {
            r.skip();
        } else if (r.peek() == u'+' || r.peek() == u'-') {
            const int sign = r.peek() == u'-' ? -1 : 1;
            r.skip();
            int oh = 0, om = 0;
            if (!r.digits(2, oh))
                return r.error(QStringLiteral("expected a two-digit offset hour"));
            if (r.peek() == u':')
                r.skip();
            if (!r.atEnd() && !r.digits(2, om))
                return r.error(QStringLiteral("expected two-digit offset minutes"));
            if (oh > 23 || om > 59)
                return Error{QStringLiteral("UTC offset %1%2:%3 is out of range")
                                 .arg(QChar(sign < 0 ? u'-' : u'+'))
                                 .arg(oh, 2, 10, QLatin1Char('0'))
                                 .arg(om, 2, 10, QLatin1Char('0')),
                             {}};
            offsetSeconds = sign * (oh * 3600 + om * 60);
        }
    }
    if (!r.atEnd())
        return r.error(QStringLiteral("unexpected text after the timestamp"));

    const qint64 days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const qint64 seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    const qint64 micros = seconds * 1000000 + fractionMicros;
    if (micros < kMinMicros || micros > kMaxMicros)
        return Error{QStringLiteral("timestamp is outside years 0001-9999 once converted to UTC"), {}};
    return Timestamp(micros);
}

Result<Timestamp> Timestamp::fromEpochMillis(double ms)
{
    if (!std::isfinite(ms))
        return Error{QStringLiteral("epoch milliseconds must be a finite number"), {}};
    const double micros = std::round(ms * 1000.0);
    if (micros < static_cast<double>(kMinMicros) || micros > static_cast<double>(kMaxMicros))
        return Error{QStringLiteral("epoch milliseconds %1 is outside years 0001-9999").arg(ms, 0, 'g', 17),
                     {}};
    return Timestamp(static_cast<qint64>(micros));
}

Result<Timestamp> Timestamp::fromJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return parseIso(value.toString());
    case QJsonValue::Double:
        return fromEpochMillis(value.toDouble());
    case QJsonValue::Null:
        return Error{QStringLiteral("expected a timestamp, got null"), {}};
    case QJsonValue::Undefined:
        return Error{QStringLiteral("expected a timestamp, but it is missing"), {}};
    default:
        return Error{QStringLiteral("expected an ISO-8601 string or epoch milliseconds, got %1")
                         .arg(value.isBool()    ? QStringLiteral("a boolean")
                              : value.isArray() ? QStringLiteral("an array")
                                                : QStringLiteral("an object")),
                     {}};
    }
}

QString Timestamp::toIso() const
{
    qint64 seconds = m_micros / 1000000;
    qint64 micros = m_micros % 1000000;
    if (micros < 0) {
        micros += 1000000;
        --seconds;
    }
    qint64 days = seconds / 86400;
    qint64 secOfDay = seconds % 86400;
    if (secOfDay < 0) {
        secOfDay += 86400;
        --days;
    }
    const Civil c = civilFromDays(days);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                  static_cast<long long>(c.year), c.month, c.day, static_cast<long long>(secOfDay / 3600),
                  static_cast<long long>(secOfDay / 60 % 60), static_cast<long long>(secOfDay % 60),
                  static_cast<long long>(micros));
    return QString::fromLatin1(buf);
}

} // namespace assay
