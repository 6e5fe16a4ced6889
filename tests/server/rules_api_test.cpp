// Routing rules over HTTP, on SQLite and PostgreSQL: the seed's four example rules, the union of two
// rules into one queue, feedback arriving later, counters, dry runs and backfills.

#include "serverharness.h"

#include "core/sampling.h"

#include <printers.h>

#include <QThread>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class RulesApi : public ServerTest {
protected:
    QString createQueue(const QString &name)
    {
        const HttpResult r = srv().post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, name}});
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.object().value("id"_L1).toString();
    }

    QString createRule(const QString &name, const QString &queue, const QString &filter, double rate = 1.0)
    {
        const HttpResult r = srv().post(u"/routing-rules"_s, QJsonObject{{"name"_L1, name},
                                                                         {"queue_id"_L1, queue},
                                                                         {"filter"_L1, filter},
                                                                         {"sampling_rate"_L1, rate}});
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.object().value("id"_L1).toString();
    }

    // A completed run (or a pending one when latencyMs < 0) with the given eval score.
    QString ingest(double evalScore, int latencyMs = 800, const QString &id = Uuid::v7().toString())
    {
        QJsonObject run{
            {"id"_L1, id},
            {"name"_L1, u"rag_chain"_s},
            {"run_type"_L1, u"chain"_s},
            {"session_name"_L1, u"production-rag"_s},
            {"start_time"_L1, u"2026-11-30T08:00:00Z"_s},
            {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"eval_score"_L1, evalScore}}}}}};
        if (latencyMs >= 0)
            run.insert("end_time"_L1,
                       Timestamp::fromMicros(Timestamp::parseIso(u"2026-11-30T08:00:00Z"_s)->micros() +
                                             latencyMs * 1000LL)
                           .toIso());
        EXPECT_EQ(srv().post(u"/runs"_s, run).status, 202);
        return id;
    }

    QStringList queued(const QString &queue)
    {
        QStringList ids;
        for (const QJsonValue &v :
             srv().get(u"/annotation-queues/"_s + queue + u"/runs?limit=1000"_s).array())
            ids.append(v.toObject().value("id"_L1).toString());
        ids.sort();
        return ids;
    }

    QJsonObject stats(const QString &rule)
    {
        return srv().get(u"/routing-rules/"_s + rule).object().value("stats"_L1).toObject();
    }

    void thumbsDown(const QString &runId)
    {
        ASSERT_EQ(srv()
                      .post(u"/feedback"_s, QJsonObject{{"run_id"_L1, runId},
                                                        {"key"_L1, u"user_rating"_s},
                                                        {"value"_L1, u"negative"_s}})
                      .status,
                  200);
    }
};

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

} // namespace

TEST_P(RulesApi, TheSeedsRulesAndTheirUnion)
{
    const QString review = createQueue(u"production-rag-review"_s);
    const QString slowQueue = createQueue(u"slow-runs"_s);
    const QString lowRule = createRule(u"low eval score"_s, review, u"metadata.eval_score < 0.5"_s);
    const QString thumbsRule =
        createRule(u"negative user signal"_s, review, u"feedback.user_rating == \"negative\""_s);
    createRule(u"slow"_s, slowQueue, u"latency_ms > 10000"_s);

    const QString low = ingest(0.2);
    const QString fine = ingest(0.9);
    const QString slow = ingest(0.8, 12000);
    const QString pending = ingest(0.1, -1);
    EXPECT_EQ(queued(review), QStringList{low});
    EXPECT_EQ(queued(slowQueue), QStringList{slow});

    // The thumbs-down arrives later: the run now matches the union.
    thumbsDown(fine);
    EXPECT_EQ(queued(review), sorted({low, fine}));
    // A pending run is routed when it completes.
    ingest(0.1, 500, pending);
    EXPECT_EQ(queued(review), sorted({low, fine, pending}));
    // Matching both rules of the union still means one item.
    const QString both = ingest(0.3);
    thumbsDown(both);
    thumbsDown(both);
    EXPECT_EQ(queued(review), sorted({low, fine, pending, both}));

    // The reviewer sees why: the rule that added it.
    const QJsonArray items = srv().get(u"/annotation-queues/"_s + review + u"/runs"_s).array();
    for (const QJsonValue &v : items) {
        const QJsonObject item = v.toObject();
        const QString reason = item.value("reason"_L1).toString();
        if (item.value("id"_L1).toString() == fine)
            EXPECT_EQ(reason,
                      u"Routed by rule 'negative user signal': feedback.user_rating == \"negative\""_s);
        else
            EXPECT_EQ(reason, u"Routed by rule 'low eval score': metadata.eval_score < 0.5"_s);
    }

    // Counters: the low-score rule evaluated every completed run once per write, and added three.
    const QJsonObject lowStats = stats(lowRule);
    EXPECT_EQ(lowStats.value("added"_L1).toInt(), 3);
    EXPECT_GE(lowStats.value("evaluated"_L1).toInt(), 5);
    EXPECT_EQ(lowStats.value("matched"_L1).toInt(), lowStats.value("sampled_in"_L1).toInt());
    EXPECT_EQ(stats(thumbsRule).value("added"_L1).toInt(), 1);
}

TEST_P(RulesApi, RandomSampleRoutesExactlyTheDeterministicSample)
{
    const QString queue = createQueue(u"quality-sample"_s);
    const QString rule = createRule(u"5% sample"_s, queue, u"random_sample == 0.05"_s);
    QStringList runs;
    QJsonArray post;
    for (int i = 0; i < 400; ++i) {
        const QString id = Uuid::v7().toString();
        runs.append(id);
        post.append(QJsonObject{{"id"_L1, id},
                                {"name"_L1, u"r"_s},
                                {"start_time"_L1, u"2026-11-30T08:00:00Z"_s},
                                {"end_time"_L1, u"2026-11-30T08:00:01Z"_s}});
    }
    ASSERT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"post"_L1, post}}).status, 202);
    QStringList expected;
    for (const QString &id : runs)
        if (inSample(0.05, *Uuid::parse(rule), *Uuid::parse(id), SampleStream::FilterRandomSample))
            expected.append(id);
    expected.sort();
    EXPECT_EQ(queued(queue), expected);
    EXPECT_GT(expected.size(), 5);
    EXPECT_LT(expected.size(), 40);
}

TEST_P(RulesApi, SamplingRateDisableAndEnable)
{
    const QString queue = createQueue(u"q"_s);
    const QString rule = createRule(u"everything, half sampled"_s, queue, u"eq(run_type, \"chain\")"_s, 0.5);
    QStringList runs;
    for (int i = 0; i < 40; ++i)
        runs.append(ingest(0.5));
    const QJsonObject s = stats(rule);
    EXPECT_EQ(s.value("matched"_L1).toInt(), 40);
    EXPECT_EQ(s.value("added"_L1).toInt(), queued(queue).size());
    qsizetype expected = 0;
    for (const QString &id : runs)
        expected += inSample(0.5, *Uuid::parse(rule), *Uuid::parse(id), SampleStream::RuleSamplingRate);
    EXPECT_EQ(queued(queue).size(), expected);

    ASSERT_EQ(
        srv()
            .patch(u"/routing-rules/"_s + rule, QJsonObject{{"enabled"_L1, false}, {"sampling_rate"_L1, 1.0}})
            .status,
        200);
    const QString whileOff = ingest(0.5);
    EXPECT_FALSE(queued(queue).contains(whileOff));
    ASSERT_EQ(srv().patch(u"/routing-rules/"_s + rule, QJsonObject{{"enabled"_L1, true}}).status, 200);
    const QString afterOn = ingest(0.5);
    EXPECT_TRUE(queued(queue).contains(afterOn));
    EXPECT_EQ(srv().get(u"/routing-rules"_s).array().size(), 1);
}

TEST_P(RulesApi, BadRulesAreRefusedWithTheirPosition)
{
    const QString queue = createQueue(u"q"_s);
    const HttpResult bad = srv().post(
        u"/routing-rules"_s,
        QJsonObject{{"name"_L1, u"r"_s}, {"queue_id"_L1, queue}, {"filter"_L1, u"metadata.eval_score <"_s}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.detail().startsWith(u"filter:1:22: expected a value"_s)) << bad.detail().toStdString();
    EXPECT_EQ(srv()
                  .post(u"/routing-rules"_s, QJsonObject{{"name"_L1, u"r"_s},
                                                         {"queue_id"_L1, Uuid::v7().toString()},
                                                         {"filter"_L1, u"latency_ms > 1"_s}})
                  .status,
              404);
    EXPECT_EQ(srv()
                  .post(u"/routing-rules"_s, QJsonObject{{"name"_L1, u"r"_s},
                                                         {"queue_id"_L1, queue},
                                                         {"filter"_L1, u"latency_ms > 1"_s},
                                                         {"sampling_rate"_L1, 2}})
                  .detail(),
              u"sampling_rate: must be between 0 and 1, got 2"_s);
    const QString rule = createRule(u"ok"_s, queue, u"latency_ms > 1"_s);
    const HttpResult badPatch =
        srv().patch(u"/routing-rules/"_s + rule, QJsonObject{{"filter"_L1, u"nope("_s}});
    EXPECT_EQ(badPatch.status, 400);
    EXPECT_EQ(srv().get(u"/routing-rules/"_s + rule).object().value("filter"_L1).toString(),
              u"latency_ms > 1"_s)
        << "unchanged";
    // Deleting the queue deletes the rules that route into it.
    ASSERT_EQ(srv().del(u"/annotation-queues/"_s + queue).status, 204);
    EXPECT_EQ(srv().get(u"/routing-rules/"_s + rule).status, 404);
}

TEST_P(RulesApi, DryRunCountsWhatADraftWouldRoute)
{
    const QString queue = createQueue(u"q"_s);
    const QString already = ingest(0.1);
    ASSERT_EQ(srv().post(u"/annotation-queues/"_s + queue + u"/runs"_s, QJsonArray{already}).status, 200);
    ingest(0.2);
    ingest(0.9);
    ingest(0.3, -1); // pending: not evaluated
    const HttpResult r =
        srv().post(u"/routing-rules/dry-run"_s, QJsonObject{{"filter"_L1, u"metadata.eval_score < 0.5"_s},
                                                            {"queue_id"_L1, queue},
                                                            {"last_n"_L1, 100}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.object().value("evaluated"_L1).toInt(), 3);
    EXPECT_EQ(r.object().value("matched"_L1).toInt(), 2);
    EXPECT_EQ(r.object().value("already_queued"_L1).toInt(), 1);
    EXPECT_EQ(r.object().value("would_add"_L1).toInt(), 1);
    EXPECT_EQ(r.object().value("runs"_L1).toArray().size(), 2);
    EXPECT_EQ(queued(queue).size(), 1) << "a dry run writes nothing";
    EXPECT_EQ(
        srv().post(u"/routing-rules/dry-run"_s, QJsonObject{{"filter"_L1, u"and("_s}}).detail().left(11),
        u"filter:1:5:"_s);
}

TEST_P(RulesApi, BackfillAppliesARuleToPastRunsInTheBackground)
{
    const QString queue = createQueue(u"backfilled"_s);
    QStringList low;
    for (int i = 0; i < 600; ++i) { // more than two chunks
        const QString id = ingest(i % 3 == 0 ? 0.1 : 0.9);
        if (i % 3 == 0)
            low.append(id);
    }
    const QString rule = createRule(u"low scores, also the past"_s, queue, u"metadata.eval_score < 0.5"_s);
    EXPECT_TRUE(queued(queue).isEmpty()) << "new rules see new runs; the past needs a backfill";
    const HttpResult started = srv().post(u"/routing-rules/"_s + rule + u"/backfill"_s,
                                          QJsonObject{{"since"_L1, u"2026-11-01T00:00:00Z"_s}});
    ASSERT_EQ(started.status, 202) << started.body.toStdString();
    const QString job = started.object().value("id"_L1).toString();
    EXPECT_EQ(started.object().value("total"_L1).toInt(), 600);
    QJsonObject state;
    for (int i = 0; i < 200; ++i) {
        state = srv().get(u"/routing-rules/jobs/"_s + job).object();
        if (state.value("status"_L1).toString() != u"running")
            break;
        QThread::msleep(10);
    }
    EXPECT_EQ(state.value("status"_L1).toString(), u"done"_s);
    EXPECT_EQ(state.value("processed"_L1).toInt(), 600);
    EXPECT_EQ(state.value("added"_L1).toInt(), 200);
    EXPECT_EQ(queued(queue), sorted(low));
    // A rule routes a run once: backfilling again adds nothing.
    const QString again = srv()
                              .post(u"/routing-rules/"_s + rule + u"/backfill"_s,
                                    QJsonObject{{"since"_L1, u"2026-11-01T00:00:00Z"_s}})
                              .object()
                              .value("id"_L1)
                              .toString();
    for (int i = 0; i < 200; ++i) {
        state = srv().get(u"/routing-rules/jobs/"_s + again).object();
        if (state.value("status"_L1).toString() != u"running")
            break;
        QThread::msleep(10);
    }
    EXPECT_EQ(state.value("added"_L1).toInt(), 0);
    EXPECT_EQ(srv().post(u"/routing-rules/"_s + rule + u"/backfill"_s, QJsonObject{}).status, 400)
        << "since is required";
}

TEST_P(RulesApi, ARemovedRunIsNotRoutedBackButCanBeRequeuedByHand)
{
    const QString queue = createQueue(u"q"_s);
    createRule(u"thumbs"_s, queue, u"feedback.user_rating == \"negative\""_s);
    const QString run = ingest(0.5);
    thumbsDown(run);
    ASSERT_EQ(queued(queue), QStringList{run});
    ASSERT_EQ(srv().del(u"/annotation-queues/"_s + queue + u"/runs/"_s + run).status, 204);
    thumbsDown(run); // the rule matches again, but the run was taken out on purpose
    EXPECT_TRUE(queued(queue).isEmpty());
    ASSERT_EQ(srv().post(u"/annotation-queues/"_s + queue + u"/runs"_s, QJsonArray{run}).status, 200);
    EXPECT_EQ(queued(queue), QStringList{run}) << "explicitly re-queued";
}

ASSAY_SERVER_TEST_SUITE(RulesApi);
