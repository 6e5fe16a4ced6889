// What filters match, on hand-made runs whose answers are known.

#include "core/filter/compiledfilter.h"

#include <printers.h>
#include <samplecorpus.h>

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace assay;
using namespace assay::filter;
using namespace Qt::StringLiterals;

namespace {

assay::Run makeRun()
{
    assay::Run r;
    r.id = *Uuid::parse(u"01a22b51-8fbb-7000-8000-0010eae8c568"_s);
    r.traceId = r.id;
    r.name = u"RetrievalQA"_s;
    r.runType = u"chain"_s;
    r.inputs =
        QJsonDocument::fromJson(
            R"({"question":"How do I rotate my API key?","context":[{"page_content":"Keys are rotated in Settings > Security."}]})")
            .object();
    r.outputs =
        QJsonDocument::fromJson(
            R"({"answer":"Open Settings, then Security.","confidence":0.42,"usage_metadata":{"input_tokens":900,"output_tokens":200}})")
            .object();
    r.startTime = *Timestamp::parseIso(u"2026-11-30T07:00:00Z"_s);
    r.endTime = *Timestamp::parseIso(u"2026-11-30T07:00:12.5Z"_s);
    r.extra =
        QJsonDocument::fromJson(
            R"({"metadata":{"eval_score":0.3,"user_id":"u-17","session_id":"conv-9","plan":{"tier":"enterprise","seats":50},"score_text":"0.8"}})")
            .object();
    r.tags = {u"production"_s, u"beta"_s};
    completeDerivedFields(r);
    return r;
}

Feedback feedback(const QString &key, const QJsonValue &score, const QJsonValue &value = QJsonValue::Null)
{
    Feedback f;
    f.key = key;
    f.score = score;
    f.value = value;
    return f;
}

class FilterEval : public ::testing::Test {
protected:
    assay::Run run = makeRun();
    QList<Feedback> fb;

    bool matches(const QString &text)
    {
        auto f = CompiledFilter::compile(text);
        EXPECT_TRUE(f.ok()) << text.toStdString() << ": "
                            << (f.ok() ? "" : f.error().toString().toStdString());
        if (!f)
            return false;
        const RunView view(run, fb);
        return f->matches(view);
    }
};

} // namespace

TEST_F(FilterEval, MetadataPathsCompareNumbersAndText)
{
    EXPECT_TRUE(matches(u"metadata.eval_score < 0.5"_s));
    EXPECT_FALSE(matches(u"metadata.eval_score >= 0.5"_s));
    EXPECT_TRUE(matches(u"metadata.plan.tier == \"enterprise\""_s));
    EXPECT_TRUE(matches(u"metadata.plan.seats > 10"_s));
    EXPECT_TRUE(matches(u"metadata.score_text > 0.5"_s)) << "numeric text compares as a number";
    EXPECT_FALSE(matches(u"metadata.missing < 0.5"_s)) << "a missing value matches no comparison";
    EXPECT_TRUE(matches(u"metadata.missing == null"_s));
    EXPECT_TRUE(matches(u"metadata.missing != \"x\""_s)) << "neq is not(eq)";
    EXPECT_TRUE(matches(u"outputs.confidence < 0.6"_s));
    EXPECT_TRUE(matches(u"inputs.context.0.page_content == \"Keys are rotated in Settings > Security.\""_s));
}

TEST_F(FilterEval, FeedbackByKeyUsesValueForTextAndScoreForNumbers)
{
    EXPECT_FALSE(matches(u"feedback.user_rating == \"negative\""_s));
    EXPECT_TRUE(matches(u"feedback.user_rating == null"_s));
    fb = {feedback(u"user_rating"_s, QJsonValue::Null, u"negative"_s), feedback(u"correctness"_s, 0.25)};
    EXPECT_TRUE(matches(u"feedback.user_rating == \"negative\""_s));
    EXPECT_FALSE(matches(u"feedback.user_rating == \"positive\""_s));
    EXPECT_TRUE(matches(u"feedback.correctness < 0.5"_s));
    EXPECT_FALSE(matches(u"feedback.user_rating < 0.5"_s));
    EXPECT_TRUE(matches(u"feedback.user_rating != null"_s));
    EXPECT_TRUE(matches(u"feedback.user_rating == \"negative\" AND feedback.correctness < 0.5"_s))
        << "two feedback.<key> in one AND are two different rows";
    EXPECT_TRUE(matches(u"has_feedback_key(\"correctness\")"_s));
    EXPECT_FALSE(matches(u"has_feedback_key(\"overall_quality\")"_s));
}

TEST_F(FilterEval, FeedbackKeyAndScoreMustMatchTheSameRow)
{
    fb = {feedback(u"user_score"_s, 0.9), feedback(u"other"_s, 0.1)};
    EXPECT_FALSE(matches(u"and(eq(feedback_key, \"user_score\"), lt(feedback_score, 0.5))"_s));
    EXPECT_TRUE(matches(u"and(eq(feedback_key, \"user_score\"), gt(feedback_score, 0.5))"_s));
    EXPECT_TRUE(matches(u"and(eq(feedback_key, \"other\"), lt(feedback_score, 0.5))"_s));
    EXPECT_TRUE(matches(u"lt(feedback_score, 0.5)"_s)) << "alone, any row";
    EXPECT_TRUE(matches(u"and(in(feedback_key, [\"a\", \"user_score\"]), neq(feedback_score, 0.1))"_s));
    EXPECT_FALSE(matches(u"and(eq(feedback_key, \"other\"), neq(feedback_score, 0.1))"_s));
    EXPECT_TRUE(matches(u"neq(feedback_key, \"thumbs\")"_s)) << "no row with that key";
    EXPECT_FALSE(matches(u"neq(feedback_key, \"other\")"_s));
    fb = {feedback(u"Correctness"_s, 0.0)};
    EXPECT_TRUE(matches(
        u"and(gt(start_time, \"2023-07-15T12:34:56Z\"), or(neq(error, null), and(eq(feedback_key, \"Correctness\"), eq(feedback_score, 0.0))))"_s));
}

TEST_F(FilterEval, MetadataKeyAndValueMustMatchTheSameEntry)
{
    EXPECT_TRUE(matches(u"and(eq(metadata_key, 'user_id'), eq(metadata_value, 'u-17'))"_s));
    EXPECT_FALSE(matches(u"and(eq(metadata_key, 'user_id'), eq(metadata_value, 'conv-9'))"_s));
    EXPECT_TRUE(matches(u"neq(metadata_key, 'conversation_id')"_s));
    EXPECT_FALSE(matches(u"neq(metadata_key, 'session_id')"_s));
    EXPECT_TRUE(matches(u"in(metadata_key, [\"conversation_id\", \"session_id\", \"thread_id\"])"_s));
    EXPECT_TRUE(matches(u"and(eq(input_key, \"question\"), search(name, \"retrieval\"))"_s));
    EXPECT_TRUE(matches(u"and(eq(output_key, \"confidence\"), lt(output_value, 0.5))"_s));
    EXPECT_FALSE(matches(u"and(eq(output_key, \"answer\"), lt(output_value, 0.5))"_s));
}

TEST_F(FilterEval, LatencyInSecondsMillisecondsAndDurations)
{
    EXPECT_TRUE(matches(u"latency_ms > 10000"_s));
    EXPECT_FALSE(matches(u"latency_ms > 12500"_s));
    EXPECT_TRUE(matches(u"gt(latency, \"5s\")"_s));
    EXPECT_TRUE(matches(u"gt(latency, 12)"_s));
    EXPECT_FALSE(matches(u"gt(latency, \"1m\")"_s));
    EXPECT_TRUE(matches(u"lt(latency, \"12600ms\")"_s));
    EXPECT_TRUE(matches(u"latency_ms < 13s"_s));
    run.endTime.reset();
    EXPECT_FALSE(matches(u"latency_ms > 0"_s)) << "a pending run has no latency";
    EXPECT_TRUE(matches(u"eq(status, \"pending\")"_s));
}

TEST_F(FilterEval, TagsErrorsStatusAndRoots)
{
    EXPECT_TRUE(matches(u"has(tags, \"beta\")"_s));
    EXPECT_TRUE(matches(u"eq(tags, \"production\")"_s));
    EXPECT_FALSE(matches(u"has(tags, \"bet\")"_s));
    EXPECT_TRUE(matches(u"neq(tags, \"mobile\")"_s));
    EXPECT_TRUE(matches(u"in(tags, [\"mobile\", \"beta\"])"_s));
    EXPECT_TRUE(matches(u"search(tags, \"BET\")"_s));
    EXPECT_TRUE(matches(u"eq(error, null)"_s));
    EXPECT_FALSE(matches(u"neq(error, null)"_s));
    EXPECT_TRUE(matches(u"eq(status, \"success\")"_s));
    run.error = u"TimeoutError"_s;
    EXPECT_TRUE(matches(u"neq(error, null)"_s));
    EXPECT_TRUE(matches(u"eq(status, \"error\")"_s));
    EXPECT_TRUE(matches(u"eq(is_root, true)"_s));
    run.parentRunId = Uuid::v7();
    EXPECT_FALSE(matches(u"is_root == true"_s));
}

TEST_F(FilterEval, IdsCompareAsUuids)
{
    EXPECT_TRUE(matches(u"eq(id, \"01A22B51-8FBB-7000-8000-0010EAE8C568\")"_s));
    EXPECT_TRUE(matches(u"eq(trace_id, \"01a22b51-8fbb-7000-8000-0010eae8c568\")"_s));
    EXPECT_TRUE(matches(
        u"in(id, [\"00000000-0000-0000-0000-000000000001\", \"01a22b51-8fbb-7000-8000-0010eae8c568\"])"_s));
    EXPECT_TRUE(matches(u"eq(parent_run_id, null)"_s));
    EXPECT_FALSE(matches(u"neq(id, \"01a22b51-8fbb-7000-8000-0010eae8c568\")"_s));
}

TEST_F(FilterEval, TimesTokensAndThreads)
{
    EXPECT_TRUE(matches(u"gt(start_time, \"2026-11-30T06:59:59Z\")"_s));
    EXPECT_TRUE(matches(u"gte(start_time, \"2026-11-30T09:00:00+02:00\")"_s));
    EXPECT_FALSE(matches(u"gt(start_time, \"2026-11-30T07:00:00\")"_s));
    EXPECT_TRUE(matches(u"lt(end_time, 1796022959343)"_s)) << "epoch milliseconds: 07:15:59Z";
    EXPECT_FALSE(matches(u"lt(end_time, 1796022000000)"_s));
    EXPECT_TRUE(matches(u"total_tokens > 1000"_s));
    EXPECT_TRUE(matches(u"eq(prompt_tokens, 900)"_s));
    EXPECT_TRUE(matches(u"eq(thread_id, \"conv-9\")"_s));
}

TEST_F(FilterEval, SearchIsCaseInsensitiveAcrossTheRun)
{
    EXPECT_TRUE(matches(u"search(\"ROTATE my api\")"_s));
    EXPECT_TRUE(matches(u"search(\"settings > security\")"_s));
    EXPECT_TRUE(matches(u"search(\"enterprise\")"_s)) << "metadata strings are searched";
    EXPECT_FALSE(matches(u"search(\"refund\")"_s));
    EXPECT_TRUE(matches(u"search(name, \"retrieval\")"_s));
    EXPECT_TRUE(matches(u"search(outputs.answer, \"SECURITY\")"_s));
}

TEST_F(FilterEval, JsonSubsetAndKeyExistence)
{
    EXPECT_TRUE(matches(u"has(metadata, '{\"user_id\": \"u-17\"}')"_s));
    EXPECT_TRUE(matches(u"has(metadata, '{\"plan\": {\"tier\": \"enterprise\"}}')"_s));
    EXPECT_FALSE(matches(u"has(metadata, '{\"user_id\": \"u-18\"}')"_s));
    EXPECT_TRUE(matches(u"exists(metadata, \"plan\")"_s));
    EXPECT_TRUE(matches(u"not(exists(metadata, \"absent\"))"_s));
}

TEST_F(FilterEval, TheSeedsUnionOfTwoRules)
{
    const QString rule = u"metadata.eval_score < 0.5 OR feedback.user_rating == \"negative\""_s;
    EXPECT_TRUE(matches(rule));
    run.extra = QJsonObject{{"metadata"_L1, QJsonObject{{"eval_score"_L1, 0.9}}}};
    EXPECT_FALSE(matches(rule));
    fb = {feedback(u"user_rating"_s, QJsonValue::Null, u"negative"_s)};
    EXPECT_TRUE(matches(rule)) << "the thumbs-down arrives later and the run now matches";
}

TEST(FilterFlags, TellWhetherFeedbackOrSamplingIsUsed)
{
    EXPECT_TRUE(CompiledFilter::compile(u"feedback.user_rating == \"negative\""_s)->readsFeedback());
    EXPECT_TRUE(
        CompiledFilter::compile(u"and(eq(feedback_key, \"a\"), gt(feedback_score, 1))"_s)->readsFeedback());
    EXPECT_TRUE(CompiledFilter::compile(u"has_feedback_key(\"a\")"_s)->readsFeedback());
    EXPECT_FALSE(CompiledFilter::compile(u"metadata.eval_score < 0.5"_s)->readsFeedback());
    EXPECT_TRUE(CompiledFilter::compile(u"random_sample == 0.05"_s)->usesSampling());
    EXPECT_FALSE(CompiledFilter::compile(u"latency_ms > 5"_s)->usesSampling());
}

TEST(FilterCorpus, EvaluationIsStableAndSelective)
{
    const auto corpus = test::makeRagCorpus(2000, 7);
    auto lowScore = CompiledFilter::compile(u"metadata.eval_score < 0.5"_s);
    auto negative = CompiledFilter::compile(u"feedback.user_rating == \"negative\""_s);
    auto either =
        CompiledFilter::compile(u"metadata.eval_score < 0.5 OR feedback.user_rating == \"negative\""_s);
    int low = 0, neg = 0, union_ = 0;
    for (const auto &s : corpus) {
        const RunView view(s.run, s.feedback);
        const bool a = lowScore->matches(view), b = negative->matches(view), c = either->matches(view);
        EXPECT_EQ(c, a || b);
        EXPECT_EQ(a, lowScore->matches(view)) << "evaluation has no hidden state";
        low += a;
        neg += b;
        union_ += c;
    }
    // eval_score is uniform in [0,1): about half the runs; roughly a sixth get a thumbs-down.
    EXPECT_NEAR(low, 1000, 120);
    EXPECT_GT(neg, 150);
    EXPECT_LT(neg, 500);
    EXPECT_GT(union_, low);
}

TEST(FoldCase, AgreesWithQtOnEveryBmpCharacterAndSurrogatePairs)
{
    QString all;
    for (char32_t c = 0; c <= 0xffff; ++c)
        if (!QChar::isSurrogate(c))
            all.append(QChar(static_cast<char16_t>(c)));
    all += QString::fromUcs4(U"\U00010400\U0001E900 Stra\u00DFe \u0130stanbul");
    all += QChar(0xd801); // a lone high surrogate stays as it is
    EXPECT_EQ(foldCase(all), all.toCaseFolded());
}

TEST_F(FilterEval, ASinglePairPredicateInsideAndMeansWhatItMeansAlone)
{
    fb = {feedback(u"a"_s, 0.1), feedback(u"b"_s, 0.9)};
    // Alone, neq(feedback_score, 0.1) is not(some row has score 0.1): false here.
    EXPECT_FALSE(matches(u"neq(feedback_score, 0.1)"_s));
    EXPECT_FALSE(matches(u"and(neq(feedback_score, 0.1), eq(name, \"RetrievalQA\"))"_s));
    // In a real group it is about the same row: row b has key b and a score other than 0.1.
    EXPECT_TRUE(matches(u"and(eq(feedback_key, \"b\"), neq(feedback_score, 0.1))"_s));
}
