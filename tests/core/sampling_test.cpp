#include "core/filter/compiledfilter.h"
#include "core/sampling.h"

#include <printers.h>

#include <QRandomGenerator>

#include <gtest/gtest.h>

using namespace assay;
using namespace Qt::StringLiterals;

namespace {

QList<Uuid> runIds(int count, quint32 seed)
{
    // UUID v7-shaped ids whose first 48 bits are a slowly increasing timestamp, like real traffic.
    QRandomGenerator rng(seed);
    QList<Uuid> ids;
    qint64 ms = 1796022959343;
    for (int i = 0; i < count; ++i) {
        ms += rng.bounded(3);
        QByteArray b(16, Qt::Uninitialized);
        for (int k = 0; k < 6; ++k)
            b[k] = static_cast<char>(ms >> (8 * (5 - k)));
        for (int k = 6; k < 16; ++k)
            b[k] = static_cast<char>(rng.bounded(256));
        b[6] = static_cast<char>((b[6] & 0x0f) | 0x70);
        b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
        ids.append(Uuid(QUuid::fromRfc4122(b)));
    }
    return ids;
}

} // namespace

TEST(Sampling, ObservedRateOver100kRunsIsWithinOnePercentOfTheTarget)
{
    const QList<Uuid> ids = runIds(100000, 3);
    const Uuid rule = *Uuid::parse(u"5f0c8a1e-6d1b-4c55-9a57-2f7d8f1d9e01"_s);
    for (double rate : {0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 0.9}) {
        int in = 0;
        for (const Uuid &id : ids)
            in += inSample(rate, rule, id, SampleStream::RuleSamplingRate);
        const double observed = in / 100000.0;
        EXPECT_NEAR(observed, rate, 0.01) << "rate " << rate;
        // And relative to the rate itself, within 1% plus four standard deviations of a binomial.
        EXPECT_NEAR(observed, rate, 0.01 * rate + 4 * std::sqrt(rate * (1 - rate) / 100000.0))
            << "rate " << rate;
    }
    int none = 0, all = 0;
    for (const Uuid &id : ids) {
        none += inSample(0.0, rule, id, SampleStream::RuleSamplingRate);
        all += inSample(1.0, rule, id, SampleStream::RuleSamplingRate);
    }
    EXPECT_EQ(none, 0);
    EXPECT_EQ(all, 100000);
}

TEST(Sampling, IsDeterministicPerRuleAndIndependentAcrossRulesAndStreams)
{
    const QList<Uuid> ids = runIds(50000, 11);
    const Uuid ruleA = Uuid::v5(Uuid(), "rule-a"), ruleB = Uuid::v5(Uuid(), "rule-b");
    int a = 0, both = 0, streams = 0;
    for (const Uuid &id : ids) {
        const bool inA = inSample(0.2, ruleA, id, SampleStream::RuleSamplingRate);
        EXPECT_EQ(inA, inSample(0.2, ruleA, id, SampleStream::RuleSamplingRate));
        EXPECT_EQ(sampleUnit(ruleA, id, SampleStream::RuleSamplingRate),
                  sampleUnit(ruleA, id, SampleStream::RuleSamplingRate));
        a += inA;
        both += inA && inSample(0.2, ruleB, id, SampleStream::RuleSamplingRate);
        streams += inA && inSample(0.2, ruleA, id, SampleStream::FilterRandomSample);
    }
    // Independent samples of 20% overlap on about 4% of runs, not 20%.
    EXPECT_NEAR(both / 50000.0, 0.04, 0.006);
    EXPECT_NEAR(streams / 50000.0, 0.04, 0.006);
    EXPECT_NEAR(a / 50000.0, 0.2, 0.01);
}

TEST(Sampling, TheRandomSampleFilterUsesTheRuleAsSalt)
{
    auto filter = filter::CompiledFilter::compile(u"random_sample == 0.05"_s);
    ASSERT_TRUE(filter.ok());
    const filter::EvalContext ctx{Uuid::v5(Uuid(), "rule")};
    int in = 0;
    assay::Run run;
    for (const Uuid &id : runIds(100000, 5)) {
        run.id = id;
        const filter::RunView view(run);
        const bool first = filter->matches(view, ctx);
        EXPECT_EQ(first, filter->matches(view, ctx)) << "a replay routes the same runs";
        in += first;
    }
    EXPECT_NEAR(in / 100000.0, 0.05, 0.01 * 0.05 + 4 * std::sqrt(0.05 * 0.95 / 100000.0));
}
