// Queue items the LangSmith way, on SQLite and PostgreSQL: the 0.12 SDK's items routes (sections,
// cursors, counts, placement), marking an item done, a person's SDK feedback as their review, and the
// classic routes that re-place, count and remove items.

#include "serverharness.h"

#include <printers.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class QueueItemsApi : public ServerTest {
protected:
    QString queue;
    QStringList runs, items; // items[i] is the queue_run_id of runs[i]
    QByteArray mara;         // a member: a person who reviews the LangSmith way
    QString maraId;
    QByteArray rey; // a reviewer assigned to the queue
    QString reyId;

    void SetUp() override
    {
        ServerTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        const QJsonObject rubric = QJsonDocument::fromJson(R"({"fields":[
            {"name":"overall_quality","type":"categorical","options":["good","bad"],"required":true},
            {"name":"note","type":"freeform"}]})")
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
                                                        {"end_time"_L1, u"2026-11-30T08:00:00Z"_s}})
                          .status,
                      202);
            runs.append(id);
            // One at a time, so the queue's order is the runs' order.
            const HttpResult added = srv().post(u"/annotation-queues/%1/runs"_s.arg(queue), QJsonArray{id});
            ASSERT_EQ(added.status, 200) << added.body.toStdString();
            items.append(added.array().at(0).toObject().value("id"_L1).toString());
        }
        mara = userKey(u"Mara"_s, u"member"_s, &maraId);
        rey = userKey(u"Rey"_s, u"reviewer"_s, &reyId);
        ASSERT_EQ(srv().request("PUT", u"/annotation-queues/%1/reviewers/%2"_s.arg(queue, reyId)).status,
                  204);
    }

    QByteArray userKey(const QString &name, const QString &role, QString *id)
    {
        const HttpResult user =
            srv().post(u"/admin/users"_s, QJsonObject{{"name"_L1, name}, {"role"_L1, role}});
        EXPECT_EQ(user.status, 201) << user.body.toStdString();
        *id = user.object().value("id"_L1).toString();
        const HttpResult key =
            srv().post(u"/admin/keys"_s, QJsonObject{{"name"_L1, name}, {"user_id"_L1, *id}});
        EXPECT_EQ(key.status, 200) << key.body.toStdString();
        return key.object().value("key"_L1).toString().toUtf8();
    }

    HttpResult as(const QByteArray &key, const QByteArray &method, const QString &path,
                  const QJsonValue &body = {})
    {
        return srv().request(method, path, body.isUndefined() ? QByteArray() : toJson(body), key);
    }

    QString platform(const QString &rest) const
    {
        return u"/platform/annotation-queues/%1%2"_s.arg(queue, rest);
    }

    QStringList itemIds(const QJsonArray &page) const
    {
        QStringList ids;
        for (const QJsonValue &item : page)
            ids.append(item.toObject().value("id"_L1).toString());
        return ids;
    }

    qint64 count(const QByteArray &key, const QString &status)
    {
        const HttpResult r = as(key, "GET", platform(u"/items/count?status="_s + status));
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.object().value("count"_L1).toInteger(-1);
    }

    HttpResult mark(const QByteArray &key, const QString &item, const QJsonValue &status)
    {
        return as(key, "POST", u"/platform/annotation-queues/items/%1/status"_s.arg(item),
                  QJsonObject{{"status"_L1, status}});
    }

    HttpResult feedback(const QByteArray &key, const QString &run, const QString &fbKey,
                        const QJsonValue &value)
    {
        return as(key, "POST", u"/feedback"_s,
                  QJsonObject{{"run_id"_L1, run}, {"key"_L1, fbKey}, {"value"_L1, value}});
    }
};

} // namespace

TEST_P(QueueItemsApi, SectionsArePagedByCursorCountedAndPlaced)
{
    const HttpResult first = as(mara, "GET", platform(u"/items?status=needs_my_review&limit=2"_s));
    ASSERT_EQ(first.status, 200) << first.body.toStdString();
    EXPECT_EQ(itemIds(first.object().value("items"_L1).toArray()), items.mid(0, 2));
    const QJsonObject item = first.object().value("items"_L1).toArray().at(0).toObject();
    EXPECT_EQ(item.value("run_id"_L1).toString(), runs[0]);
    EXPECT_EQ(item.value("item_type"_L1).toString(), u"RUN"_s);
    EXPECT_FALSE(item.value("project_id"_L1).toString().isEmpty());
    const QString cursor = first.object().value("next_cursor"_L1).toString();
    ASSERT_FALSE(cursor.isEmpty());
    const HttpResult second =
        as(mara, "GET", platform(u"/items?status=needs_my_review&limit=2&cursor="_s + cursor));
    EXPECT_EQ(itemIds(second.object().value("items"_L1).toArray()), items.mid(2));
    EXPECT_TRUE(second.object().value("next_cursor"_L1).isNull());
    EXPECT_EQ(count(mara, u"needs_my_review"_s), 3);
    EXPECT_EQ(count(mara, u"archived"_s), 0);

    // Mara marks the first item done: with one reviewer needed, it is archived for everyone.
    const HttpResult done = mark(mara, items[0], u"completed"_s);
    ASSERT_EQ(done.status, 200) << done.body.toStdString();
    EXPECT_EQ(done.object().value("is_archived"_L1), QJsonValue(true));
    EXPECT_EQ(count(mara, u"needs_my_review"_s), 2);
    EXPECT_EQ(count(rey, u"archived"_s), 1);
    const QJsonArray archived =
        as(rey, "GET", platform(u"/items?status=archived"_s)).object().value("items"_L1).toArray();
    ASSERT_EQ(itemIds(archived), QStringList{items[0]});
    EXPECT_EQ(archived.at(0).toObject().value("completed_by"_L1), QJsonArray{maraId});
    EXPECT_FALSE(archived.at(0).toObject().value("last_reviewed_time"_L1).isNull());
    EXPECT_EQ(as(rey, "GET", u"/annotation-queues/%1/total_archived"_s.arg(queue)).object().value("size"_L1),
              1);
    EXPECT_EQ(as(rey, "GET", u"/annotation-queues/%1/size?status=needs_my_review"_s.arg(queue))
                  .object()
                  .value("size"_L1),
              2);

    // Placement: the section and position for the caller, and the cursor of a page that starts there.
    const QJsonObject place = as(mara, "GET", platform(u"/items/%1/placement"_s.arg(items[2]))).object();
    EXPECT_EQ(place.value("section"_L1).toString(), u"needs_my_review"_s);
    EXPECT_EQ(place.value("position"_L1).toInt(), 1);
    const QJsonArray there =
        as(mara, "GET",
           platform(u"/items?status=needs_my_review&cursor="_s + place.value("cursor"_L1).toString()))
            .object()
            .value("items"_L1)
            .toArray();
    EXPECT_EQ(itemIds(there), QStringList{items[2]});
    const QJsonObject top = as(mara, "GET", platform(u"/items/%1/placement"_s.arg(items[0]))).object();
    EXPECT_EQ(top.value("section"_L1).toString(), u"archived"_s);
    EXPECT_EQ(top.value("position"_L1).toInt(), 0);
    EXPECT_TRUE(top.value("cursor"_L1).isNull());

    // Threads do not exist here; what Assay does not implement is refused, never ignored.
    EXPECT_TRUE(as(mara, "GET", platform(u"/items?status=needs_my_review&item_type=THREAD"_s))
                    .object()
                    .value("items"_L1)
                    .toArray()
                    .isEmpty());
    EXPECT_EQ(
        as(mara, "GET", platform(u"/items?status=needs_my_review&min_start_time=2026-01-01T00:00:00Z"_s))
            .detail(),
        u"min_start_time: is not supported by Assay"_s);
    EXPECT_EQ(as(mara, "GET", platform(u"/items"_s)).status, 422);
    EXPECT_EQ(as(mara, "GET", platform(u"/items/count?status=archived&start_time=2026-01-01"_s)).status, 400);
}

TEST_P(QueueItemsApi, APersonsFeedbackThroughTheSdkIsTheirReviewOnceTheRubricIsAnswered)
{
    // The note alone does not answer the required field: the item still needs Mara's review.
    ASSERT_EQ(feedback(mara, runs[1], u"note"_s, u"cites the old policy"_s).status, 200);
    EXPECT_EQ(count(mara, u"needs_my_review"_s), 3);
    const HttpResult fb = feedback(mara, runs[1], u"overall_quality"_s, u"bad"_s);
    ASSERT_EQ(fb.status, 200) << fb.body.toStdString();
    EXPECT_EQ(fb.object().value("feedback_source"_L1).toObject().value("user_id"_L1).toString(), maraId);
    EXPECT_EQ(fb.object().value("feedback_source"_L1).toObject().value("user_name"_L1).toString(), u"Mara"_s);
    EXPECT_EQ(count(mara, u"needs_my_review"_s), 2);
    EXPECT_EQ(count(mara, u"archived"_s), 1);

    // Her desktop app sees the same answer, made of her feedback.
    const QJsonArray events =
        as(mara, "GET", u"/review/changes?since=0"_s).object().value("events"_L1).toArray();
    QJsonObject answer;
    for (const QJsonValue &e : events)
        if (e.toObject().value("kind"_L1) == u"annotation"_s)
            answer = e.toObject().value("payload"_L1).toObject();
    EXPECT_EQ(answer.value("run_id"_L1).toString(), runs[1]);
    EXPECT_EQ(answer.value("values"_L1).toObject(),
              (QJsonObject{{"overall_quality"_L1, u"bad"_s}, {"note"_L1, u"cites the old policy"_s}}));
    // A changed score changes her answer; no second answer appears.
    ASSERT_EQ(feedback(mara, runs[1], u"overall_quality"_s, u"good"_s).status, 200);
    EXPECT_EQ(
        srv()
            .scalar(
                u"SELECT COUNT(*) FROM annotations WHERE run_id = '%1' AND status = 'applied'"_s.arg(runs[1]))
            .toInt(),
        1);
    EXPECT_EQ(count(mara, u"archived"_s), 1);

    // A body cannot claim another person.
    const HttpResult claimed = as(
        mara, "POST", u"/feedback"_s,
        QJsonObject{{"run_id"_L1, runs[2]},
                    {"key"_L1, u"note"_s},
                    {"value"_L1, u"x"_s},
                    {"feedback_source"_L1,
                     QJsonObject{{"type"_L1, u"app"_s}, {"user_id"_L1, reyId}, {"user_name"_L1, u"Rey"_s}}}});
    ASSERT_EQ(claimed.status, 200) << claimed.body.toStdString();
    const QJsonObject source = claimed.object().value("feedback_source"_L1).toObject();
    EXPECT_EQ(source.value("user_id"_L1).toString(), maraId);
    EXPECT_EQ(source.value("user_name"_L1).toString(), u"Mara"_s);
    EXPECT_EQ(source.value("type"_L1).toString(), u"api"_s);

    // A service key's feedback is an application's, not a review.
    ASSERT_EQ(feedback(ServerHarness::kAdminKey, runs[2], u"overall_quality"_s, u"good"_s).status, 200);
    EXPECT_EQ(count(mara, u"archived"_s), 1);

    // "done" without feedback is a review too; null takes it back.
    ASSERT_EQ(mark(mara, items[0], u"completed"_s).status, 200);
    EXPECT_EQ(count(mara, u"archived"_s), 2);
    const HttpResult undone = mark(mara, items[0], QJsonValue::Null);
    ASSERT_EQ(undone.status, 200) << undone.body.toStdString();
    EXPECT_EQ(undone.object().value("is_archived"_L1), QJsonValue(false));
    EXPECT_EQ(count(mara, u"archived"_s), 1);
    EXPECT_EQ(mark(mara, items[0], u"skipped"_s).detail(), u"status: expected completed, viewed or null"_s);
}

TEST_P(QueueItemsApi, AReviewerMarksOnlyTheirQueuesAndKeepsTheirDesktopAnswer)
{
    const QString elsewhere = srv()
                                  .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"elsewhere"_s}})
                                  .object()
                                  .value("id"_L1)
                                  .toString();
    const HttpResult other = srv().post(u"/annotation-queues/%1/runs"_s.arg(elsewhere), QJsonArray{runs[0]});
    const QString otherItem = other.array().at(0).toObject().value("id"_L1).toString();
    EXPECT_EQ(mark(rey, otherItem, u"completed"_s).status, 404) << "a queue Rey does not review";
    EXPECT_EQ(mark(mara, otherItem, u"completed"_s).status, 200) << "members review every queue";

    // Rey answers in the desktop app; "done" keeps that answer, null cannot take it back.
    const HttpResult answered =
        as(rey, "POST", u"/review/submit"_s,
           QJsonObject{{"annotations"_L1,
                        QJsonArray{QJsonObject{{"id"_L1, Uuid::v7().toString()},
                                               {"queue_id"_L1, queue},
                                               {"run_id"_L1, runs[0]},
                                               {"rubric_version"_L1, 1},
                                               {"values"_L1, QJsonObject{{"overall_quality"_L1, u"good"_s}}},
                                               {"submitted_at"_L1, u"2026-11-30T09:00:00Z"_s}}}}});
    ASSERT_EQ(answered.status, 200) << answered.body.toStdString();
    ASSERT_EQ(mark(rey, items[0], u"completed"_s).status, 200);
    EXPECT_EQ(srv()
                  .scalar(u"SELECT COUNT(*) FROM annotations WHERE run_id = '%1' AND queue_id = '%2'"_s.arg(
                      runs[0], queue))
                  .toInt(),
              1);
    const HttpResult refused = mark(rey, items[0], QJsonValue::Null);
    EXPECT_EQ(refused.status, 409);
    EXPECT_TRUE(refused.detail().startsWith(u"status: your answer to this item came from the desktop app"_s))
        << refused.detail().toStdString();
    // The classic route is the same action.
    EXPECT_EQ(as(rey, "POST", u"/annotation-queues/status/%1"_s.arg(items[1]),
                 QJsonObject{{"status"_L1, u"completed"_s}})
                  .status,
              200);
    EXPECT_EQ(count(rey, u"archived"_s), 2);
    // The queues a run is in, as far as the caller may see.
    EXPECT_EQ(as(rey, "GET", u"/annotation-queues/%1/queues"_s.arg(runs[0])).array().size(), 1);
    EXPECT_EQ(as(mara, "GET", u"/annotation-queues/%1/queues"_s.arg(runs[0])).array().size(), 2);
}

TEST_P(QueueItemsApi, TimesArePatchedAndItemsAddedAndRemoved)
{
    // Moving the first item behind the others by its added_at (the classic route, by queue_run_id).
    const HttpResult moved = srv().patch(u"/annotation-queues/%1/runs/%2"_s.arg(queue, items[0]),
                                         QJsonObject{{"added_at"_L1, u"2099-01-01T00:00:00Z"_s}});
    ASSERT_EQ(moved.status, 200) << moved.body.toStdString();
    EXPECT_EQ(itemIds(as(mara, "GET", platform(u"/items?status=needs_my_review"_s))
                          .object()
                          .value("items"_L1)
                          .toArray()),
              (QStringList{items[1], items[2], items[0]}));
    const HttpResult reviewed =
        srv().patch(u"/platform/annotation-queues/%1/items/%2"_s.arg(queue, items[1]),
                    QJsonObject{{"last_reviewed_time"_L1, u"2026-12-01T10:00:00Z"_s}});
    ASSERT_EQ(reviewed.status, 200) << reviewed.body.toStdString();
    EXPECT_EQ(reviewed.object().value("last_reviewed_time"_L1).toString(), u"2026-12-01T10:00:00.000000Z"_s);
    EXPECT_EQ(srv()
                  .patch(u"/platform/annotation-queues/%1/items/%2"_s.arg(queue, items[1]),
                         QJsonObject{{"status"_L1, u"done"_s}})
                  .detail(),
              u"status: expected completed, viewed or null"_s);
    EXPECT_EQ(srv()
                  .patch(u"/platform/annotation-queues/%1/items/%2"_s.arg(queue, items[1]),
                         QJsonObject{{"reviewed"_L1, true}})
                  .status,
              400);
    // A status in the PATCH is the caller's status too.
    const HttpResult done = as(mara, "PATCH", u"/annotation-queues/%1/runs/%2"_s.arg(queue, items[2]),
                               QJsonObject{{"status"_L1, u"completed"_s}});
    ASSERT_EQ(done.status, 200) << done.body.toStdString();
    EXPECT_EQ(done.object().value("completed_by"_L1), QJsonArray{maraId});

    // Adding through the items resource: RUN items only, a run already queued not twice.
    const QString run = Uuid::v7().toString();
    ASSERT_EQ(srv().post(u"/runs"_s, QJsonObject{{"id"_L1, run}, {"name"_L1, u"late"_s}}).status, 202);
    const HttpResult created = srv().post(
        platform(u"/items"_s), QJsonObject{{"items"_L1, QJsonArray{QJsonObject{{"run_id"_L1, run}},
                                                                   QJsonObject{{"run_id"_L1, runs[0]}}}}});
    ASSERT_EQ(created.status, 200) << created.body.toStdString();
    EXPECT_EQ(created.object().value("items"_L1).toArray().size(), 1);
    EXPECT_EQ(srv()
                  .post(platform(u"/items"_s),
                        QJsonObject{{"items"_L1, QJsonArray{QJsonObject{{"item_type"_L1, u"THREAD"_s},
                                                                        {"thread_id"_L1, u"t"_s}}}}})
                  .detail(),
              u"items[0].item_type: only RUN items are supported by Assay"_s);
    EXPECT_EQ(srv().get(u"/annotation-queues/%1/total_size"_s.arg(queue)).object().value("size"_L1), 4);

    // Removing by item id, then everything but one run.
    const HttpResult removed =
        srv().post(platform(u"/items/delete"_s), QJsonObject{{"item_ids"_L1, QJsonArray{items[2]}}});
    ASSERT_EQ(removed.status, 200) << removed.body.toStdString();
    EXPECT_EQ(removed.object().value("removed"_L1).toString(), u"1"_s);
    const HttpResult cleared =
        srv().post(u"/annotation-queues/%1/runs/delete"_s.arg(queue),
                   QJsonObject{{"delete_all"_L1, true}, {"exclude_run_ids"_L1, QJsonArray{run}}});
    ASSERT_EQ(cleared.status, 200) << cleared.body.toStdString();
    EXPECT_EQ(cleared.object().value("removed"_L1).toString(), u"2"_s);
    EXPECT_EQ(srv().get(u"/annotation-queues/%1/total_size"_s.arg(queue)).object().value("size"_L1), 1);
    EXPECT_EQ(srv().post(u"/annotation-queues/%1/runs/delete"_s.arg(queue), QJsonObject{}).status, 422);

    // LangSmith's export (the 0.12 SDK's annotationQueues.export): CSV, its time window under its names.
    const HttpResult exported = srv().post(u"/annotation-queues/%1/export"_s.arg(queue),
                                           QJsonObject{{"include_annotator_detail"_L1, true},
                                                       {"start_time"_L1, u"2020-01-01T00:00:00Z"_s}});
    EXPECT_EQ(exported.status, 200) << exported.body.toStdString();
    EXPECT_TRUE(exported.body.startsWith("item_id,run_id,queue_id,")) << exported.body.left(100).toStdString();
    EXPECT_EQ(exported.body.count("\r\n"), 2) << "the header and the one item left";
    const HttpResult future = srv().post(u"/annotation-queues/%1/export"_s.arg(queue),
                                         QJsonObject{{"start_time"_L1, u"2099-01-01T00:00:00Z"_s}});
    EXPECT_EQ(future.body.count("\r\n"), 1) << "a window with nothing in it: the header alone";
}

TEST_P(QueueItemsApi, PopulatingAddsTheRootRunsOfProjectsOnce)
{
    QStringList roots;
    for (int i = 0; i < 2; ++i) {
        roots.append(Uuid::v7().toString());
        ASSERT_EQ(srv()
                      .post(u"/runs"_s, QJsonObject{{"id"_L1, roots.last()},
                                                    {"name"_L1, u"experiment %1"_s.arg(i)},
                                                    {"session_name"_L1, u"experiment"_s}})
                      .status,
                  202);
    }
    ASSERT_EQ(srv()
                  .post(u"/runs"_s, QJsonObject{{"id"_L1, Uuid::v7().toString()},
                                                {"name"_L1, u"child"_s},
                                                {"parent_run_id"_L1, roots[0]},
                                                {"session_name"_L1, u"experiment"_s}})
                  .status,
              202);
    const QString project =
        srv().get(u"/sessions?name=experiment"_s).array().at(0).toObject().value("id"_L1).toString();
    const QJsonObject body{{"queue_id"_L1, queue}, {"session_ids"_L1, QJsonArray{project}}};
    const HttpResult populated = srv().post(u"/annotation-queues/populate"_s, body);
    ASSERT_EQ(populated.status, 200) << populated.body.toStdString();
    EXPECT_EQ(populated.object().value("added"_L1).toInt(), 2) << "the roots, not the child";
    EXPECT_EQ(srv().post(u"/annotation-queues/populate"_s, body).object().value("added"_L1).toInt(), 0);
    EXPECT_EQ(srv().get(u"/annotation-queues/%1/total_size"_s.arg(queue)).object().value("size"_L1).toInt(),
              5);
    EXPECT_EQ(srv().post(u"/annotation-queues/populate"_s, QJsonObject{{"queue_id"_L1, queue}}).detail(),
              u"session_ids: name the projects whose runs fill the queue"_s);
    EXPECT_EQ(
        srv()
            .post(u"/annotation-queues/populate"_s, QJsonObject{{"queue_id"_L1, Uuid::v7().toString()},
                                                                {"session_ids"_L1, QJsonArray{project}}})
            .status,
        404);
    EXPECT_EQ(as(rey, "POST", u"/annotation-queues/populate"_s, body).status, 403);
}

TEST_P(QueueItemsApi, MatchingRunsCountsAFilterAndNamesTheRunsNotYetQueued)
{
    // Three more runs in "p" with a score: two under 0.5; one of them is queued already.
    QStringList scored;
    for (double score : {0.2, 0.4, 0.9}) {
        scored.append(Uuid::v7().toString());
        ASSERT_EQ(srv()
                      .post(u"/runs"_s,
                            QJsonObject{{"id"_L1, scored.last()},
                                        {"name"_L1, u"scored"_s},
                                        {"session_name"_L1, u"p"_s},
                                        {"extra"_L1,
                                         QJsonObject{{"metadata"_L1, QJsonObject{{"eval_score"_L1, score}}}}},
                                        {"end_time"_L1, u"2026-11-30T08:00:00Z"_s}})
                      .status,
                  202);
    }
    ASSERT_EQ(srv().post(u"/annotation-queues/%1/runs"_s.arg(queue), QJsonArray{scored[1]}).status, 200);
    const QString project =
        srv().get(u"/sessions?name=p"_s).array().at(0).toObject().value("id"_L1).toString();
    const QString route = u"/annotation-queues/%1/matching-runs"_s.arg(queue);
    const HttpResult matching = srv().post(route, QJsonObject{{"session"_L1, QJsonArray{project}},
                                                              {"filter"_L1, u"metadata.eval_score < 0.5"_s}});
    ASSERT_EQ(matching.status, 200) << matching.body.toStdString();
    EXPECT_EQ(matching.object().value("matching"_L1).toInt(), 2);
    EXPECT_EQ(matching.object().value("already_queued"_L1).toInt(), 1);
    EXPECT_EQ(matching.object().value("run_ids"_L1).toArray(), QJsonArray{scored[0]});
    EXPECT_FALSE(matching.object().value("truncated"_L1).toBool());
    // Every run of the project: the three queued at set-up and scored[1] are already there.
    const QJsonObject all = srv().post(route, QJsonObject{{"session"_L1, project}}).object();
    EXPECT_EQ(all.value("matching"_L1).toInt(), 6);
    EXPECT_EQ(all.value("already_queued"_L1).toInt(), 4);
    // A mistake in the filter names its place; a project is required.
    const HttpResult bad =
        srv().post(route, QJsonObject{{"session"_L1, project}, {"filter"_L1, u"metadata.eval_score <"_s}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.detail().startsWith(u"filter:1:"_s)) << bad.detail().toStdString();
    EXPECT_EQ(srv().post(route, QJsonObject{}).detail(),
              u"session: name the project whose runs are counted"_s);
    EXPECT_EQ(srv()
                  .post(u"/annotation-queues/%1/matching-runs"_s.arg(Uuid::v7().toString()),
                        QJsonObject{{"session"_L1, project}})
                  .status,
              404);

    // Membership: the queues holding each run; runs in none are left out.
    const QString other = srv()
                              .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"second"_s}})
                              .object()
                              .value("id"_L1)
                              .toString();
    ASSERT_EQ(srv().post(u"/annotation-queues/%1/runs"_s.arg(other), QJsonArray{scored[1]}).status, 200);
    const HttpResult held =
        srv().post(u"/annotation-queues/membership"_s,
                   QJsonObject{{"run_ids"_L1, QJsonArray{scored[0], scored[1], runs[0]}}});
    ASSERT_EQ(held.status, 200) << held.body.toStdString();
    const QJsonObject byRun = held.object().value("runs"_L1).toObject();
    EXPECT_FALSE(byRun.contains(scored[0]));
    QStringList names;
    for (const QJsonValue &q : byRun.value(scored[1]).toArray())
        names.append(q.toObject().value("name"_L1).toString());
    names.sort();
    EXPECT_EQ(names, (QStringList{u"review"_s, u"second"_s}));
    EXPECT_EQ(byRun.value(runs[0]).toArray().size(), 1);
    EXPECT_EQ(srv().post(u"/annotation-queues/membership"_s, QJsonObject{{"run_id"_L1, runs[0]}}).status,
              400);
}

ASSAY_SERVER_TEST_SUITE(QueueItemsApi);
