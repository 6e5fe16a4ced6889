// Randomized robustness test of the filter parser, compiler and evaluator (and the other text
// parsers): many generated and mutated inputs must never crash, hang or corrupt memory (this suite runs
// under AddressSanitizer and UBSan), and every refusal must carry a "line:column" and a message.
// The coverage-guided libFuzzer target in tests/fuzz does the same with clang.

#include "core/filter/compiledfilter.h"
#include "core/timestamp.h"
#include "core/uuid.h"

#include <printers.h>
#include <samplecorpus.h>

#include <QRandomGenerator>
#include <QRegularExpression>

#include <gtest/gtest.h>

using namespace assay;
using namespace assay::filter;
using namespace Qt::StringLiterals;

namespace {

const QStringList kSeeds = {
    u"metadata.eval_score < 0.5"_s,
    u"feedback.user_rating == \"negative\""_s,
    u"latency_ms > 10000"_s,
    u"random_sample == 0.05"_s,
    u"metadata.eval_score < 0.5 OR feedback.user_rating == \"negative\""_s,
    u"and(eq(feedback_key, \"user_score\"), lt(feedback_score, 0.5))"_s,
    u"and(gt(start_time, \"2023-07-15T12:34:56Z\"), or(neq(error, null), and(eq(feedback_key, \"Correctness\"), eq(feedback_score, 0.0))))"_s,
    u"has(metadata, '{\"k\": \"v\"}')"_s,
    u"in(metadata_key, [\"session_id\",\"conversation_id\"])"_s,
    u"NOT (tags == \"beta\") AND search(\"timeout\")"_s,
    u"gt(latency, \"5s\")"_s,
};

const QStringList kPieces = {
    u"and("_s,
    u"or("_s,
    u"not("_s,
    u"eq("_s,
    u"neq("_s,
    u"gt("_s,
    u"lte("_s,
    u"has("_s,
    u"search("_s,
    u"in("_s,
    u"exists("_s,
    u"has_feedback_key("_s,
    u")"_s,
    u"("_s,
    u","_s,
    u"["_s,
    u"]"_s,
    u" AND "_s,
    u" OR "_s,
    u" NOT "_s,
    u"=="_s,
    u"!="_s,
    u"<"_s,
    u">="_s,
    u"!"_s,
    u"&&"_s,
    u"||"_s,
    u"name"_s,
    u"latency"_s,
    u"latency_ms"_s,
    u"metadata.a.b"_s,
    u"feedback.x"_s,
    u"feedback_key"_s,
    u"feedback_score"_s,
    u"metadata_key"_s,
    u"metadata_value"_s,
    u"tags"_s,
    u"start_time"_s,
    u"error"_s,
    u"random_sample"_s,
    u"is_root"_s,
    u"id"_s,
    u"null"_s,
    u"true"_s,
    u"0.5"_s,
    u"-1e308"_s,
    u"1e999"_s,
    u"\"5s\""_s,
    u"'x'"_s,
    u"\"2026-11-30T07:16:04Z\""_s,
    u"\"\\u00e9\""_s,
    u"\"\\"_s,
    u"'{\"k\":1}'"_s,
    u"\n"_s,
    u"\u00e9"_s,
    u"\U0001F600"_s,
    u"\0"_s,
};

QString mutate(QString s, QRandomGenerator &rng)
{
    const int edits = 1 + static_cast<int>(rng.bounded(4));
    for (int e = 0; e < edits; ++e) {
        const qsizetype at = s.isEmpty() ? 0 : rng.bounded(s.size() + 1);
        switch (rng.bounded(4)) {
        case 0: // delete a span
            if (!s.isEmpty())
                s.remove(std::min(at, s.size() - 1), 1 + rng.bounded(4));
            break;
        case 1: // insert a grammar piece
            s.insert(at, kPieces.at(rng.bounded(kPieces.size())));
            break;
        case 2: // insert a random code unit
            s.insert(at, QChar(static_cast<char16_t>(rng.bounded(0x80) == 0 ? rng.bounded(0x10000)
                                                                            : rng.bounded(0x80))));
            break;
        default: // duplicate a span
            s.insert(at, s.mid(rng.bounded(s.size() + 1), 1 + rng.bounded(8)));
            break;
        }
    }
    return s;
}

QString generate(QRandomGenerator &rng)
{
    QString s;
    const int count = 1 + static_cast<int>(rng.bounded(24));
    for (int i = 0; i < count; ++i)
        s += kPieces.at(rng.bounded(kPieces.size()));
    return s;
}

} // namespace

TEST(FilterFuzz, GeneratedAndMutatedInputsNeverCrashAndAlwaysExplainRefusals)
{
    const auto corpus = test::makeRagCorpus(4, 99);
    const QRegularExpression position(u"^\\d+:\\d+$"_s);
    QRandomGenerator rng(20261130);
    int compiled = 0, refused = 0;
    for (int i = 0; i < 30000; ++i) {
        const QString input = i % 2 == 0 ? mutate(kSeeds.at(rng.bounded(kSeeds.size())), rng) : generate(rng);
        auto f = CompiledFilter::compile(input);
        if (!f) {
            ++refused;
            EXPECT_TRUE(position.match(f.error().where).hasMatch())
                << input.toStdString() << " -> " << f.error().where.toStdString();
            EXPECT_FALSE(f.error().message.isEmpty()) << input.toStdString();
            continue;
        }
        ++compiled;
        for (const auto &s : corpus) {
            const RunView view(s.run, s.feedback);
            EXPECT_EQ(f->matches(view), f->matches(view)) << input.toStdString();
        }
    }
    // Both paths were exercised; a generator that only produced garbage would prove little.
    EXPECT_GT(compiled, 1000);
    EXPECT_GT(refused, 1000);
}

TEST(FilterFuzz, TimestampAndUuidParsersNeverCrash)
{
    QRandomGenerator rng(7);
    const QStringList seeds = {u"2026-11-30T07:16:04.413001Z"_s, u"2026-11-30T09:16:04+02:00"_s,
                               u"ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s,
                               u"{FFC64D30F3C24E58A94566C21C0ECA55}"_s};
    for (int i = 0; i < 20000; ++i) {
        const QString input = mutate(seeds.at(rng.bounded(seeds.size())), rng);
        auto t = Timestamp::parseIso(input);
        if (t) {
            EXPECT_GE(t->micros(), Timestamp::kMinMicros);
            EXPECT_LE(t->micros(), Timestamp::kMaxMicros);
            EXPECT_EQ(Timestamp::parseIso(t->toIso())->micros(), t->micros()) << input.toStdString();
        } else {
            EXPECT_FALSE(t.error().message.isEmpty());
        }
        auto u = Uuid::parse(input);
        if (u)
            EXPECT_EQ(Uuid::parse(u->toString())->toString(), u->toString());
        else
            EXPECT_FALSE(u.error().message.isEmpty());
    }
}
