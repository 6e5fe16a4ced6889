// How long 50 compiled routing rules take on one run: the cost the server pays for every run that
// completes (and again when feedback arrives). Target: <= 10 us per run for all 50 rules.

#include "core/filter/compiledfilter.h"

#include <samplecorpus.h>

#include <QJsonDocument>

#include <benchmark/benchmark.h>

using namespace assay;
using namespace assay::filter;
using namespace Qt::StringLiterals;

namespace {

QStringList fiftyRules()
{
    QStringList rules;
    const QStringList models = {u"gpt-4o-mini"_s, u"claude-3-5-haiku"_s, u"llama-3.1-70b"_s};
    // equality (8)
    rules << u"eq(run_type, \"chain\")"_s << u"eq(name, \"RetrievalQA\")"_s << u"eq(status, \"error\")"_s
          << u"metadata.customer_tier == \"enterprise\""_s << u"eq(is_root, true)"_s;
    for (const QString &m : models)
        rules << u"metadata.model == \"%1\""_s.arg(m);
    // ranges (12)
    for (double s : {0.2, 0.35, 0.5})
        rules << u"metadata.eval_score < %1"_s.arg(s);
    rules << u"latency_ms > 10000"_s << u"gt(latency, \"5s\")"_s << u"lt(latency, 0.5)"_s
          << u"total_tokens > 1500"_s << u"prompt_tokens >= 1200 AND completion_tokens < 100"_s
          << u"outputs.confidence < 0.6"_s << u"gt(start_time, \"2026-11-30T08:00:00Z\")"_s
          << u"and(gte(start_time, \"2026-11-30T07:00:00Z\"), lt(end_time, \"2026-11-30T09:00:00Z\"))"_s
          << u"metadata.eval_score >= 0.9"_s;
    // tags (5)
    rules << u"has(tags, \"beta\")"_s << u"in(tags, [\"mobile\", \"eu-west\"])"_s
          << u"neq(tags, \"production\")"_s << u"has(tags, \"rag-v2\") AND NOT has(tags, \"beta\")"_s
          << u"eq(tags, \"nightly\")"_s;
    // metadata pairs and subsets (6)
    for (int u : {42, 7, 311})
        rules << u"and(eq(metadata_key, \"user_id\"), eq(metadata_value, \"user-%1\"))"_s.arg(u);
    rules << u"neq(metadata_key, \"conversation_id\")"_s
          << u"has(metadata, '{\"customer_tier\": \"enterprise\"}')"_s
          << u"in(metadata_key, [\"thread_id\", \"session_id\"])"_s;
    // feedback pairs (8)
    for (double s : {0.1, 0.3, 0.5})
        rules << u"and(eq(feedback_key, \"correctness\"), lt(feedback_score, %1))"_s.arg(s);
    rules << u"feedback.user_rating == \"negative\""_s << u"has_feedback_key(\"overall_quality\")"_s
          << u"and(eq(feedback_key, \"user_rating\"), eq(feedback_value, \"positive\"))"_s
          << u"neq(feedback_key, \"user_rating\")"_s << u"feedback.correctness >= 0.8"_s;
    // full-text and field search (5)
    rules << u"search(\"timeout\")"_s << u"search(\"refund\")"_s << u"search(\"single sign-on\")"_s
          << u"search(outputs.answer, \"invoice\")"_s << u"search(name, \"retrieval\")"_s;
    // nested and/or, the seed's patterns, sampling (6)
    rules
        << u"metadata.eval_score < 0.5 OR feedback.user_rating == \"negative\""_s
        << u"and(eq(run_type, \"chain\"), or(neq(error, null), and(eq(feedback_key, \"correctness\"), eq(feedback_score, 0))))"_s
        << u"(latency_ms > 8000 AND metadata.customer_tier == \"enterprise\") OR eq(status, \"error\")"_s
        << u"or(and(has(tags, \"beta\"), lt(metadata.eval_score, 0.4)), and(has(tags, \"mobile\"), gt(latency, 10)))"_s
        << u"random_sample == 0.05"_s
        << u"NOT (metadata.model == \"gpt-4o-mini\") AND total_tokens > 1000 AND metadata.eval_score < 0.6"_s;
    return rules;
}

struct Fixture {
    QList<CompiledFilter> filters;
    QList<test::SampleRun> corpus;
    double averageBytes = 0;

    Fixture()
    {
        for (const QString &text : fiftyRules()) {
            auto f = CompiledFilter::compile(text);
            if (!f)
                qFatal("rule does not compile: %s: %s", qPrintable(text), qPrintable(f.error().toString()));
            filters.append(*f);
        }
        if (filters.size() != 50)
            qFatal("expected 50 rules, have %d", int(filters.size()));
        corpus = test::makeRagCorpus(1000, 2026);
        qint64 bytes = 0;
        for (const auto &s : corpus)
            bytes += QJsonDocument(runToJson(s.run)).toJson(QJsonDocument::Compact).size();
        averageBytes = double(bytes) / corpus.size();
    }
};

const Fixture &fixture()
{
    static const Fixture f;
    return f;
}

void BM_FiftyRulesPerRun(benchmark::State &state)
{
    const Fixture &f = fixture();
    const EvalContext ctx{Uuid::v5(Uuid(), "bench-rule")};
    qsizetype i = 0;
    int matched = 0;
    for (auto _ : state) {
        const auto &s = f.corpus[i++ % f.corpus.size()];
        const RunView view(s.run, s.feedback); // built per run, as the server does
        for (const CompiledFilter &filter : f.filters)
            matched += filter.matches(view, ctx);
        benchmark::DoNotOptimize(matched);
    }
    state.counters["run_json_bytes"] = f.averageBytes;
    state.counters["matches_per_run"] = benchmark::Counter(matched, benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_FiftyRulesPerRun)->Unit(benchmark::kMicrosecond);

// One rule at a time (the argument is its index in fiftyRules()), to see where the time goes.
void BM_OneRule(benchmark::State &state)
{
    const Fixture &f = fixture();
    const CompiledFilter &filter = f.filters[state.range(0)];
    const EvalContext ctx{Uuid::v5(Uuid(), "bench-rule")};
    qsizetype i = 0;
    int matched = 0;
    for (auto _ : state) {
        const auto &s = f.corpus[i++ % f.corpus.size()];
        const RunView view(s.run, s.feedback);
        matched += filter.matches(view, ctx);
        benchmark::DoNotOptimize(matched);
    }
    state.SetLabel(filter.text().toStdString());
}
BENCHMARK(BM_OneRule)->DenseRange(0, 49)->Unit(benchmark::kNanosecond);

void BM_CompileOneRule(benchmark::State &state)
{
    const QStringList rules = fiftyRules();
    qsizetype i = 0;
    for (auto _ : state) {
        auto f = CompiledFilter::compile(rules[i++ % rules.size()]);
        benchmark::DoNotOptimize(f);
    }
}
BENCHMARK(BM_CompileOneRule)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
