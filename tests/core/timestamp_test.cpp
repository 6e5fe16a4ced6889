#include "core/timestamp.h"

#include <printers.h>

#include <QDateTime>
#include <QRandomGenerator>

#include <gtest/gtest.h>

#include <limits>

using assay::Timestamp;
using namespace Qt::StringLiterals;

namespace {

QString iso(const QString &text)
{
    auto t = Timestamp::parseIso(text);
    return t ? t->toIso() : u"error: "_s + t.error().message;
}

QString errorOf(const QString &text)
{
    auto t = Timestamp::parseIso(text);
    return t ? u"(parsed)"_s : t.error().message;
}

} // namespace

TEST(Timestamp, KeepsMicrosecondsAndZ)
{
    EXPECT_EQ(iso(u"2026-11-30T07:16:04.413001Z"_s), u"2026-11-30T07:16:04.413001Z"_s);
}

TEST(Timestamp, NaiveMeansUtc)
{
    EXPECT_EQ(iso(u"2026-11-30T07:16:04.413001"_s), u"2026-11-30T07:16:04.413001Z"_s);
    EXPECT_EQ(iso(u"2026-11-30T07:16:04"_s), u"2026-11-30T07:16:04.000000Z"_s);
    EXPECT_EQ(iso(u"2026-11-30 07:16"_s), u"2026-11-30T07:16:00.000000Z"_s);
    EXPECT_EQ(iso(u"2026-11-30"_s), u"2026-11-30T00:00:00.000000Z"_s);
}

TEST(Timestamp, OffsetsAreConvertedToUtc)
{
    EXPECT_EQ(iso(u"2026-11-30T09:16:04.5+02:00"_s), u"2026-11-30T07:16:04.500000Z"_s);
    EXPECT_EQ(iso(u"2026-11-30T01:46:04-0530"_s), u"2026-11-30T07:16:04.000000Z"_s);
    EXPECT_EQ(iso(u"2026-11-30T08:16:04+01"_s), u"2026-11-30T07:16:04.000000Z"_s);
    EXPECT_EQ(iso(u"2026-01-01T00:30:00+01:00"_s), u"2025-12-31T23:30:00.000000Z"_s);
    EXPECT_EQ(iso(u"2026-11-30t07:16:04z"_s), u"2026-11-30T07:16:04.000000Z"_s);
}

TEST(Timestamp, FractionsOfAnyLengthUpToNanoseconds)
{
    EXPECT_EQ(iso(u"2026-11-30T07:16:04.000Z"_s), u"2026-11-30T07:16:04.000000Z"_s); // Date.toISOString()
    EXPECT_EQ(iso(u"2026-11-30T07:16:04.1Z"_s), u"2026-11-30T07:16:04.100000Z"_s);
    EXPECT_EQ(iso(u"2026-11-30T07:16:04.123456789Z"_s), u"2026-11-30T07:16:04.123456Z"_s);
    EXPECT_EQ(iso(u"2026-11-30T07:16:04,25Z"_s), u"2026-11-30T07:16:04.250000Z"_s);
}

TEST(Timestamp, EpochMillisecondsFromJsonNumbers)
{
    // The SDK's createRun sends Date.now(): 1796023093702 is 2026-11-30T07:18:13.702Z.
    auto t = Timestamp::fromJson(QJsonValue(1796023093702.0));
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->toIso(), u"2026-11-30T07:18:13.702000Z"_s);
    EXPECT_EQ(t->millis(), 1796023093702);
    auto fractional = Timestamp::fromJson(QJsonValue(1796023093702.25));
    ASSERT_TRUE(fractional.ok());
    EXPECT_EQ(fractional->toIso(), u"2026-11-30T07:18:13.702250Z"_s);
    auto before1970 = Timestamp::fromJson(QJsonValue(-1.0));
    ASSERT_TRUE(before1970.ok());
    EXPECT_EQ(before1970->toIso(), u"1969-12-31T23:59:59.999000Z"_s);
}

TEST(Timestamp, AgreesWithQDateTimeAcrossTheRange)
{
    QRandomGenerator rng(42);
    for (int i = 0; i < 5000; ++i) {
        const qint64 ms =
            static_cast<qint64>(rng.bounded(std::numeric_limits<quint32>::max())) * 61 - 50'000'000'000LL;
        const QString expected = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
        const Timestamp t = *Timestamp::fromEpochMillis(static_cast<double>(ms));
        // QDateTime prints milliseconds and 'Z'; we print microseconds.
        EXPECT_EQ(t.toIso(), expected.chopped(1) + u"000Z"_s) << ms;
        EXPECT_EQ(Timestamp::parseIso(expected)->micros(), ms * 1000);
    }
}

TEST(Timestamp, LeapYearsAndTheEdgesOfTheRange)
{
    EXPECT_EQ(iso(u"2024-02-29T12:00:00Z"_s), u"2024-02-29T12:00:00.000000Z"_s);
    EXPECT_EQ(iso(u"2000-02-29"_s), u"2000-02-29T00:00:00.000000Z"_s);
    EXPECT_EQ(errorOf(u"2023-02-29"_s), u"day 29 is out of range (01-28 in 2023-02)"_s);
    EXPECT_EQ(errorOf(u"1900-02-29"_s), u"day 29 is out of range (01-28 in 1900-02)"_s);
    EXPECT_EQ(iso(u"0001-01-01T00:00:00Z"_s), u"0001-01-01T00:00:00.000000Z"_s);
    EXPECT_EQ(iso(u"9999-12-31T23:59:59.999999Z"_s), u"9999-12-31T23:59:59.999999Z"_s);
    EXPECT_FALSE(Timestamp::parseIso(u"9999-12-31T23:59:59-01:00"_s).ok());
    EXPECT_FALSE(Timestamp::parseIso(u"0001-01-01T00:00:00+01:00"_s).ok());
}

TEST(Timestamp, GarbageSaysWhatWasWrongAndNeverBecomesTheEpoch)
{
    EXPECT_EQ(errorOf(u""_s), u"expected an ISO-8601 timestamp, got an empty string"_s);
    EXPECT_TRUE(errorOf(u"yesterday"_s).startsWith(u"expected a four-digit year at position 1, found 'y'"_s));
    EXPECT_EQ(errorOf(u"2026-13-01"_s), u"month 13 is out of range (01-12)"_s);
    EXPECT_EQ(errorOf(u"2026-00-01"_s), u"month 0 is out of range (01-12)"_s);
    EXPECT_EQ(errorOf(u"2026-11-30T25:00:00Z"_s), u"hour 25 is out of range (00-23)"_s);
    EXPECT_EQ(errorOf(u"2026-11-30T07:60:00Z"_s), u"minute 60 is out of range (00-59)"_s);
    EXPECT_EQ(errorOf(u"2026-11-30T07:16:61Z"_s), u"second 61 is out of range (00-59)"_s);
    EXPECT_TRUE(errorOf(u"2026-11-30T07:16:04.Z"_s)
                    .startsWith(u"expected digits after the decimal point at position 21"_s));
    EXPECT_TRUE(
        errorOf(u"2026-11-30T07:16:04Z tomorrow"_s).startsWith(u"unexpected text after the timestamp"_s));
    EXPECT_TRUE(errorOf(u"2026-11-30T07:16:04+25:00"_s).startsWith(u"UTC offset +25:00 is out of range"_s));
    EXPECT_TRUE(
        errorOf(u"2026-11-30X07:16"_s).startsWith(u"expected 'T' between date and time at position 11"_s));
    EXPECT_TRUE(errorOf(u"2026-11-30T07:16:04.1234567891Z"_s).startsWith(u"more than 9 fraction digits"_s));
    EXPECT_TRUE(errorOf(u"1796023093702"_s).startsWith(u"expected '-' after the year"_s));
}

TEST(Timestamp, JsonValuesOtherThanStringsAndNumbersAreErrors)
{
    EXPECT_EQ(Timestamp::fromJson(QJsonValue(true)).error().message,
              u"expected an ISO-8601 string or epoch milliseconds, got a boolean"_s);
    EXPECT_EQ(Timestamp::fromJson(QJsonValue(QJsonValue::Null)).error().message,
              u"expected a timestamp, got null"_s);
    EXPECT_EQ(Timestamp::fromJson(QJsonValue(QJsonValue::Undefined)).error().message,
              u"expected a timestamp, but it is missing"_s);
    EXPECT_FALSE(Timestamp::fromJson(QJsonArray{1}).ok());
    EXPECT_FALSE(Timestamp::fromEpochMillis(std::numeric_limits<double>::quiet_NaN()).ok());
    EXPECT_FALSE(Timestamp::fromEpochMillis(std::numeric_limits<double>::infinity()).ok());
    EXPECT_TRUE(Timestamp::fromEpochMillis(1e300).error().message.endsWith(u"is outside years 0001-9999"_s));
}

TEST(Timestamp, OrdersByInstantNotByText)
{
    const Timestamp a = *Timestamp::parseIso(u"2026-11-30T09:00:00+02:00"_s);
    const Timestamp b = *Timestamp::parseIso(u"2026-11-30T07:30:00Z"_s);
    EXPECT_LT(a, b);
    EXPECT_EQ(a, *Timestamp::parseIso(u"2026-11-30T07:00:00"_s));
}
