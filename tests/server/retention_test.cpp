// Run retention (--retain-runs-days) against a real server on SQLite and PostgreSQL: traces whose runs
// all expired go whole, with their side-index rows and an audit entry; a trace is kept whole when one
// of its runs is queued, has feedback, is the source of a dataset example (also one made before the
// schema knew that column), is newer than the cutoff or has no start time yet.

#include "serverharness.h"

#include <printers.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

const QString kOld = u"2020-01-01T00:00:00Z"_s;

class Retention : public ::testing::TestWithParam<server::Dialect> {
protected:
    void SetUp() override
    {
        harness = std::make_unique<ServerHarness>(GetParam(), server::RateLimits{}, server::HttpLimits{},
                                                  [this](server::ServerOptions &o) {
                                                      if (retentionOn)
                                                          o.retention = {30, 200};
                                                  });
        if (!harness->started())
            GTEST_SKIP() << harness->skipReason().toStdString();
    }

    ServerHarness &srv() { return *harness; }

    // A trace of a root and `children` child runs; `childStart` is the children's start time (empty:
    // none, a patch that came before its post). Returns the run ids, root first.
    QStringList postTrace(const QString &start, int children, const QString &childStart)
    {
        const QString root = Uuid::v7().toString();
        QStringList ids{root};
        QJsonArray post{QJsonObject{{"id"_L1, root},
                                    {"trace_id"_L1, root},
                                    {"name"_L1, u"root"_s},
                                    {"run_type"_L1, u"chain"_s},
                                    {"session_name"_L1, u"kept-or-not"_s},
                                    {"start_time"_L1, start},
                                    {"tags"_L1, QJsonArray{u"t"_s}}}};
        for (int i = 0; i < children; ++i) {
            ids.append(Uuid::v7().toString());
            QJsonObject child{{"id"_L1, ids.last()},      {"trace_id"_L1, root},
                              {"parent_run_id"_L1, root}, {"name"_L1, u"child"_s},
                              {"run_type"_L1, u"llm"_s},  {"session_name"_L1, u"kept-or-not"_s}};
            if (!childStart.isEmpty())
                child.insert("start_time"_L1, childStart);
            post.append(child);
        }
        EXPECT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"post"_L1, post}}).status, 202);
        return ids;
    }

    qint64 runsLeftOf(const QStringList &ids)
    {
        return srv()
            .scalar(u"SELECT COUNT(*) FROM runs WHERE id IN ('%1')"_s.arg(ids.join(u"', '"_s)))
            .toLongLong();
    }

    bool retentionOn = false;
    std::unique_ptr<ServerHarness> harness;
};

} // namespace

TEST_P(Retention, ExpiredTracesGoWholeAndWhatTheReviewProgramNeedsStays)
{
    // Old traces nobody needs: more than one full step of runs (at most 1,000 per step).
    QStringList expired;
    for (int i = 0; i < 420; ++i)
        expired += postTrace(kOld, 2, kOld);
    const QStringList queued = postTrace(kOld, 1, kOld);
    const QStringList withFeedback = postTrace(kOld, 1, kOld);
    const QStringList exampleSource = postTrace(kOld, 0, {});
    const QStringList newerChild = postTrace(kOld, 1, Timestamp::now().toIso());
    const QStringList childWithoutStart = postTrace(kOld, 1, {});
    const QStringList recent = postTrace(Timestamp::now().toIso(), 2, Timestamp::now().toIso());

    const QString queueId = Uuid::v7().toString();
    ASSERT_EQ(
        srv().post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"keep"_s}, {"id"_L1, queueId}}).status,
        200);
    ASSERT_EQ(srv().post(u"/annotation-queues/"_s + queueId + u"/runs"_s, QJsonArray{queued.first()}).status,
              200);
    ASSERT_EQ(srv()
                  .post(u"/feedback"_s,
                        QJsonObject{{"run_id"_L1, withFeedback.last()}, {"key"_L1, u"k"_s}, {"score"_L1, 1}})
                  .status,
              200);
    const HttpResult dataset = srv().post(u"/datasets"_s, QJsonObject{{"name"_L1, u"keep-examples"_s}});
    ASSERT_EQ(dataset.status, 200);
    ASSERT_EQ(srv()
                  .post(u"/datasets/"_s + dataset.object().value("id"_L1).toString() + u"/runs"_s,
                        QJsonObject{{"run_ids"_L1, QJsonArray{exampleSource.first()}}})
                  .status,
              200);
    // The example was made before schema 16: migration 16 finds its run in the stored document.
    for (const QString &sql : undoMigrationsFrom16())
        ASSERT_TRUE(srv().execSql(sql)) << sql.toStdString();

    retentionOn = true;
    ASSERT_TRUE(srv().restart([](const server::DatabaseUrl &) {}));
    const qint64 total = 420 * 3 + 2 + 2 + 1 + 2 + 2 + 3;
    bool done = false;
    for (int i = 0; i < 300 && !done; ++i) {
        done = srv().scalar(u"SELECT COUNT(*) FROM runs"_s).toLongLong() == total - 420 * 3;
        if (!done)
            QThread::msleep(100);
    }
    ASSERT_TRUE(done) << srv().scalar(u"SELECT COUNT(*) FROM runs"_s).toLongLong() << " runs left of "
                      << total;
    EXPECT_EQ(runsLeftOf(expired), 0);
    for (const QStringList &kept :
         {queued, withFeedback, exampleSource, newerChild, childWithoutStart, recent})
        EXPECT_EQ(runsLeftOf(kept), kept.size()) << "trace " << kept.first().toStdString();
    EXPECT_EQ(
        srv()
            .scalar(u"SELECT COUNT(*) FROM run_facets WHERE run_id IN ('%1')"_s.arg(expired.join(u"', '"_s)))
            .toLongLong(),
        0);
    EXPECT_EQ(srv()
                  .scalar(u"SELECT COUNT(*) FROM unindexed_runs WHERE run_id IN ('%1')"_s.arg(
                      expired.join(u"', '"_s)))
                  .toLongLong(),
              0);
    // Each step that deleted is one audit entry, by the system, saying how much and why.
    qint64 audited = 0;
    for (const QJsonValue &e : srv().auditEntries(u"delete"_s)) {
        const QJsonObject entry = e.toObject();
        if (entry.value("entity"_L1).toString() != u"runs")
            continue;
        EXPECT_EQ(entry.value("actor"_L1).toString(), u"system:retention"_s);
        EXPECT_EQ(entry.value("after"_L1).toObject().value("retain_runs_days"_L1).toInt(), 30);
        audited += entry.value("after"_L1).toObject().value("runs"_L1).toInteger();
    }
    EXPECT_EQ(audited, 420 * 3);
    // The kept runs still answer, and the queue still shows its item.
    EXPECT_EQ(srv().get(u"/runs/"_s + withFeedback.first()).status, 200);
    EXPECT_EQ(srv().get(u"/annotation-queues/"_s + queueId + u"/runs"_s).array().size(), 1);

    // Taken out of the queue, the trace goes at the next pass.
    ASSERT_EQ(srv().del(u"/annotation-queues/"_s + queueId + u"/runs/"_s + queued.first()).status, 204);
    done = false;
    for (int i = 0; i < 100 && !done; ++i) {
        done = runsLeftOf(queued) == 0;
        if (!done)
            QThread::msleep(100);
    }
    EXPECT_TRUE(done) << "a trace no longer queued expires";
}

INSTANTIATE_TEST_SUITE_P(Db, Retention, ::testing::Values(server::Dialect::Sqlite, server::Dialect::Postgres),
                         dialectName);

// A step walks fewer runs when steps run over budget, so a reviewer never waits long behind one, and
// more again when they are quick, within bounds.
TEST(RetentionSteps, ShrinkOverBudgetAndGrowWellUnderItWithinBounds)
{
    using server::RunRetention;
    const qint64 budget = RunRetention::kStepBudgetMs;
    EXPECT_EQ(RunRetention::nextStepSize(400, budget + 1), 200);
    EXPECT_EQ(RunRetention::nextStepSize(RunRetention::kMinRunsPerStep, 10 * budget),
              RunRetention::kMinRunsPerStep);
    EXPECT_EQ(RunRetention::nextStepSize(400, budget / 4 - 1), 800);
    EXPECT_EQ(RunRetention::nextStepSize(RunRetention::kMaxRunsPerStep, 0), RunRetention::kMaxRunsPerStep);
    EXPECT_EQ(RunRetention::nextStepSize(400, budget / 2), 400) << "inside the budget: unchanged";
}
