// The database fault sweep: for every N, the Nth local database operation of a sync fails (a full disk,
// an I/O error); the next sync converges to the same state as if nothing had happened.

#include "store/faultplan.h"
#include "syncfixture.h"

#include <printers.h>

#include <iostream>

using namespace assay;
using namespace assay::client;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class DatabaseFaults : public SyncFixture {};

} // namespace

TEST_P(DatabaseFaults, AFailedOperationAtAnyPointOfASyncConvergesOnTheNext)
{
    auto alice = device(reviewerKey(u"alice"_s));
    ASSERT_TRUE(alice->sync());
    FaultPlan faults;
    alice->store->setFaultPlan(&faults);
    const Uuid queueId = *Uuid::parse(queue);
    int answered = 0, failedCycles = 0, fired = 0, rubricVersion = 1;
    QObject::connect(alice->engine.get(), &SyncEngine::cycleFinished, [&](bool ok) { failedCycles += !ok; });
    qint64 n = 1;
    for (;; ++n) {
        // Work for this sync: two new answers, and a change on the server.
        const QList<CachedItem> items = alice->items(queue);
        ASSERT_FALSE(items.isEmpty());
        for (int i = 0; i < 2; ++i)
            alice->answer(queue, items[(answered++) % items.size()].runId.toString(), good());
        if (n % 3 == 0) {
            const QJsonObject rubric{
                {"fields"_L1, QJsonArray{QJsonObject{{"name"_L1, u"overall_quality"_s},
                                                     {"type"_L1, u"categorical"_s},
                                                     {"options"_L1, QJsonArray{u"good"_s, u"bad"_s}},
                                                     {"description"_L1, u"v%1"_s.arg(n)}}}}};
            ASSERT_EQ(
                srv().patch(u"/annotation-queues/"_s + queue, QJsonObject{{"rubric"_L1, rubric}}).status,
                200);
            ++rubricVersion;
        }
        faults = FaultPlan();
        faults.failAt(n);
        alice->sync();
        const bool firedNow = faults.fired();
        fired += firedNow;
        faults.failAt(0);
        ASSERT_TRUE(alice->sync()) << "the sync after a fault at operation " << n;
        // Converged: nothing waits, the server has every answer once, and the cache agrees with it.
        EXPECT_EQ(*alice->store->work().count(AnswerState::Unsent), 0) << "fault at " << n;
        EXPECT_EQ(alice->store->cache().queue(queueId)->value().rubric.version, rubricVersion)
            << "fault at " << n;
        if (!firedNow)
            break; // the sync had fewer operations than n: every point has been tried
    }
    const QHash<QString, int> applied = appliedOnServer();
    auto all = alice->store->work().allAnswers();
    int lost = 0, duplicated = 0;
    for (const LocalAnswer &a : *all) {
        lost += applied.value(a.annotation.id.toString()) == 0;
        duplicated += applied.value(a.annotation.id.toString()) > 1;
    }
    std::cout << "[ db fault ] a fault at each of operations 1.." << n - 1 << " of a sync; " << fired
              << " faults made " << failedCycles << " sync cycles fail; " << all->size() << " answers, "
              << lost << " lost, " << duplicated << " duplicated\n";
    EXPECT_GT(n, 15) << "a sync does more than a few database operations";
    // Every fault failed its cycle but one: recording "last synced at" is not worth failing a sync over.
    EXPECT_EQ(failedCycles, fired - 1) << "and nothing else failed";
    EXPECT_EQ(lost, 0);
    EXPECT_EQ(duplicated, 0);
    EXPECT_EQ(all->size(), answered);
}

ASSAY_SERVER_TEST_SUITE(DatabaseFaults);
