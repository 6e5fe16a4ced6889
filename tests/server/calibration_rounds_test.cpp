// Calibration rounds over REST on SQLite and PostgreSQL: a lead starts a round (a seeded sample or runs
// chosen by hand), every assigned reviewer is offered every item whatever the queue's count per item,
// nobody reads an answer before the round closes (no feedback, no values in the audit log, no report),
// closing reveals them as feedback and gives the agreement per field with the seed's 20 % rule, and the
// queue's health and `assay-server report` show the round; bad requests are refused with their field.

#include "queuefixture.h"
#include "servercli.h"

#include "core/calibration.h"
#include "core/jsonfields.h"

#include <printers.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class CalibrationRounds : public QueueFixture {
protected:
    QByteArray ann, bob, cy;

    void SetUp() override
    {
        QueueFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        makeQueue(u"calibrated"_s, R"({"fields":[
            {"name":"overall_quality","type":"categorical","options":["good","acceptable","bad"],"required":true},
            {"name":"accuracy","type":"continuous","min":1,"max":5},
            {"name":"notes","type":"freeform"}]})");
        addRuns(30);
        ann = reviewer(u"ann"_s);
        bob = reviewer(u"bob"_s);
        cy = reviewer(u"cy"_s);
    }

    QString roundsPath() const { return u"/annotation-queues/%1/calibration-rounds"_s.arg(queue); }

    HttpResult start(const QJsonObject &body) { return srv().post(roundsPath(), body); }

    QStringList checkout(const QByteArray &key, int count = 50)
    {
        const HttpResult r =
            srv().request("POST", u"/review/checkout"_s,
                          toJson(QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, count}}), key);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        QStringList ids;
        for (const QJsonValue &item : r.object().value("items"_L1).toArray())
            ids.append(item.toObject().value("run"_L1).toObject().value("id"_L1).toString());
        return ids;
    }

    qsizetype feedbackOn(const QString &run)
    {
        return srv().get(u"/feedback?run=%1&limit=100"_s.arg(run)).json().toArray().size();
    }
};

QJsonObject values(const QString &quality, double accuracy)
{
    return QJsonObject{{"overall_quality"_L1, quality}, {"accuracy"_L1, accuracy}};
}

QList<Uuid> uuids(const QStringList &ids)
{
    QList<Uuid> out;
    for (const QString &id : ids)
        out.append(*Uuid::parse(id));
    return out;
}

} // namespace

TEST_P(CalibrationRounds, ARoundEndToEndBlindThenRevealedWithItsAgreement)
{
    // A sample of 4 of the 30 unanswered items with seed 42: the runs core's sampleRuns draws.
    const HttpResult started =
        start(QJsonObject{{"name"_L1, u"week 49"_s}, {"size"_L1, 4}, {"seed"_L1, u"42"_s}});
    ASSERT_EQ(started.status, 201) << started.body.toStdString();
    const QJsonObject round = started.object();
    const QString roundId = round.value("id"_L1).toString();
    const QStringList items = stringsOf(round.value("run_ids"_L1));
    QStringList expected;
    for (const Uuid &id : sampleRuns(uuids(runs), 4, 42))
        expected.append(id.toString());
    EXPECT_EQ(items, expected);
    EXPECT_EQ(round.value("status"_L1).toString(), u"open");
    EXPECT_EQ(round.value("selection"_L1).toString(), u"sample");
    EXPECT_EQ(round.value("seed"_L1).toString(), u"42");
    EXPECT_EQ(stringsOf(round.value("reviewers"_L1)).size(), 3);
    EXPECT_EQ(round.value("expected"_L1).toInt(), 12);
    EXPECT_EQ(start(QJsonObject{{"size"_L1, 4}}).status, 409) << "one open round per queue";

    // Every reviewer is offered every item of the round, though the queue needs one answer per item.
    const QStringList annItems = checkout(ann);
    for (const QString &run : items)
        EXPECT_TRUE(annItems.contains(run)) << run.toStdString();
    const QList<QJsonObject> annAnswers{values(u"good"_s, 5), values(u"bad"_s, 1), values(u"good"_s, 5),
                                        values(u"good"_s, 1)};
    const QList<QJsonObject> bobAnswers{values(u"good"_s, 4), values(u"bad"_s, 2), values(u"good"_s, 3),
                                        values(u"bad"_s, 5)};
    for (int i = 0; i < 4; ++i) {
        const QJsonObject outcome = answer(ann, items[i], annAnswers[i]);
        EXPECT_EQ(outcome.value("status"_L1).toString(), u"applied");
        EXPECT_TRUE(stringsOf(outcome.value("flags"_L1)).contains(u"calibration"_s))
            << toJson(outcome).toStdString();
    }
    const QStringList bobItems = checkout(bob);
    for (const QString &run : items)
        EXPECT_TRUE(bobItems.contains(run)) << "answered by ann, still bob's to answer";
    for (int i = 0; i < 4; ++i)
        answer(bob, items[i], bobAnswers[i]);
    answer(cy, items[0], values(u"good"_s, 4)); // cy answers one; the round closes without the rest
    EXPECT_FALSE(checkout(cy).contains(items[0]));
    EXPECT_TRUE(checkout(cy).contains(items[1]));

    // Blind: no feedback, no values in the audit log, progress but no report.
    for (const QString &run : items)
        EXPECT_EQ(feedbackOn(run), 0) << run.toStdString();
    const QJsonArray audit = srv().get(u"/audit?limit=1000"_s).json().toArray();
    int blindEntries = 0;
    for (const QJsonValue &e : audit) {
        const QJsonObject entry = e.toObject();
        if (entry.value("entity"_L1).toString() != u"annotation")
            continue;
        const QByteArray after = toJson(entry.value("after"_L1));
        EXPECT_FALSE(after.contains("overall_quality")) << after.toStdString();
        blindEntries += after.contains("\"blind\":true") ? 1 : 0;
    }
    EXPECT_EQ(blindEntries, 9);
    const QJsonObject progress = srv().get(roundsPath() + u"/"_s + roundId).object();
    EXPECT_EQ(progress.value("answered"_L1).toInt(), 9);
    EXPECT_FALSE(progress.contains("report"_L1));
    const HttpResult listed = srv().get(roundsPath());
    ASSERT_EQ(listed.json().toArray().size(), 1);
    EXPECT_EQ(listed.json().toArray()[0].toObject().value("answered"_L1).toInt(), 9);

    // Closed: the answers become feedback, the report compares them.
    const HttpResult closed = srv().post(roundsPath() + u"/"_s + roundId + u"/close"_s, QJsonObject{});
    ASSERT_EQ(closed.status, 200) << closed.body.toStdString();
    EXPECT_EQ(closed.object().value("status"_L1).toString(), u"closed");
    EXPECT_EQ(feedbackOn(items[0]), 6); // three reviewers × two scored fields
    EXPECT_EQ(feedbackOn(items[1]), 4);
    const QJsonObject report = closed.object().value("report"_L1).toObject();
    EXPECT_EQ(report.value("answered"_L1).toInt(), 9);
    EXPECT_EQ(report.value("expected"_L1).toInt(), 12);
    const QJsonArray fields = report.value("fields"_L1).toArray();
    ASSERT_EQ(fields.size(), 2);
    const QJsonObject quality = fields[0].toObject();
    // overall_quality: item 0 three pairs agree, items 1-2 one pair each, item 3 one pair differs: 5 of 6.
    EXPECT_NEAR(quality.value("percent_agreement"_L1).toDouble(), 5.0 / 6, 1e-9);
    EXPECT_FALSE(quality.value("flagged"_L1).toBool(true));
    EXPECT_EQ(quality.value("pairs"_L1).toArray().size(), 3);
    const QJsonObject accuracy = fields[1].toObject();
    EXPECT_NEAR(accuracy.value("percent_agreement"_L1).toDouble(), 1.0 / 6, 1e-9); // bob and cy on item 0
    EXPECT_TRUE(accuracy.value("flagged"_L1).toBool());
    EXPECT_EQ(accuracy.value("flag"_L1).toString(), u"rubric needs clarification");
    EXPECT_EQ(accuracy.value("alpha_level"_L1).toString(), u"interval");
    const QJsonArray disputed = report.value("items"_L1).toArray();
    ASSERT_EQ(disputed.size(), 4);
    EXPECT_EQ(disputed[0].toObject().value("run_id"_L1).toString(), items[3]);
    EXPECT_EQ(disputed[0].toObject().value("answers"_L1).toObject().value(userId(u"bob"_s)).toObject(),
              bobAnswers[3]);
    EXPECT_EQ(closed.object().value("reviewer_names"_L1).toObject().value(userId(u"ann"_s)).toString(),
              u"ann");
    EXPECT_EQ(srv().get(roundsPath() + u"/"_s + roundId).object().value("report"_L1).toObject(), report);
    EXPECT_EQ(srv().post(roundsPath() + u"/"_s + roundId + u"/close"_s, QJsonObject{}).status, 409);

    // After the close an answer to one of its items is an ordinary answer, feedback at once.
    answer(cy, items[1], values(u"bad"_s, 2));
    EXPECT_EQ(feedbackOn(items[1]), 6);

    // The queue's health shows the round and who stood alone on the items three reviewers answered.
    const QJsonObject health = srv().get(u"/annotation-queues/%1/health"_s.arg(queue)).object();
    const QJsonObject calibration = health.value("calibration"_L1).toObject();
    EXPECT_FALSE(calibration.value("last_round_at"_L1).isNull());
    EXPECT_TRUE(calibration.value("open_round"_L1).isNull());
    EXPECT_FALSE(calibration.value("reminder"_L1).toBool(true));
    QHash<QString, QJsonObject> odd;
    for (const QJsonValue &r : health.value("reviewers"_L1).toArray())
        odd.insert(r.toObject().value("name"_L1).toString(), r.toObject().value("odd_one_out"_L1).toObject());
    // items 0 and 1 have three answers; on both ann stands alone on accuracy (5 vs 4, 4 and 1 vs 2, 2)
    EXPECT_EQ(odd.value(u"ann"_s).value("multi_review_items"_L1).toInt(), 2);
    EXPECT_EQ(odd.value(u"ann"_s).value("times"_L1).toInt(), 2);
    EXPECT_EQ(odd.value(u"bob"_s).value("times"_L1).toInt(), 0);
    EXPECT_EQ(odd.value(u"cy"_s).value("times"_L1).toInt(), 0);

    // The CLI prints the same round: its JSON equal to the route's, its text the tables.
    const CliResult json = runCli(
        {u"report"_s, queue, u"calibration"_s, u"--json"_s, u"--database"_s, srv().databaseArgument()});
    ASSERT_EQ(json.code, 0) << json.err.toStdString();
    EXPECT_EQ(QJsonDocument::fromJson(json.out.toUtf8()).object().value("report"_L1).toObject(), report);
    const CliResult text =
        runCli({u"report"_s, queue, u"calibration"_s, roundId, u"--database"_s, srv().databaseArgument()});
    ASSERT_EQ(text.code, 0) << text.err.toStdString();
    EXPECT_TRUE(text.out.contains(u"overall_quality: 83.3 %"_s)) << text.out.toStdString();
    EXPECT_TRUE(text.out.contains(u"accuracy: 16.7 %"_s) &&
                text.out.contains(u"RUBRIC NEEDS CLARIFICATION"_s))
        << text.out.toStdString();
}

TEST_P(CalibrationRounds, RunsChosenByHandAndWhatIsRefused)
{
    answer(ann, runs[5], values(u"good"_s, 3));
    const QString elsewhere = Uuid::v7().toString();
    struct Case {
        QJsonObject body;
        int status;
        QString where;
    };
    const QList<Case> cases{
        {QJsonObject{{"run_ids"_L1, QJsonArray{runs[0], elsewhere}}}, 400, u"run_ids[1]"_s},
        {QJsonObject{{"run_ids"_L1, QJsonArray{runs[0], runs[5]}}}, 400, u"run_ids[1]"_s}, // answered already
        {QJsonObject{{"run_ids"_L1, QJsonArray{runs[0], runs[0]}}}, 400, u"run_ids[1]"_s},
        {QJsonObject{{"run_ids"_L1, QJsonArray{u"x"_s}}}, 400, u"run_ids[0]"_s},
        {QJsonObject{{"run_ids"_L1, QJsonArray{}}}, 400, u"run_ids"_s},
        {QJsonObject{{"size"_L1, 0}}, 400, u"size"_s},
        {QJsonObject{{"size"_L1, 501}}, 400, u"size"_s},
        {QJsonObject{{"size"_L1, 5}, {"seed"_L1, -1}}, 400, u"seed"_s},
        {QJsonObject{{"run_ids"_L1, QJsonArray{runs[0]}}, {"size"_L1, 1}}, 400, u"size"_s},
    };
    for (const Case &c : cases) {
        const HttpResult r = start(c.body);
        EXPECT_EQ(r.status, c.status) << toJson(c.body).toStdString() << " " << r.body.toStdString();
        EXPECT_TRUE(r.body.contains(c.where.toUtf8())) << r.body.toStdString();
    }
    EXPECT_EQ(srv().get(roundsPath()).json().toArray().size(), 0) << "nothing refused was kept";

    const HttpResult byHand = start(QJsonObject{{"run_ids"_L1, QJsonArray{runs[2], runs[1]}}});
    ASSERT_EQ(byHand.status, 201) << byHand.body.toStdString();
    EXPECT_EQ(byHand.object().value("selection"_L1).toString(), u"hand");
    EXPECT_TRUE(byHand.object().value("seed"_L1).isNull());
    EXPECT_EQ(stringsOf(byHand.object().value("run_ids"_L1)), QStringList({runs[2], runs[1]}));
    EXPECT_EQ(srv().get(roundsPath() + u"/"_s + Uuid::v7().toString()).status, 404);

    // A queue with one reviewer has nobody to compare with.
    const QString single = srv()
                               .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"solo"_s}})
                               .object()
                               .value("id"_L1)
                               .toString();
    const HttpResult solo =
        srv().post(u"/annotation-queues/%1/calibration-rounds"_s.arg(single), QJsonObject{});
    EXPECT_EQ(solo.status, 409) << solo.body.toStdString();
}

TEST_P(CalibrationRounds, TheHealthRemindsAQueueWithoutARoundForSixWeeks)
{
    auto reminder = [&] {
        return srv()
            .get(u"/annotation-queues/%1/health"_s.arg(queue))
            .object()
            .value("calibration"_L1)
            .toObject();
    };
    EXPECT_FALSE(reminder().value("reminder"_L1).toBool(true)) << "a new queue";
    const HttpResult r = start(QJsonObject{{"size"_L1, 2}});
    ASSERT_EQ(r.status, 201);
    const QString id = r.object().value("id"_L1).toString();
    EXPECT_EQ(reminder().value("open_round"_L1).toString(), id);
    ASSERT_EQ(srv().post(roundsPath() + u"/"_s + id + u"/close"_s, QJsonObject{}).status, 200);
    const qint64 fiftyDaysAgo = Timestamp::now().micros() - 50LL * 86'400'000'000LL;
    ASSERT_TRUE(srv().execSql(u"UPDATE calibration_rounds SET created_at = %1"_s.arg(fiftyDaysAgo)));
    const QJsonObject late = reminder();
    EXPECT_TRUE(late.value("reminder"_L1).toBool());
    EXPECT_TRUE(late.value("advice"_L1).toString().contains(u"50 days ago"_s)) << toJson(late).toStdString();
}

ASSAY_SERVER_TEST_SUITE(CalibrationRounds);
