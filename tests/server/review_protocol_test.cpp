// The review protocol on SQLite and PostgreSQL: checkout with leases, submit with per-answer
// results, answers materialized as LangSmith feedback, nothing refused for arriving late.

#include "serverharness.h"

#include <printers.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class ReviewProtocol : public ServerTest {
protected:
    QString queue;
    QStringList runs;
    QByteArray alice, bob;
    QString aliceId;

    void SetUp() override
    {
        ServerTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        const QJsonObject rubric = QJsonDocument::fromJson(R"({"fields":[
            {"name":"overall_quality","type":"categorical","options":["good","acceptable","bad"],"required":true},
            {"name":"reviewer_note","type":"freeform"}]})")
                                       .object();
        queue =
            srv()
                .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"review"_s}, {"rubric"_L1, rubric}})
                .object()
                .value("id"_L1)
                .toString();
        for (int i = 0; i < 3; ++i) {
            const QString id = Uuid::v7().toString();
            ASSERT_EQ(srv()
                          .post(u"/runs"_s, QJsonObject{{"id"_L1, id},
                                                        {"name"_L1, u"run %1"_s.arg(i)},
                                                        {"session_name"_L1, u"p"_s},
                                                        {"inputs"_L1, QJsonObject{{"q"_L1, i}}},
                                                        {"end_time"_L1, u"2026-11-30T08:00:00Z"_s}})
                          .status,
                      202);
            runs.append(id);
        }
        ASSERT_EQ(srv()
                      .post(u"/annotation-queues/"_s + queue + u"/runs"_s, QJsonArray::fromStringList(runs))
                      .status,
                  200);
        alice = reviewer(u"alice"_s, &aliceId);
        bob = reviewer(u"bob"_s, nullptr);
    }

    QByteArray reviewer(const QString &name, QString *id)
    {
        const QJsonObject k =
            srv().post(u"/admin/keys"_s, QJsonObject{{"name"_L1, name}, {"role"_L1, u"reviewer"_s}}).object();
        EXPECT_EQ(srv()
                      .request("PUT", u"/annotation-queues/%1/reviewers/%2"_s.arg(
                                          queue, k.value("id"_L1).toString()))
                      .status,
                  204);
        if (id)
            *id = k.value("id"_L1).toString();
        return k.value("key"_L1).toString().toUtf8();
    }

    HttpResult as(const QByteArray &key, const QString &path, const QJsonObject &body)
    {
        return srv().request("POST", path, toJson(body), key);
    }

    QJsonObject answer(const QString &run, const QJsonObject &values,
                       const QString &submittedAt = u"2026-11-30T09:00:00Z"_s, int version = 1)
    {
        return QJsonObject{
            {"id"_L1, Uuid::v7().toString()}, {"queue_id"_L1, queue}, {"run_id"_L1, run},
            {"rubric_version"_L1, version},   {"values"_L1, values},  {"submitted_at"_L1, submittedAt}};
    }

    QJsonArray submit(const QByteArray &key, const QJsonArray &answers)
    {
        const HttpResult r = as(key, u"/review/submit"_s, QJsonObject{{"annotations"_L1, answers}});
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.object().value("results"_L1).toArray();
    }
};

QStringList runIdsOf(const HttpResult &checkout)
{
    QStringList ids;
    for (const QJsonValue &item : checkout.object().value("items"_L1).toArray())
        ids.append(item.toObject().value("run"_L1).toObject().value("id"_L1).toString());
    return ids;
}

} // namespace

TEST_P(ReviewProtocol, CheckoutLeasesItemsWithEverythingToRenderThem)
{
    const HttpResult me = srv().request("GET", u"/review/me"_s, {}, alice);
    ASSERT_EQ(me.status, 200);
    const QJsonObject mine = me.object().value("queues"_L1).toArray().at(0).toObject();
    EXPECT_EQ(mine.value("id"_L1).toString(), queue);
    EXPECT_EQ(mine.value("to_review"_L1).toInt(), 3);
    EXPECT_EQ(mine.value("rubric_fields"_L1).toInt(), 2);

    const HttpResult a = as(alice, u"/review/checkout"_s,
                            QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 2}, {"lease_minutes"_L1, 2880}});
    ASSERT_EQ(a.status, 200) << a.body.toStdString();
    EXPECT_EQ(runIdsOf(a), runs.mid(0, 2));
    const QJsonObject item = a.object().value("items"_L1).toArray().at(0).toObject();
    EXPECT_EQ(item.value("run"_L1).toObject().value("inputs"_L1).toObject().value("q"_L1).toInt(), 0);
    EXPECT_EQ(
        a.object().value("queue"_L1).toObject().value("rubric"_L1).toObject().value("version"_L1).toInt(), 1);
    EXPECT_TRUE(a.object().value("lease_expires_at"_L1).toString().endsWith(u'Z'));
    // Bob gets what Alice has not leased; Alice checking out again keeps her own items.
    EXPECT_EQ(runIdsOf(as(bob, u"/review/checkout"_s, QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 5}})),
              runs.mid(2, 1));
    EXPECT_EQ(
        runIdsOf(as(alice, u"/review/checkout"_s, QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 5}})),
        runs.mid(0, 2));
    // Released items go back to the pool.
    ASSERT_EQ(as(alice, u"/review/release"_s,
                 QJsonObject{{"queue_id"_L1, queue}, {"run_ids"_L1, QJsonArray{runs[1]}}})
                  .object()
                  .value("released"_L1)
                  .toInt(),
              1);
    EXPECT_EQ(runIdsOf(as(bob, u"/review/checkout"_s, QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 5}})),
              (QStringList{runs[1], runs[2]}));

    EXPECT_EQ(as(alice, u"/review/checkout"_s, QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 0}}).detail(),
              u"count: must be from 1 to 500"_s);
    const QString otherQueue = srv()
                                   .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"elsewhere"_s}})
                                   .object()
                                   .value("id"_L1)
                                   .toString();
    EXPECT_EQ(as(alice, u"/review/checkout"_s, QJsonObject{{"queue_id"_L1, otherQueue}}).status, 404)
        << "not her queue";
}

TEST_P(ReviewProtocol, SubmitAppliesOnceAndMaterializesFeedback)
{
    as(alice, u"/review/checkout"_s, QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 3}});
    const QJsonObject good = answer(runs[0], QJsonObject{{"overall_quality"_L1, u"bad"_s},
                                                         {"reviewer_note"_L1, u"cites a retired policy"_s}});
    QJsonArray results = submit(alice, QJsonArray{good});
    ASSERT_EQ(results.size(), 1);
    EXPECT_EQ(results.at(0).toObject().value("status"_L1).toString(), u"applied"_s);
    EXPECT_TRUE(results.at(0).toObject().value("flags"_L1).toArray().isEmpty())
        << "on time, current rubric, item still queued";
    EXPECT_EQ(submit(alice, QJsonArray{good}).at(0).toObject().value("status"_L1).toString(), u"duplicate"_s);

    // The answer is in the audit log, by the reviewer's key.
    const QJsonArray audit = srv().get(u"/audit?limit=1000"_s).array();
    EXPECT_EQ(audit.last().toObject().value("entity"_L1).toString(), u"annotation"_s);
    EXPECT_EQ(audit.last().toObject().value("actor"_L1).toString(), u"key:"_s + aliceId);
    // The answer is LangSmith feedback now, from the app, by the reviewer.
    const QJsonArray feedback = srv().get(u"/feedback?run="_s + runs[0] + u"&source=app"_s).array();
    ASSERT_EQ(feedback.size(), 2);
    for (const QJsonValue &v : feedback)
        EXPECT_EQ(v.toObject().value("feedback_source"_L1).toObject().value("user_id"_L1).toString(),
                  aliceId);

    // Invalid for its rubric version: rejected with the field named, nothing stored.
    const QJsonArray rejected =
        submit(alice, QJsonArray{answer(runs[1], QJsonObject{{"reviewer_note"_L1, u"?"_s}})});
    EXPECT_EQ(rejected.at(0).toObject().value("status"_L1).toString(), u"rejected"_s);
    EXPECT_EQ(rejected.at(0).toObject().value("errors"_L1).toArray().at(0).toString(),
              u"overall_quality: is required"_s);
    EXPECT_EQ(srv().get(u"/feedback?run="_s + runs[1]).array().size(), 0);

    // A later answer to the same item replaces the first; an earlier one is kept as history only.
    const QJsonArray later =
        submit(alice, QJsonArray{answer(runs[0], QJsonObject{{"overall_quality"_L1, u"good"_s}},
                                        u"2026-11-30T10:00:00Z"_s)});
    EXPECT_EQ(later.at(0).toObject().value("status"_L1).toString(), u"applied"_s);
    const QJsonArray earlier =
        submit(alice, QJsonArray{answer(runs[0], QJsonObject{{"overall_quality"_L1, u"acceptable"_s}},
                                        u"2026-11-30T08:30:00Z"_s)});
    EXPECT_EQ(earlier.at(0).toObject().value("status"_L1).toString(), u"superseded"_s);
    const QJsonArray now = srv().get(u"/feedback?run="_s + runs[0] + u"&source=app"_s).array();
    ASSERT_EQ(now.size(), 1) << "the replaced answer's rows are gone";
    EXPECT_EQ(now.at(0).toObject().value("value"_L1).toString(), u"good"_s);
}

TEST_P(ReviewProtocol, LateRemovedAndOldRubricAnswersAreStoredAndFlagged)
{
    // No lease: late. Item removed: removed. Rubric changed meanwhile: old_rubric. None is refused.
    ASSERT_EQ(srv().del(u"/annotation-queues/"_s + queue + u"/runs/"_s + runs[2]).status, 204);
    ASSERT_EQ(
        srv()
            .patch(u"/annotation-queues/"_s + queue, QJsonObject{{"rubric_instructions"_L1, u"new guide"_s}})
            .status,
        200);
    const QJsonArray results =
        submit(bob, QJsonArray{answer(runs[2], QJsonObject{{"overall_quality"_L1, u"good"_s}})});
    ASSERT_EQ(results.size(), 1);
    const QJsonObject r = results.at(0).toObject();
    EXPECT_EQ(r.value("status"_L1).toString(), u"applied"_s);
    QStringList flags;
    for (const QJsonValue &f : r.value("flags"_L1).toArray())
        flags.append(f.toString());
    flags.sort();
    EXPECT_EQ(flags, (QStringList{u"late"_s, u"old_rubric"_s, u"removed"_s}));
    EXPECT_EQ(srv().get(u"/feedback?run="_s + runs[2]).array().size(), 1);
    // An old answer is still checked against the version it names.
    const QJsonArray invalidOld =
        submit(bob, QJsonArray{answer(runs[1], QJsonObject{{"overall_quality"_L1, u"superb"_s}})});
    EXPECT_EQ(invalidOld.at(0).toObject().value("status"_L1).toString(), u"rejected"_s);
    EXPECT_EQ(invalidOld.at(0).toObject().value("errors"_L1).toArray().at(0).toString(),
              u"overall_quality: 'superb' is not one of good, acceptable, bad"_s);
    const QJsonArray future =
        submit(bob, QJsonArray{answer(runs[0], QJsonObject{{"overall_quality"_L1, u"good"_s}},
                                      u"2026-11-30T09:00:00Z"_s, 9)});
    EXPECT_EQ(future.at(0).toObject().value("status"_L1).toString(), u"rejected"_s);
    EXPECT_TRUE(future.at(0)
                    .toObject()
                    .value("errors"_L1)
                    .toArray()
                    .at(0)
                    .toString()
                    .startsWith(u"rubric_version: version 9 does not exist"_s));
    const QJsonArray malformed = submit(bob, QJsonArray{QJsonObject{{"id"_L1, u"x"_s}}});
    EXPECT_EQ(malformed.at(0).toObject().value("status"_L1).toString(), u"rejected"_s);
}

TEST_P(ReviewProtocol, AnItemIsCompletedWhenEnoughReviewersAnswered)
{
    ASSERT_EQ(
        srv().patch(u"/annotation-queues/"_s + queue, QJsonObject{{"num_reviewers_per_item"_L1, 2}}).status,
        200);
    auto statusOf = [&](const QByteArray &key, const QString &status) {
        QStringList ids;
        for (const QJsonValue &v :
             srv()
                 .request("GET", u"/annotation-queues/%1/runs?status=%2"_s.arg(queue, status), {}, key)
                 .array())
            ids.append(v.toObject().value("id"_L1).toString());
        return ids;
    };
    const QJsonObject values{{"overall_quality"_L1, u"good"_s}};
    ASSERT_EQ(
        submit(alice, QJsonArray{answer(runs[0], values)}).at(0).toObject().value("status"_L1).toString(),
        u"applied"_s);
    EXPECT_EQ(statusOf(alice, u"needs_others_review"_s), QStringList{runs[0]});
    EXPECT_EQ(statusOf(alice, u"needs_my_review"_s), runs.mid(1));
    EXPECT_EQ(statusOf(bob, u"needs_my_review"_s), runs);
    EXPECT_TRUE(statusOf(bob, u"completed"_s).isEmpty());
    // /review/me counts the same: to review, awaiting others, completed.
    auto counts = [&](const QByteArray &key) {
        const QJsonObject q =
            srv().request("GET", u"/review/me"_s, {}, key).object()["queues"_L1][0].toObject();
        return QList<int>{q["to_review"_L1].toInt(), q["awaiting_others"_L1].toInt(),
                          q["completed"_L1].toInt()};
    };
    EXPECT_EQ(counts(alice), (QList<int>{2, 1, 0}));
    EXPECT_EQ(counts(bob), (QList<int>{3, 0, 0}));
    ASSERT_EQ(submit(bob, QJsonArray{answer(runs[0], values)}).at(0).toObject().value("status"_L1).toString(),
              u"applied"_s);
    EXPECT_EQ(statusOf(alice, u"completed"_s), QStringList{runs[0]});
    EXPECT_EQ(statusOf(bob, u"completed"_s), QStringList{runs[0]});
    EXPECT_EQ(counts(alice), (QList<int>{2, 0, 1}));
    EXPECT_EQ(counts(bob), (QList<int>{2, 0, 1}));
    // A third reviewer is not handed a completed item.
    const QByteArray carol = reviewer(u"carol"_s, nullptr);
    EXPECT_EQ(
        runIdsOf(as(carol, u"/review/checkout"_s, QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 5}})),
        runs.mid(1));
    // 0 means every assigned reviewer: with three assigned, two answers are not enough.
    ASSERT_EQ(
        srv().patch(u"/annotation-queues/"_s + queue, QJsonObject{{"num_reviewers_per_item"_L1, 0}}).status,
        200);
    EXPECT_EQ(statusOf(alice, u"needs_others_review"_s), QStringList{runs[0]});
    EXPECT_EQ(statusOf(carol, u"needs_my_review"_s), runs);
}

TEST_P(ReviewProtocol, EachItemCountsItsReviewersThroughSupersessionRequeueAndMigration)
{
    // Six reviewers per item: more counts than checkout seeks one by one, so the range is used.
    ASSERT_EQ(
        srv().patch(u"/annotation-queues/"_s + queue, QJsonObject{{"num_reviewers_per_item"_L1, 6}}).status,
        200);
    auto reviewersOf = [&](const QString &run) {
        return srv()
            .scalar(u"SELECT reviewers FROM queue_items WHERE queue_id = '%1' AND run_id = '%2'"_s.arg(queue,
                                                                                                       run))
            .toLongLong();
    };
    auto checkout = [&](const QByteArray &key) { // what a reviewer is handed; the leases given back at once
        const QStringList ids =
            runIdsOf(as(key, u"/review/checkout"_s, QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 5}}));
        EXPECT_EQ(as(key, u"/review/release"_s,
                     QJsonObject{{"queue_id"_L1, queue}, {"run_ids"_L1, QJsonArray::fromStringList(ids)}})
                      .status,
                  200);
        return ids;
    };
    const QJsonObject good{{"overall_quality"_L1, u"good"_s}};
    submit(alice, QJsonArray{answer(runs[0], good, u"2026-11-30T09:00:00Z"_s)});
    submit(bob, QJsonArray{answer(runs[0], good)});
    EXPECT_EQ(reviewersOf(runs[0]), 2);
    // A newer answer of alice's supersedes her first: still two reviewers, not three.
    submit(alice, QJsonArray{answer(runs[0], good, u"2026-11-30T10:00:00Z"_s)});
    EXPECT_EQ(reviewersOf(runs[0]), 2);
    EXPECT_EQ(checkout(alice), runs.mid(1));
    EXPECT_EQ(checkout(reviewer(u"carol"_s, nullptr)), runs) << "two of six: still open for others";
    // Taken out and queued again, the item keeps its answers' count.
    ASSERT_EQ(srv().request("DELETE", u"/annotation-queues/%1/runs/%2"_s.arg(queue, runs[0])).status, 204);
    ASSERT_EQ(srv().post(u"/annotation-queues/"_s + queue + u"/runs"_s, QJsonArray{runs[0]}).status, 200);
    EXPECT_EQ(reviewersOf(runs[0]), 2);

    // A database from before the count (schema 16): migration 17 counts the answers already given.
    for (const QString &sql :
         {u"DROP INDEX queue_items_to_review"_s, u"ALTER TABLE queue_items DROP COLUMN reviewers"_s,
          u"UPDATE assay_schema SET version = 16"_s})
        ASSERT_TRUE(srv().execSql(sql)) << sql.toStdString();
    ASSERT_TRUE(srv().restart([](const server::DatabaseUrl &) {}));
    EXPECT_EQ(reviewersOf(runs[0]), 2);
    EXPECT_EQ(reviewersOf(runs[1]), 0);
    ASSERT_EQ(
        srv().patch(u"/annotation-queues/"_s + queue, QJsonObject{{"num_reviewers_per_item"_L1, 2}}).status,
        200);
    EXPECT_EQ(checkout(reviewer(u"dave"_s, nullptr)), runs.mid(1)) << "complete at two reviewers";
}

TEST_P(ReviewProtocol, TheChangesFeedTellsWhatHappenedSinceACursor)
{
    auto feed = [&](const QByteArray &key, const QString &query) {
        const HttpResult r = srv().request("GET", u"/review/changes?"_s + query, {}, key);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.object();
    };
    const double start = feed(alice, u"since=0"_s).value("cursor"_L1).toDouble();
    ASSERT_EQ(srv()
                  .patch(u"/annotation-queues/"_s + queue,
                         QJsonObject{{"rubric_instructions"_L1, u"read the context"_s}})
                  .status,
              200);
    ASSERT_EQ(srv().del(u"/annotation-queues/"_s + queue + u"/runs/"_s + runs[2]).status, 204);
    submit(alice, QJsonArray{answer(runs[0], QJsonObject{{"overall_quality"_L1, u"good"_s}})});
    submit(bob, QJsonArray{answer(runs[1], QJsonObject{{"overall_quality"_L1, u"bad"_s}})});

    const QJsonObject mine = feed(alice, u"since=%1"_s.arg(start));
    QStringList kinds;
    for (const QJsonValue &e : mine.value("events"_L1).toArray())
        kinds.append(e.toObject().value("kind"_L1).toString() + u':' +
                     e.toObject().value("run_id"_L1).toString());
    EXPECT_EQ(kinds,
              (QStringList{u"rubric_changed:"_s, u"item_removed:"_s + runs[2], u"annotation:"_s + runs[0]}))
        << "bob's answer is not in alice's feed";
    const QJsonObject changed = mine.value("events"_L1).toArray().at(0).toObject();
    EXPECT_EQ(
        changed.value("payload"_L1).toObject().value("rubric"_L1).toObject().value("version"_L1).toInt(), 2);
    const double cursor = mine.value("cursor"_L1).toDouble();
    EXPECT_GT(cursor, start);
    EXPECT_TRUE(feed(alice, u"since=%1"_s.arg(cursor)).value("events"_L1).toArray().isEmpty());
    // Paging by sequence number.
    const QJsonObject first = feed(alice, u"since=%1&limit=1"_s.arg(start));
    ASSERT_EQ(first.value("events"_L1).toArray().size(), 1);
    EXPECT_EQ(first.value("cursor"_L1).toDouble(),
              first.value("events"_L1).toArray().at(0).toObject().value("seq"_L1).toDouble());
    // A cursor from the future: the server was restored from an older backup.
    const QJsonObject ahead = feed(alice, u"since=%1"_s.arg(cursor + 1000));
    EXPECT_EQ(ahead.value("reset"_L1), QJsonValue(true));
    EXPECT_EQ(ahead.value("cursor"_L1).toDouble(), cursor);
    EXPECT_EQ(srv().request("GET", u"/review/changes?since=-1"_s, {}, alice).status, 422);
}

TEST_P(ReviewProtocol, CheckoutPagesWithAfterAndMeCountsMyAnswers)
{
    QString last;
    const auto page = [&](int count) {
        QJsonObject body{{"queue_id"_L1, queue}, {"count"_L1, count}};
        if (!last.isEmpty())
            body.insert("after"_L1, last);
        const HttpResult r = as(alice, u"/review/checkout"_s, body);
        const QJsonArray items = r.object().value("items"_L1).toArray();
        if (!items.isEmpty())
            last = items.last().toObject().value("queue_run_id"_L1).toString();
        return runIdsOf(r);
    };
    EXPECT_EQ(page(2), runs.mid(0, 2));
    EXPECT_EQ(page(2), runs.mid(2)) << "the second page starts after the first";
    EXPECT_TRUE(page(2).isEmpty());
    last.clear();
    EXPECT_EQ(page(3), runs) << "without after: from the top, renewing what I hold (another device of mine)";
    submit(alice, QJsonArray{answer(runs[0], QJsonObject{{"overall_quality"_L1, u"good"_s}})});
    const QJsonObject mine = srv()
                                 .request("GET", u"/review/me"_s, {}, alice)
                                 .object()
                                 .value("queues"_L1)
                                 .toArray()
                                 .at(0)
                                 .toObject();
    EXPECT_EQ(mine.value("answered_by_me"_L1).toInt(), 1);
    EXPECT_EQ(mine.value("rubric"_L1).toObject().value("version"_L1).toInt(), 1);
    EXPECT_EQ(mine.value("rubric"_L1).toObject().value("fields"_L1).toArray().size(), 2);
    // Removing the answered item from the queue does not change what I answered.
    ASSERT_EQ(srv().del(u"/annotation-queues/%1/runs/%2"_s.arg(queue, runs[0])).status, 204);
    EXPECT_EQ(srv()
                  .request("GET", u"/review/me"_s, {}, alice)
                  .object()
                  .value("queues"_L1)
                  .toArray()
                  .at(0)
                  .toObject()
                  .value("answered_by_me"_L1)
                  .toInt(),
              1);
    // Members and admins may review every queue.
    EXPECT_EQ(srv().get(u"/review/me"_s).object().value("queues"_L1).toArray().size(), 1);
}

TEST_P(ReviewProtocol, AssignmentsAnswerReplaysUnknownKeysAndWrongRoles)
{
    const QString path = u"/annotation-queues/%1/reviewers/"_s.arg(queue);
    EXPECT_EQ(srv().request("PUT", path + aliceId).status, 204) << "a replay is not an error";
    const HttpResult unknown = srv().request("PUT", path + u"no-such-key"_s);
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.detail(), u"no user or API key no-such-key found"_s);
    const QString memberId =
        srv()
            .post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"m"_s}, {"role"_L1, u"member"_s}})
            .object()
            .value("id"_L1)
            .toString();
    const HttpResult member = srv().request("PUT", path + memberId);
    EXPECT_EQ(member.status, 422);
    EXPECT_EQ(member.detail(), u"reviewer: only reviewer keys are assigned to queues; this key is member"_s);
    EXPECT_EQ(srv().request("DELETE", path + aliceId).status, 204);
    EXPECT_EQ(srv().request("DELETE", path + aliceId).status, 404) << "no longer assigned";
    const QJsonArray assignments = srv().get(u"/audit?limit=1000"_s).array();
    int assignmentEntries = 0;
    for (const QJsonValue &e : assignments)
        assignmentEntries += e.toObject().value("action"_L1).toString().endsWith(u"assign_reviewer"_s);
    EXPECT_EQ(assignmentEntries, 3)
        << "alice and bob assigned, alice unassigned; replays and refusals write nothing";
    EXPECT_EQ(srv().get(u"/annotation-queues/%1/reviewers"_s.arg(queue)).array().size(), 1);
}

// Security review, finding 4: an answer names a run of the queue, never any run.
TEST_P(ReviewProtocol, AnswersOnlyForRunsThatAreOrWereInTheQueue)
{
    const QString outsider = Uuid::v7().toString();
    ASSERT_EQ(srv()
                  .post(u"/runs"_s, QJsonObject{{"id"_L1, outsider},
                                                {"name"_L1, u"never queued"_s},
                                                {"session_name"_L1, u"p"_s},
                                                {"end_time"_L1, u"2026-11-30T08:00:00Z"_s}})
                  .status,
              202);
    const QJsonObject good{{"overall_quality"_L1, u"good"_s}};
    for (const QByteArray &key : {alice, QByteArray(ServerHarness::kAdminKey)}) {
        const QJsonArray results =
            submit(key, QJsonArray{answer(outsider, good), answer(Uuid::v7().toString(), good)});
        ASSERT_EQ(results.size(), 2);
        for (const QJsonValue &r : results) {
            EXPECT_EQ(r.toObject().value("status"_L1).toString(), u"rejected"_s);
            EXPECT_TRUE(r.toObject().value("errors"_L1).toArray().at(0).toString().startsWith(u"run_id: "_s))
                << r.toObject().value("errors"_L1).toArray().at(0).toString().toStdString();
        }
    }
    EXPECT_EQ(srv().get(u"/feedback?run="_s + outsider).array().size(), 0) << "no feedback on a run outside";
    // A run taken out of the queue may still be answered (the reviewer may have had it offline).
    ASSERT_EQ(srv().del(u"/annotation-queues/"_s + queue + u"/runs/"_s + runs[1]).status, 204);
    EXPECT_EQ(submit(alice, QJsonArray{answer(runs[1], good)}).at(0).toObject().value("status"_L1).toString(),
              u"applied"_s);
}

TEST_P(ReviewProtocol, AnAnswerUnderAVersionWithNoStoredHistoryIsStillValidated)
{
    ASSERT_EQ(
        srv()
            .patch(u"/annotation-queues/"_s + queue, QJsonObject{{"rubric_instructions"_L1, u"new guide"_s}})
            .status,
        200);
    // Rubric history as a database from before it was kept: version 1 is gone.
    ASSERT_TRUE(srv().execSql(u"DELETE FROM queue_rubrics WHERE version = 1"_s));
    const QJsonArray invalid =
        submit(bob, QJsonArray{answer(runs[0], QJsonObject{{"overall_quality"_L1, u"superb"_s}})});
    EXPECT_EQ(invalid.at(0).toObject().value("status"_L1).toString(), u"rejected"_s)
        << "checked against the current rubric when the named version is not kept";
    const QJsonArray valid =
        submit(bob, QJsonArray{answer(runs[0], QJsonObject{{"overall_quality"_L1, u"good"_s}})});
    EXPECT_EQ(valid.at(0).toObject().value("status"_L1).toString(), u"applied"_s);
}

namespace {

QJsonObject statsOf(const QJsonArray &queuedRuns, const QString &runId)
{
    for (const QJsonValue &r : queuedRuns)
        if (r.toObject().value("id"_L1).toString() == runId)
            return r.toObject().value("feedback_stats"_L1).toObject();
    return {};
}

} // namespace

// Finding 5: blind review. A reviewer sees no feedback but their own, on any route, unless the queue says so.
TEST_P(ReviewProtocol, ReviewersSeeNoFeedbackButTheirOwn)
{
    ASSERT_EQ(srv()
                  .post(u"/feedback"_s,
                        QJsonObject{{"run_id"_L1, runs[0]}, {"key"_L1, u"user_thumbs"_s}, {"score"_L1, 0}})
                  .status,
              200);
    ASSERT_EQ(submit(bob, QJsonArray{answer(runs[0], QJsonObject{{"overall_quality"_L1, u"bad"_s}})})
                  .at(0)
                  .toObject()
                  .value("status"_L1)
                  .toString(),
              u"applied"_s);
    const QString listPath = u"/annotation-queues/"_s + queue + u"/runs"_s;
    EXPECT_EQ(statsOf(srv().request("GET", listPath, {}, alice).array(), runs[0]), QJsonObject())
        << "neither the SDK's feedback nor Bob's answer";
    EXPECT_EQ(srv()
                  .request("GET", u"/annotation-queues/"_s + queue + u"/run/0"_s, {}, alice)
                  .object()
                  .value("feedback_stats"_L1)
                  .toObject(),
              QJsonObject());
    const HttpResult checkout = as(alice, u"/review/checkout"_s, QJsonObject{{"queue_id"_L1, queue}});
    for (const QJsonValue &item : checkout.object().value("items"_L1).toArray())
        EXPECT_EQ(item.toObject().value("run"_L1).toObject().value("feedback_stats"_L1).toObject(),
                  QJsonObject());
    submit(alice, QJsonArray{answer(runs[0], QJsonObject{{"overall_quality"_L1, u"good"_s}})});
    const QJsonObject mine = statsOf(srv().request("GET", listPath, {}, alice).array(), runs[0]);
    EXPECT_EQ(mine.keys(), QStringList{u"overall_quality"_s}) << "her own answer only";
    EXPECT_EQ(mine.value("overall_quality"_L1).toObject().value("n"_L1).toInt(), 1);
    // The lead sees everything; a queue that allows it shows reviewers everything too.
    EXPECT_EQ(statsOf(srv().get(listPath).array(), runs[0])
                  .value("overall_quality"_L1)
                  .toObject()
                  .value("n"_L1)
                  .toInt(),
              2);
    ASSERT_EQ(srv()
                  .patch(u"/annotation-queues/"_s + queue, QJsonObject{{"reviewers_see_feedback"_L1, true}})
                  .status,
              200);
    EXPECT_TRUE(
        srv().get(u"/annotation-queues/"_s + queue).object().value("reviewers_see_feedback"_L1).toBool());
    EXPECT_TRUE(
        statsOf(srv().request("GET", listPath, {}, alice).array(), runs[0]).contains("user_thumbs"_L1));
}

// Finding 11: a queue's name tells a reviewer nothing about queues that are not theirs.
TEST_P(ReviewProtocol, QueueNamesOutsideMyQueuesAnswerAsMissing)
{
    for (int i = 0; i < 2; ++i)
        ASSERT_EQ(srv().post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"secret"_s}}).status, 200);
    ASSERT_EQ(srv().post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"only-one"_s}}).status, 200);
    for (const QString &name : {u"secret"_s, u"only-one"_s, u"nothing-by-this-name"_s}) {
        const HttpResult r = srv().request("GET", u"/annotation-queues/"_s + name, {}, alice);
        EXPECT_EQ(r.status, 404) << name.toStdString() << ": " << r.body.toStdString();
        EXPECT_EQ(r.detail(), u"annotation queue %1 not found"_s.arg(name));
    }
    EXPECT_EQ(srv().get(u"/annotation-queues/secret"_s).status, 422) << "a member is told why";
    EXPECT_EQ(srv().request("GET", u"/annotation-queues/review"_s, {}, alice).status, 200)
        << "her own, by name";
}

// Finding 12: a checked-out item carries its own subtree, never its parent or siblings.
TEST_P(ReviewProtocol, CheckoutCarriesOnlyTheItemsDescendants)
{
    const QString trace = Uuid::v7().toString(), child = Uuid::v7().toString(),
                  sibling = Uuid::v7().toString(), grandchild = Uuid::v7().toString();
    auto post = [&](const QString &id, const QString &parent, const QString &name) {
        QJsonObject run{{"id"_L1, id},
                        {"trace_id"_L1, trace},
                        {"name"_L1, name},
                        {"session_name"_L1, u"p"_s},
                        {"run_type"_L1, u"llm"_s},
                        {"end_time"_L1, u"2026-11-30T08:00:00Z"_s}};
        if (!parent.isEmpty())
            run.insert("parent_run_id"_L1, parent); // and no dotted_order, as older SDKs send children
        ASSERT_EQ(srv().post(u"/runs"_s, run).status, 202);
    };
    post(trace, {}, u"parent with a secret system prompt"_s);
    post(child, trace, u"the queued child"_s);
    post(sibling, trace, u"a sibling"_s);
    post(grandchild, child, u"the child's own call"_s);
    ASSERT_EQ(srv().post(u"/annotation-queues/"_s + queue + u"/runs"_s, QJsonArray{child}).status, 200);
    const HttpResult checkout =
        as(alice, u"/review/checkout"_s, QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 10}});
    bool found = false;
    for (const QJsonValue &item : checkout.object().value("items"_L1).toArray()) {
        if (item.toObject().value("run"_L1).toObject().value("id"_L1).toString() != child)
            continue;
        found = true;
        QStringList children;
        for (const QJsonValue &c : item.toObject().value("child_runs"_L1).toArray())
            children.append(c.toObject().value("id"_L1).toString());
        EXPECT_EQ(children, QStringList{grandchild});
    }
    EXPECT_TRUE(found) << checkout.body.toStdString();
}

ASSAY_SERVER_TEST_SUITE(ReviewProtocol);
