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

struct Fixture {
    QList<CompiledFilter> filters;
    QList<test::SampleRun> corpus;
    double averageBytes = 0;

    Fixture()
    {
        for (const QString &text : test::benchmarkRules()) {
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

// One rule at a time (the argument is its index in test::benchmarkRules()), to see where the time goes.
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
    const QStringList rules = test::benchmarkRules();
    qsizetype i = 0;
    for (auto _ : state) {
        auto f = CompiledFilter::compile(rules[i++ % rules.size()]);
        benchmark::DoNotOptimize(f);
    }
}
BENCHMARK(BM_CompileOneRule)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
