// A queue's health over REST on SQLite and PostgreSQL: a new queue answers zeros (never NaN), and what
// happened to a queue — items added, answered (a completion on the answer's day), answered again,
// removed, leased — comes back as its depth, its traffic per day, its backlog in days with the seed's
// alarm, the planner's measures and each reviewer's progress; a database from before migration 20 gets
// the arrivals of the items it holds.

#include "queuefixture.h"
#include "servercli.h"

#include <printers.h>

#include <QDate>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class QueueHealth : public QueueFixture {
protected:
    void SetUp() override
    {
        QueueFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        makeQueue(u"health"_s, R"({"fields":[
            {"name":"overall_quality","type":"categorical","options":["good","bad"],"required":true}]})");
    }

    void answer(const QByteArray &key, const QString &run, const Timestamp &at, double seconds,
                const QString &value = u"good"_s)
    {
        QueueFixture::answer(key, run, QJsonObject{{"overall_quality"_L1, value}}, at, seconds);
    }

    QJsonObject health()
    {
        const HttpResult r = srv().get(u"/annotation-queues/%1/health"_s.arg(queue));
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.object();
    }
};

QJsonObject dayOf(const QJsonObject &health, int daysAgo)
{
    const QJsonArray days = health.value("days"_L1).toArray();
    return days.at(days.size() - 1 - daysAgo).toObject();
}

} // namespace

TEST_P(QueueHealth, ANewQueueAnswersZerosNotNaN)
{
    const QJsonObject h = health();
    EXPECT_EQ(h.value("depth"_L1).toInt(-1), 0);
    EXPECT_EQ(h.value("reviewers_needed"_L1).toInt(), 1);
    const QJsonObject backlog = h.value("backlog"_L1).toObject();
    EXPECT_EQ(backlog.value("days"_L1).toDouble(-1), 0.0);
    EXPECT_FALSE(backlog.value("alarm"_L1).toBool(true));
    EXPECT_TRUE(backlog.value("advice"_L1).isNull());
    EXPECT_EQ(backlog.value("alarm_days"_L1).toDouble(), 3.0);
    EXPECT_TRUE(h.value("throughput"_L1).toObject().value("seconds_per_answer"_L1).isNull());
    EXPECT_TRUE(h.value("planner"_L1).toObject().value("reviewer_hours_per_day"_L1).isNull());
    const QJsonArray days = h.value("days"_L1).toArray();
    ASSERT_EQ(days.size(), 90);
    EXPECT_EQ(dayOf(h, 0).value("date"_L1).toString(), QDate::currentDate().toString(Qt::ISODate))
        << "today (UTC) last";
    for (const QJsonValue &d : days)
        ASSERT_EQ(d.toObject().value("depth"_L1).toInt(-1), 0);
    EXPECT_TRUE(h.value("reviewers"_L1).toArray().isEmpty());
    EXPECT_EQ(srv().get(u"/annotation-queues/%1/health"_s.arg(Uuid::v7().toString())).status, 404);
}

TEST_P(QueueHealth, WhatHappenedToTheQueueIsItsDepthTrafficBacklogAndReviewers)
{
    addRuns(10);
    const QByteArray alice = reviewer(u"alice"_s);
    const QByteArray bob = reviewer(u"bob"_s);
    const Timestamp now = Timestamp::now();
    const Timestamp yesterday = Timestamp::fromMicros(now.micros() - 86'400'000'000LL);
    // Alice answers two items today and one yesterday (an answer synced late keeps its day), and answers
    // one of today's again (no second completion); Bob leases three and answers none.
    answer(alice, runs[0], now, 30);
    answer(alice, runs[1], now, 50);
    answer(alice, runs[2], yesterday, 70);
    answer(alice, runs[0], Timestamp::fromMicros(now.micros() + 1000), 10, u"bad"_s);
    ASSERT_EQ(srv()
                  .request("POST", u"/review/checkout"_s,
                           toJson(QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 3}}), bob)
                  .status,
              200);
    // An open item removed, and an answered one.
    ASSERT_EQ(srv().request("DELETE", u"/annotation-queues/%1/runs/%2"_s.arg(queue, runs[9])).status, 204);
    ASSERT_EQ(srv().request("DELETE", u"/annotation-queues/%1/runs/%2"_s.arg(queue, runs[1])).status, 204);

    const QJsonObject h = health();
    EXPECT_EQ(h.value("depth"_L1).toInt(), 6) << "10 added, 3 completed (one removed since), 1 open removed";
    const QJsonObject today = dayOf(h, 0), before = dayOf(h, 1);
    EXPECT_EQ(today.value("arrivals"_L1).toInt(), 10);
    EXPECT_EQ(today.value("arrivals_by_source"_L1).toObject().value("sdk"_L1).toInt(), 10)
        << "added with a service key";
    EXPECT_EQ(today.value("completions"_L1).toInt(), 2);
    EXPECT_EQ(before.value("completions"_L1).toInt(), 1) << "on the answer's day";
    EXPECT_EQ(today.value("depth"_L1).toInt(), 6);
    EXPECT_EQ(before.value("depth"_L1).toInt(), 0) << "walked back: nothing had arrived yet (never below 0)";

    const QJsonObject backlog = h.value("backlog"_L1).toObject();
    EXPECT_NEAR(backlog.value("completions_per_day"_L1).toDouble(), 3.0 / 7, 1e-9);
    EXPECT_NEAR(backlog.value("days"_L1).toDouble(), 6 / (3.0 / 7), 1e-9);
    EXPECT_TRUE(backlog.value("alarm"_L1).toBool());
    EXPECT_TRUE(backlog.value("advice"_L1).toString().contains(u"Tighten the routing rules first"_s))
        << backlog.value("advice"_L1).toString().toStdString();

    const QJsonObject throughput = h.value("throughput"_L1).toObject();
    EXPECT_NEAR(throughput.value("seconds_per_answer"_L1).toDouble(), (10 + 50 + 70) / 3.0, 1e-6)
        << "current answers only (the superseded 30 s one is not)";
    EXPECT_NEAR(throughput.value("answers_per_reviewer_hour"_L1).toDouble(), 3600 / ((10 + 50 + 70) / 3.0),
                1e-6);
    const QJsonObject planner = h.value("planner"_L1).toObject();
    EXPECT_NEAR(planner.value("arrivals_per_day"_L1).toDouble(), 10.0 / 7, 1e-9);
    EXPECT_NEAR(planner.value("runs_per_day"_L1).toDouble(), 10.0 / 7, 1e-9) << "the runs of the last 7 days";
    EXPECT_NEAR(planner.value("reviewer_hours_per_day"_L1).toDouble(),
                10.0 / 7 * ((10 + 50 + 70) / 3.0) / 3600, 1e-9);

    const QJsonArray reviewers = h.value("reviewers"_L1).toArray();
    ASSERT_EQ(reviewers.size(), 2);
    const QJsonObject a = reviewers.at(0).toObject(), b = reviewers.at(1).toObject();
    EXPECT_EQ(a.value("name"_L1).toString(), u"alice"_s);
    EXPECT_EQ(a.value("total"_L1).toInt(), 3);
    EXPECT_EQ(a.value("today"_L1).toInt(), 2);
    EXPECT_EQ(a.value("median_seconds"_L1).toDouble(), 50.0);
    EXPECT_EQ(b.value("name"_L1).toString(), u"bob"_s);
    EXPECT_EQ(b.value("total"_L1).toInt(), 0);
    EXPECT_EQ(b.value("pending"_L1).toInt(), 3);
    EXPECT_TRUE(b.value("median_seconds"_L1).isNull());

    // The alarm's threshold is the queue's own.
    ASSERT_EQ(
        srv()
            .request("PATCH", u"/annotation-queues/"_s + queue,
                     toJson(QJsonObject{{"metadata"_L1, QJsonObject{{"assay_backlog_alarm_days"_L1, 30}}}}))
            .status,
        200);
    EXPECT_FALSE(health().value("backlog"_L1).toObject().value("alarm"_L1).toBool(true));
}

TEST_P(QueueHealth, TheCliReportsTheSameNumbers)
{
    addRuns(5);
    const QByteArray alice = reviewer(u"alice"_s);
    answer(alice, runs[0], Timestamp::now(), 42);
    const QJsonObject rest = health();
    auto cli = [&](const QStringList &args) {
        const CliResult r =
            runCli(QStringList{u"report"_s} + args + QStringList{u"--database"_s, srv().databaseArgument()});
        EXPECT_EQ(r.code, 0) << r.err.toStdString();
        return r.out;
    };
    const QJsonObject printed = QJsonDocument::fromJson(cli({u"health"_s, u"--json"_s}).toUtf8()).object();
    EXPECT_EQ(printed, rest) << "the queue by its name, the JSON the route answers";
    const QString text = cli({queue});
    EXPECT_TRUE(text.contains(u"Open items: 4 (1 reviewer(s) per item)"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"alice: 1 / 1 / 1 / 0 / 42.0"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"ALARM: "_s)) << "4 open, 1 completed in a week: 28 days";
    const CliResult missing = runCli({u"report"_s, u"nope"_s, u"--database"_s, srv().databaseArgument()});
    EXPECT_EQ(missing.code, 1);
    EXPECT_TRUE(missing.err.contains(u"annotation queue nope not found"_s)) << missing.err.toStdString();
}

TEST_P(QueueHealth, FreshnessIsTheOldestAnswerNoDatasetUsedAndTheLastUse)
{
    addRuns(3);
    const QByteArray alice = reviewer(u"alice"_s);
    auto freshness = [&] { return health().value("freshness"_L1).toObject(); };
    EXPECT_TRUE(freshness().value("oldest_unused_at"_L1).isNull()) << "no answers";
    const Timestamp fortyDaysAgo = Timestamp::fromMicros(Timestamp::now().micros() - 40LL * 86'400'000'000LL);
    answer(alice, runs[0], fortyDaysAgo, 10);
    answer(alice, runs[1], Timestamp::now(), 10);
    QJsonObject f = freshness();
    EXPECT_EQ(f.value("oldest_unused_days"_L1).toInt(), 40);
    EXPECT_TRUE(f.value("last_used_at"_L1).isNull());
    EXPECT_TRUE(f.value("note"_L1).toString().contains(u"40 days"_s))
        << f.value("note"_L1).toString().toStdString();
    EXPECT_TRUE(f.value("note"_L1).toString().contains(u"none has ever been used"_s));

    // The old answer's run becomes an example: the oldest unused answer is today's, the last use now.
    const QString dataset =
        srv().post(u"/datasets"_s, QJsonObject{{"name"_L1, u"good"_s}}).object().value("id"_L1).toString();
    ASSERT_EQ(srv()
                  .post(u"/datasets/%1/runs"_s.arg(dataset), QJsonObject{{"run_ids"_L1, QJsonArray{runs[0]}}})
                  .status,
              200);
    f = freshness();
    EXPECT_EQ(f.value("oldest_unused_days"_L1).toInt(-1), 0);
    EXPECT_FALSE(f.value("last_used_at"_L1).isNull());
    EXPECT_TRUE(f.value("note"_L1).isNull());
}

TEST_P(QueueHealth, ADatabaseFromBeforeTheCountsGetsTheArrivalsOfItsItems)
{
    addRuns(4);
    for (const QString &sql :
         {u"DROP TABLE queue_flow"_s, u"DROP INDEX annotations_by_reviewer_time"_s,
          u"ALTER TABLE annotations DROP COLUMN active_ms"_s, u"DROP INDEX annotations_by_use"_s,
          u"ALTER TABLE annotations DROP COLUMN used_at"_s, u"UPDATE assay_schema SET version = 19"_s})
        ASSERT_TRUE(srv().execSql(sql)) << sql.toStdString();
    ASSERT_TRUE(srv().restart([](const server::DatabaseUrl &) {}));
    const QJsonObject h = health();
    EXPECT_EQ(dayOf(h, 0).value("arrivals"_L1).toInt(), 4);
    EXPECT_EQ(dayOf(h, 0).value("arrivals_by_source"_L1).toObject().value("sdk"_L1).toInt(), 4);
    EXPECT_EQ(h.value("depth"_L1).toInt(), 4);
}

ASSAY_SERVER_TEST_SUITE(QueueHealth);
