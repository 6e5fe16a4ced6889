#include "core/uuid.h"

#include <printers.h>

#include <QSet>

#include <gtest/gtest.h>

using assay::Uuid;
using namespace Qt::StringLiterals;

TEST(Uuid, ParsesTheCanonicalFormOfAnyVersion)
{
    for (const QString &text :
         {u"00000000-0000-0000-0000-000000000000"_s, u"6ba7b810-9dad-11d1-80b4-00c04fd430c8"_s,
          u"ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s, u"01a22b4f-c60b-753a-8000-000000000001"_s,
          u"886313e1-3b8a-5372-9b90-0c9aee199e5d"_s}) {
        auto id = Uuid::parse(text);
        ASSERT_TRUE(id.ok()) << text.toStdString() << ": " << id.error().message.toStdString();
        EXPECT_EQ(id->toString(), text);
    }
}

TEST(Uuid, PrintsLowerCaseHyphenatedWhateverTheInputForm)
{
    const QString canonical = u"ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s;
    for (const QString &text :
         {u"FFC64D30-F3C2-4E58-A945-66C21C0ECA55"_s, u"ffc64d30f3c24e58a94566c21c0eca55"_s,
          u"{ffc64d30-f3c2-4e58-a945-66c21c0eca55}"_s, u"urn:uuid:ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s}) {
        auto id = Uuid::parse(text);
        ASSERT_TRUE(id.ok()) << text.toStdString();
        EXPECT_EQ(id->toString(), canonical);
    }
}

TEST(Uuid, RejectsGarbageWithAMessageThatSaysWhatAndWhere)
{
    auto empty = Uuid::parse(u""_s);
    ASSERT_FALSE(empty.ok());
    EXPECT_TRUE(empty.error().message.contains(u"empty"_s)) << empty.error().message.toStdString();

    auto tooShort = Uuid::parse(u"1234"_s);
    ASSERT_FALSE(tooShort.ok());
    EXPECT_TRUE(tooShort.error().message.contains(u"36 characters"_s));
    EXPECT_TRUE(tooShort.error().message.contains(u"got 4"_s));

    auto badChar = Uuid::parse(u"ffc64d30-f3c2-4e58-a945-66c21c0ecagg"_s);
    ASSERT_FALSE(badChar.ok());
    EXPECT_EQ(badChar.error().message,
              u"invalid character 'g' at position 35; a UUID has only hex digits and '-'"_s);

    auto badHyphen = Uuid::parse(u"ffc64d30xf3c2-4e58-a945-66c21c0eca55"_s);
    ASSERT_FALSE(badHyphen.ok());
    EXPECT_EQ(badHyphen.error().message, u"expected '-' at position 9, got 'x'"_s);

    auto unclosed = Uuid::parse(u"{ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s);
    ASSERT_FALSE(unclosed.ok());
    EXPECT_TRUE(unclosed.error().message.contains(u"'}'"_s));

    EXPECT_FALSE(Uuid::parse(u"ffc64d30-f3c2-4e58-a945-66c21c0eca5\u00e9"_s).ok());
}

TEST(Uuid, V7IsVersion7WithTheRfcVariantAndMonotonic)
{
    QString previous;
    QSet<QString> seen;
    for (int i = 0; i < 20000; ++i) {
        const Uuid id = Uuid::v7();
        EXPECT_EQ(id.version(), 7);
        const QByteArray bytes = id.toRfc4122();
        EXPECT_EQ(static_cast<uchar>(bytes[8]) & 0xc0, 0x80);
        const QString text = id.toString();
        EXPECT_GT(text, previous) << "not monotonic at " << i;
        previous = text;
        seen.insert(text);
    }
    EXPECT_EQ(seen.size(), 20000);
}

TEST(Uuid, V7CarriesTheCurrentTimeInItsFirst48Bits)
{
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const QByteArray b = Uuid::v7().toRfc4122();
    qint64 ms = 0;
    for (int i = 0; i < 6; ++i)
        ms = (ms << 8) | static_cast<uchar>(b[i]);
    EXPECT_GE(ms, before);
    EXPECT_LE(ms, before + 5000); // the counter may borrow a few milliseconds after the test above
}

TEST(Uuid, V5IsDeterministic)
{
    const Uuid ns = *Uuid::parse(u"6ba7b810-9dad-11d1-80b4-00c04fd430c8"_s);
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
    EXPECT_EQ(Uuid::v5(ns, "python.org").toString(), u"886313e1-3b8a-5372-9b90-0c9aee199e5d"_s);
    EXPECT_EQ(Uuid::v5(ns, "a"), Uuid::v5(ns, "a"));
    EXPECT_FALSE(Uuid::v5(ns, "a") == Uuid::v5(ns, "b"));
}
