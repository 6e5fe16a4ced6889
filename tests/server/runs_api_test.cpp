// Runs over HTTP, on SQLite and PostgreSQL: what the SDK sends (tests/data/langsmith-wire) goes in,
// comes back out, and /runs/query finds it with the filter language.

#include "serverharness.h"

#include <printers.h>
#include <testdata.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class RunsApi : public ServerTest {
protected:
    // Replays the SDK's captured requests of one file (their urls already start with /api/v1).
    void replay(const QString &file)
    {
        for (const WireRequest &r : loadWire(file)) {
            if (r.url.endsWith(u"/info"_s) || r.url.endsWith(u"/runs/multipart"_s))
                continue;
            const HttpResult res = srv().request(r.method.toLatin1(), r.url.mid(7), r.body);
            ASSERT_EQ(res.status, 202)
                << r.method.toStdString() << ' ' << r.url.toStdString() << ": " << res.body.toStdString();
        }
    }

    QJsonObject run(const QString &id)
    {
        const HttpResult r = srv().get(u"/runs/"_s + id);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.object();
    }

    QStringList query(const QJsonObject &body)
    {
        const HttpResult r = srv().post(u"/runs/query"_s, body);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        QStringList names;
        for (const QJsonValue &v : r.object().value("runs"_L1).toArray())
            names.append(v.toObject().value("name"_L1).toString());
        names.sort();
        return names;
    }

    // The id of the first run a query answers.
    QString firstRunId(const QJsonObject &body)
    {
        return srv()
            .post(u"/runs/query"_s, body)
            .object()
            .value("runs"_L1)
            .toArray()
            .at(0)
            .toObject()
            .value("id"_L1)
            .toString();
    }

    void postRun(const QString &name, const QJsonObject &extra)
    {
        QJsonObject body{{"id"_L1, Uuid::v7().toString()},
                         {"name"_L1, name},
                         {"run_type"_L1, u"chain"_s},
                         {"session_name"_L1, u"query-test"_s},
                         {"inputs"_L1, QJsonObject{{"q"_L1, name}}}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            body.insert(it.key(), it.value());
        const HttpResult r = srv().post(u"/runs"_s, body);
        ASSERT_EQ(r.status, 202) << r.body.toStdString();
    }
};

} // namespace

TEST_P(RunsApi, InfoIsPublicAndSaysHowToSendRuns)
{
    const HttpResult r = srv().request("GET", u"/info"_s, {}, {});
    ASSERT_EQ(r.status, 200);
    const QJsonObject batch = r.object().value("batch_ingest_config"_L1).toObject();
    EXPECT_EQ(batch.value("use_multipart_endpoint"_L1), QJsonValue(false));
    EXPECT_GT(batch.value("size_limit_bytes"_L1).toDouble(), 1e6);
    EXPECT_EQ(r.object().value("instance_flags"_L1).toObject().value("dataset_examples_multipart_enabled"_L1),
              QJsonValue(true));
}

TEST_P(RunsApi, KeysAreCheckedAndUnknownRoutesSayNotFound)
{
    EXPECT_EQ(srv().request("GET", u"/sessions"_s, {}, {}).status, 401);
    const HttpResult wrong = srv().request("GET", u"/sessions"_s, {}, "not-a-key");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.detail(), u"invalid API key"_s);
    const HttpResult missing = srv().get(u"/nothing/here"_s);
    EXPECT_EQ(missing.status, 404);
    EXPECT_TRUE(missing.detail().contains(u"not found"_s));
    EXPECT_EQ(srv().post(u"/runs/multipart"_s, QJsonObject{}).status, 404)
        << "the SDK falls back to /runs/batch on 404";
    const HttpResult noRun = srv().get(u"/runs/018f0000-0000-7000-8000-000000000001"_s);
    EXPECT_EQ(noRun.status, 404);
    EXPECT_TRUE(noRun.detail().contains(u"not found"_s));
    EXPECT_EQ(srv().get(u"/runs/not-a-uuid"_s).status, 422);
}

TEST_P(RunsApi, TheSdksBatchIsStoredWithParentsAndStatus)
{
    replay(u"wire-batch-json.jsonl"_s);
    const QJsonObject root = run(u"01a22b51-8fbb-7000-8000-0010eae8c568"_s);
    EXPECT_EQ(root.value("name"_L1).toString(), u"tree"_s);
    EXPECT_EQ(root.value("status"_L1).toString(), u"success"_s);
    EXPECT_EQ(root.value("start_time"_L1).toString(), u"2026-11-30T07:18:15.227001Z"_s);
    EXPECT_EQ(root.value("end_time"_L1).toString(), u"2026-11-30T07:18:15.268000Z"_s);
    EXPECT_EQ(
        root.value("extra"_L1).toObject().value("metadata"_L1).toObject().value("eval_score"_L1).toDouble(),
        1.0);
    const QJsonObject child = run(u"01a22b51-8fe3-7000-8000-0291d3ffeffb"_s);
    EXPECT_EQ(child.value("parent_run_id"_L1).toString(), u"01a22b51-8fbb-7000-8000-0010eae8c568"_s);
    EXPECT_EQ(child.value("trace_id"_L1).toString(), u"01a22b51-8fbb-7000-8000-0010eae8c568"_s);
    // session_name "p" created the project.
    const HttpResult projects = srv().get(u"/sessions?name=p"_s);
    ASSERT_EQ(projects.array().size(), 1);
    EXPECT_EQ(root.value("session_id"_L1).toString(),
              projects.array().at(0).toObject().value("id"_L1).toString());
}

TEST_P(RunsApi, ARunWithoutTraceIdIsGivenItsTracesRootNeverNull)
{
    // Python's Run model refuses trace_id null: a root is its own trace, a grandchild posted alone (in a
    // later request than its parent) belongs to the root of its parent's trace, and a child whose parent
    // has not arrived takes the root its dotted order names.
    const QString root = Uuid::v7().toString(), child = Uuid::v7().toString(),
                  grandchild = Uuid::v7().toString();
    auto post = [&](const QJsonObject &body) { ASSERT_EQ(srv().post(u"/runs"_s, body).status, 202); };
    post(QJsonObject{{"id"_L1, root}, {"name"_L1, u"root"_s}});
    post(QJsonObject{{"id"_L1, child}, {"name"_L1, u"child"_s}, {"parent_run_id"_L1, root}});
    post(QJsonObject{{"id"_L1, grandchild}, {"name"_L1, u"grandchild"_s}, {"parent_run_id"_L1, child}});
    EXPECT_EQ(run(root).value("trace_id"_L1).toString(), root);
    EXPECT_EQ(run(child).value("trace_id"_L1).toString(), root);
    EXPECT_EQ(run(grandchild).value("trace_id"_L1).toString(), root);
    const QString orphan = Uuid::v7().toString(), absentParent = Uuid::v7().toString(),
                  farRoot = u"0192f3a0-2222-7000-8000-000000000009"_s;
    post(QJsonObject{{"id"_L1, orphan},
                     {"name"_L1, u"orphan"_s},
                     {"parent_run_id"_L1, absentParent},
                     {"dotted_order"_L1,
                      u"20261130T081500000000Z%1.20261130T081501000000Z%2.20261130T081502000000Z%3"_s.arg(
                          farRoot, absentParent, orphan)}});
    EXPECT_EQ(run(orphan).value("trace_id"_L1).toString(), farRoot);
}

TEST_P(RunsApi, PostThenPatchAndPatchBeforePostAndReplaysAgree)
{
    replay(u"wire-direct.jsonl"_s);
    const QJsonObject direct = run(u"01a22b51-89c3-774e-a986-cb0ee0e2b8ab"_s);
    EXPECT_EQ(direct.value("status"_L1).toString(), u"success"_s);
    EXPECT_EQ(direct.value("outputs"_L1).toObject().value("a"_L1).toString(), u"yo"_s);
    replay(u"wire-direct.jsonl"_s); // the SDK retries: replays change nothing
    EXPECT_EQ(run(u"01a22b51-89c3-774e-a986-cb0ee0e2b8ab"_s), direct);

    const QString id = Uuid::v7().toString();
    ASSERT_EQ(srv()
                  .post(u"/runs/batch"_s,
                        QJsonObject{{"post"_L1, QJsonArray()},
                                    {"patch"_L1,
                                     QJsonArray{QJsonObject{{"id"_L1, id},
                                                            {"outputs"_L1, QJsonObject{{"a"_L1, 1}}},
                                                            {"end_time"_L1, u"2026-11-30T08:00:01Z"_s}}}}})
                  .status,
              202);
    ASSERT_EQ(
        srv()
            .post(u"/runs/batch"_s,
                  QJsonObject{{"post"_L1, QJsonArray{QJsonObject{{"id"_L1, id},
                                                                 {"name"_L1, u"late post"_s},
                                                                 {"start_time"_L1, u"2026-11-30T08:00:00Z"_s},
                                                                 {"inputs"_L1, QJsonObject{{"q"_L1, 1}}}}}},
                              {"patch"_L1, QJsonArray()}})
            .status,
        202);
    const QJsonObject merged = run(id);
    EXPECT_EQ(merged.value("name"_L1).toString(), u"late post"_s);
    EXPECT_EQ(merged.value("outputs"_L1).toObject().value("a"_L1).toInt(), 1);
    EXPECT_EQ(merged.value("status"_L1).toString(), u"success"_s);
    EXPECT_EQ(merged.value("session_name"_L1).toString(), u""_s);
    EXPECT_FALSE(merged.value("session_id"_L1).toString().isEmpty())
        << "runs without a project land in 'default'";
}

TEST_P(RunsApi, ABadBatchIsRefusedWholeWithTheFieldNamed)
{
    const QString good = Uuid::v7().toString();
    const HttpResult r =
        srv().post(u"/runs/batch"_s,
                   QJsonObject{{"post"_L1, QJsonArray{QJsonObject{{"id"_L1, good}, {"name"_L1, u"fine"_s}},
                                                      QJsonObject{{"id"_L1, Uuid::v7().toString()},
                                                                  {"start_time"_L1, u"soon"_s}}}}});
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(r.detail().startsWith(u"post[1].start_time: "_s)) << r.detail().toStdString();
    EXPECT_EQ(srv().get(u"/runs/"_s + good).status, 404) << "nothing half-written";

    const HttpResult malformed = srv().request("POST", u"/runs/batch"_s, "{\"post\": [");
    EXPECT_EQ(malformed.status, 400);
    EXPECT_TRUE(malformed.detail().startsWith(u"malformed JSON at byte"_s))
        << malformed.detail().toStdString();
    const HttpResult patchWithoutId =
        srv().post(u"/runs/batch"_s, QJsonObject{{"patch"_L1, QJsonArray{QJsonObject{{"name"_L1, u"x"_s}}}}});
    EXPECT_EQ(patchWithoutId.status, 400);
    EXPECT_EQ(patchWithoutId.detail(), u"patch[0].id: is required"_s);
    EXPECT_EQ(srv().post(u"/runs"_s, QJsonArray{}).status, 400);
}

TEST_P(RunsApi, QueryFiltersWithBothSyntaxesAndPages)
{
    postRun(u"slow"_s,
            QJsonObject{{"start_time"_L1, u"2026-11-30T08:00:00Z"_s},
                        {"end_time"_L1, u"2026-11-30T08:00:12Z"_s},
                        {"tags"_L1, QJsonArray{u"beta"_s}},
                        {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"eval_score"_L1, 0.9}}}}}});
    postRun(u"low"_s,
            QJsonObject{{"start_time"_L1, u"2026-11-30T08:01:00Z"_s},
                        {"end_time"_L1, u"2026-11-30T08:01:01Z"_s},
                        {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"eval_score"_L1, 0.2},
                                                                             {"user_id"_L1, u"u-1"_s}}}}}});
    postRun(u"broken"_s,
            QJsonObject{{"start_time"_L1, u"2026-11-30T08:02:00Z"_s}, {"error"_L1, u"TimeoutError"_s}});
    EXPECT_EQ(query(QJsonObject{{"filter"_L1, u"metadata.eval_score < 0.5"_s}}), QStringList{u"low"_s});
    EXPECT_EQ(query(QJsonObject{{"filter"_L1, u"gt(latency, \"5s\")"_s}}), QStringList{u"slow"_s});
    EXPECT_EQ(query(QJsonObject{{"filter"_L1, u"has(tags, \"beta\")"_s}}), QStringList{u"slow"_s});
    EXPECT_EQ(query(QJsonObject{{"filter"_L1, u"neq(error, null)"_s}}), QStringList{u"broken"_s});
    EXPECT_EQ(query(QJsonObject{
                  {"filter"_L1, u"and(eq(metadata_key, \"user_id\"), eq(metadata_value, \"u-1\"))"_s}}),
              QStringList{u"low"_s});
    EXPECT_EQ(query(QJsonObject{{"error"_L1, false}}), (QStringList{u"low"_s, u"slow"_s}));
    EXPECT_EQ(query(QJsonObject{{"start_time"_L1, u"2026-11-30T08:00:30Z"_s}}),
              (QStringList{u"broken"_s, u"low"_s}));

    // Feedback pairs: the thumbs-down arrives later and the run now matches.
    const QString lowId = firstRunId(QJsonObject{{"filter"_L1, u"eq(name, \"low\")"_s}});
    EXPECT_TRUE(
        query(QJsonObject{{"filter"_L1, u"and(eq(feedback_key, \"user_score\"), lt(feedback_score, 0.5))"_s}})
            .isEmpty());
    ASSERT_EQ(srv()
                  .post(u"/feedback"_s,
                        QJsonObject{{"run_id"_L1, lowId}, {"key"_L1, u"user_score"_s}, {"score"_L1, 0.1}})
                  .status,
              200);
    EXPECT_EQ(query(QJsonObject{
                  {"filter"_L1, u"and(eq(feedback_key, \"user_score\"), lt(feedback_score, 0.5))"_s}}),
              QStringList{u"low"_s});
    // A filter that reads feedback hands its runs' feedback on to feedback_stats.
    const HttpResult byFeedback =
        srv().post(u"/runs/query"_s, QJsonObject{{"filter"_L1, u"has_feedback_key(\"user_score\")"_s}});
    ASSERT_EQ(byFeedback.object().value("runs"_L1).toArray().size(), 1) << byFeedback.body.toStdString();
    EXPECT_EQ(byFeedback.object()["runs"_L1][0]["feedback_stats"_L1]["user_score"_L1]["n"_L1].toInt(), 1);
    EXPECT_EQ(run(lowId)
                  .value("feedback_stats"_L1)
                  .toObject()
                  .value("user_score"_L1)
                  .toObject()
                  .value("n"_L1)
                  .toInt(),
              1);

    // Pages: limit 2, then the cursor; the SDK stops when cursors.next is null.
    const HttpResult first = srv().post(u"/runs/query"_s, QJsonObject{{"limit"_L1, 2}});
    ASSERT_EQ(first.object().value("runs"_L1).toArray().size(), 2);
    const QString cursor = first.object().value("cursors"_L1).toObject().value("next"_L1).toString();
    ASSERT_FALSE(cursor.isEmpty());
    const HttpResult second =
        srv().post(u"/runs/query"_s, QJsonObject{{"limit"_L1, 2}, {"cursor"_L1, cursor}});
    EXPECT_EQ(second.object().value("runs"_L1).toArray().size(), 1);
    EXPECT_TRUE(second.object().value("cursors"_L1).toObject().value("next"_L1).isNull());

    const HttpResult badFilter =
        srv().post(u"/runs/query"_s, QJsonObject{{"filter"_L1, u"and(eq(name, \"x\")"_s}});
    EXPECT_EQ(badFilter.status, 400);
    EXPECT_EQ(badFilter.detail(),
              u"filter:1:18: expected ')' after the arguments of and(), found the end of the filter"_s);
}

TEST_P(RunsApi, TraceAndTreeFiltersLookAtTheRestOfTheTrace)
{
    replay(u"wire-batch-json.jsonl"_s); // root "tree" (chain) with child "child" (llm)
    EXPECT_EQ(query(QJsonObject{{"trace_filter"_L1, u"eq(name, \"tree\")"_s}, {"is_root"_L1, false}}),
              QStringList{u"child"_s});
    EXPECT_EQ(query(QJsonObject{{"tree_filter"_L1, u"eq(run_type, \"llm\")"_s}}), QStringList{u"tree"_s});
    EXPECT_EQ(query(QJsonObject{{"is_root"_L1, true}}), QStringList{u"tree"_s});
    EXPECT_EQ(query(QJsonObject{{"trace"_L1, u"01a22b51-8fbb-7000-8000-0010eae8c568"_s}}),
              (QStringList{u"child"_s, u"tree"_s}));
    EXPECT_EQ(query(QJsonObject{{"id"_L1, QJsonArray{u"01a22b51-8fe3-7000-8000-0291d3ffeffb"_s}},
                                {"is_root"_L1, true}}),
              QStringList{u"child"_s})
        << "id means exactly these runs";
}

// Security review, finding 10: one body cannot carry millions of runs.
TEST_P(RunsApi, ABatchHasAtMostTenThousandEntries)
{
    QByteArray body = R"({"post":[)";
    for (int i = 0; i < 10001; ++i)
        body += (i ? "," : "") + QByteArray(R"({"name":"r","run_type":"chain"})");
    body += "]}";
    const HttpResult r = srv().request("POST", u"/runs/batch"_s, body);
    EXPECT_EQ(r.status, 413) << r.body.left(300).toStdString();
    EXPECT_EQ(
        r.detail(),
        u"a batch may carry at most 10000 runs (post and patch entries with their child runs), got 10001"_s);
    EXPECT_EQ(
        srv().post(u"/runs/query"_s, QJsonObject{{"limit"_L1, 1}}).object().value("runs"_L1).toArray().size(),
        0)
        << "nothing of the refused batch was stored";
}

namespace {

// Follows cursors.next from a first query to the end; the ids in the order they came, and how many
// pages came back short of the limit with a cursor still to follow.
QStringList allPages(ServerHarness &srv, QJsonObject query, int *partialPages = nullptr)
{
    QStringList ids;
    for (int page = 0; page < 10000; ++page) {
        const HttpResult r = srv.post(u"/runs/query"_s, query);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        const QJsonArray runs = r.object().value("runs"_L1).toArray();
        for (const QJsonValue &run : runs)
            ids.append(run.toObject().value("id"_L1).toString());
        const QJsonValue next = r.object().value("cursors"_L1).toObject().value("next"_L1);
        if (!next.isString())
            return ids;
        if (partialPages && runs.size() < query.value("limit"_L1).toInt())
            ++*partialPages;
        query.insert("cursor"_L1, next);
    }
    ADD_FAILURE() << "cursors did not end";
    return ids;
}

// 600 runs, a third with metadata.eval_score < 0.3, some without a start time (a patch before its post).
QSet<QString> seedRunsForPaging(ServerHarness &srv)
{
    QJsonArray post;
    QSet<QString> low;
    for (int i = 0; i < 600; ++i) {
        const QString id = Uuid::v7().toString();
        const double score = (i % 3) * 0.3 + 0.1;
        QJsonObject run{{"id"_L1, id},
                        {"name"_L1, u"r%1"_s.arg(i)},
                        {"run_type"_L1, u"chain"_s},
                        {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"eval_score"_L1, score}}}}}};
        if (i % 50 != 0) // every 50th has no start time
            run.insert("start_time"_L1,
                       u"2026-11-30T08:%1:00Z"_s.arg(i % 60, 2, 10, QChar(u'0'))); // many ties
        post.append(run);
        if (score < 0.3)
            low.insert(id);
    }
    EXPECT_EQ(srv.post(u"/runs/batch"_s, QJsonObject{{"post"_L1, post}}).status, 202);
    return low;
}

} // namespace

// Issue 12, first step: cursors are positions, not offsets.
TEST_P(RunsApi, PositionCursorsVisitEveryMatchingRunOnce)
{
    const QSet<QString> low = seedRunsForPaging(srv());
    const QStringList paged =
        allPages(srv(), QJsonObject{{"filter"_L1, u"lt(metadata.eval_score, 0.3)"_s}, {"limit"_L1, 7}});
    EXPECT_EQ(paged.size(), low.size()) << "no run twice";
    EXPECT_EQ(QSet<QString>(paged.begin(), paged.end()), low)
        << "and none left out, ties and missing start times included";
    const QStringList unfiltered = allPages(srv(), QJsonObject{{"limit"_L1, 100}});
    EXPECT_EQ(unfiltered.size(), 600);
    EXPECT_EQ(QSet<QString>(unfiltered.begin(), unfiltered.end()).size(), 600);
    const QStringList oneGo = allPages(srv(), QJsonObject{{"limit"_L1, 1000}});
    EXPECT_EQ(unfiltered, oneGo) << "the same order whatever the page size";
    EXPECT_EQ(srv().post(u"/runs/query"_s, QJsonObject{{"cursor"_L1, u"p:12:not-an-id"_s}}).status, 400);
    // A cursor from an earlier version (an offset) still places the first page.
    const QJsonArray fromOffset =
        srv()
            .post(u"/runs/query"_s, QJsonObject{{"limit"_L1, 3}, {"cursor"_L1, u"o:5"_s}})
            .object()
            .value("runs"_L1)
            .toArray();
    ASSERT_EQ(fromOffset.size(), 3);
    EXPECT_EQ(fromOffset.at(0).toObject().value("id"_L1).toString(), oneGo.at(5));
}

// Issue 14: the lead's table counts a project's roots and jumps to row N (an o:N cursor) in the index.
TEST_P(RunsApi, RunStatsCountAndOffsetCursorsJumpToTheRowInBothOrders)
{
    seedRunsForPaging(srv());
    const QString project =
        srv().get(u"/sessions?name=default"_s).array().at(0).toObject().value("id"_L1).toString();
    ASSERT_FALSE(project.isEmpty());
    const QString root = firstRunId(QJsonObject{{"limit"_L1, 1}});
    ASSERT_FALSE(root.isEmpty());
    QJsonArray children;
    for (int i = 0; i < 5; ++i)
        children.append(QJsonObject{{"id"_L1, Uuid::v7().toString()},
                                    {"name"_L1, u"child %1"_s.arg(i)},
                                    {"run_type"_L1, u"llm"_s},
                                    {"parent_run_id"_L1, root},
                                    {"trace_id"_L1, root},
                                    {"start_time"_L1, u"2026-11-30T09:00:00Z"_s}});
    ASSERT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"post"_L1, children}}).status, 202);
    const auto count = [&](QJsonObject body) {
        body.insert("session"_L1, QJsonArray{project});
        const HttpResult r = srv().post(u"/runs/stats"_s, body);
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.object().value("run_count"_L1).toInteger(-1);
    };
    EXPECT_EQ(count({}), 605);
    EXPECT_EQ(count({{"is_root"_L1, true}}), 600);
    EXPECT_EQ(count({{"is_root"_L1, false}}), 5);
    EXPECT_EQ(count({{"run_type"_L1, u"llm"_s}}), 5);
    const HttpResult filtered =
        srv().post(u"/runs/stats"_s,
                   QJsonObject{{"session"_L1, QJsonArray{project}}, {"filter"_L1, u"eq(name, \"r1\")"_s}});
    EXPECT_EQ(filtered.status, 400);
    EXPECT_TRUE(filtered.detail().startsWith(u"filter: "_s)) << filtered.detail().toStdString();
    EXPECT_EQ(srv().post(u"/runs/stats"_s, QJsonObject{{"session"_L1, u"nope"_s}}).status, 400);

    for (const QString &order : {u"desc"_s, u"asc"_s}) {
        const QJsonObject roots{
            {"session"_L1, QJsonArray{project}}, {"is_root"_L1, true}, {"order"_L1, order}};
        QJsonObject everything = roots;
        everything.insert("limit"_L1, 1000);
        const QStringList listing = allPages(srv(), everything);
        ASSERT_EQ(listing.size(), 600);
        for (const int row : {1, 49, 250, 599}) {
            QJsonObject jump = roots;
            jump.insert("limit"_L1, 100);
            jump.insert("cursor"_L1, u"o:%1"_s.arg(row));
            const QStringList fromRow = allPages(srv(), jump);
            EXPECT_EQ(fromRow, listing.mid(row)) << order.toStdString() << " from row " << row
                                                 << ": the page starts there and its cursors go on in order";
        }
        QJsonObject past = roots;
        past.insert("cursor"_L1, u"o:600"_s);
        const HttpResult end = srv().post(u"/runs/query"_s, past);
        EXPECT_EQ(end.status, 200);
        EXPECT_TRUE(end.object().value("runs"_L1).toArray().isEmpty());
        EXPECT_TRUE(end.object().value("cursors"_L1).toObject().value("next"_L1).isNull());
    }
}

TEST(RunsQueryBudget, AQueryPastItsBudgetAnswersWhatItFoundAndACursor)
{
    ServerHarness srv(Dialect::Sqlite, {}, {}, [](server::ServerOptions &o) { o.queryBudgetMs = 0; });
    ASSERT_TRUE(srv.started());
    const QSet<QString> low = seedRunsForPaging(srv);
    int partial = 0;
    const QStringList paged =
        // not(...) is evaluated in C++ only (nothing narrows it in SQL), so the scan meets the budget
        allPages(srv, QJsonObject{{"filter"_L1, u"not(gte(metadata.eval_score, 0.3))"_s}, {"limit"_L1, 150}},
                 &partial);
    EXPECT_GE(partial, 1) << "with no budget, each answer stops after one scan of 250 runs";
    EXPECT_EQ(paged.size(), low.size());
    EXPECT_EQ(QSet<QString>(paged.begin(), paged.end()), low)
        << "following the cursors still finds every run once";
}

ASSAY_SERVER_TEST_SUITE(RunsApi);

TEST(HttpLimits, AnOversizedBodyIsRefusedWith413)
{
    ServerHarness srv(assay::server::Dialect::Sqlite);
    ASSERT_TRUE(srv.started());
    const QByteArray big = "{\"post\":[{\"name\":\"" + QByteArray(21 * 1024 * 1024, 'x') + "\"}]}";
    const HttpResult r = srv.request("POST", u"/runs/batch"_s, big);
    EXPECT_EQ(r.status, 413);
    EXPECT_TRUE(r.detail().contains(u"the limit is 20971520"_s)) << r.body.left(200).toStdString();
    EXPECT_EQ(srv.post(u"/runs/query"_s, QJsonObject{}).object().value("runs"_L1).toArray().size(), 0)
        << "nothing stored";
}

TEST(HttpPaths, TheBareHostAndThePlatformPrefixReachTheSameRoutes)
{
    EXPECT_EQ(assay::server::apiPath(u"/api/v1/runs/batch"_s), u"/runs/batch"_s);
    EXPECT_EQ(assay::server::apiPath(u"/runs/batch"_s), u"/runs/batch"_s);
    EXPECT_EQ(assay::server::apiPath(u"/v1/platform/datasets/x/examples"_s),
              u"/platform/datasets/x/examples"_s);
    EXPECT_EQ(assay::server::apiPath(u"/api/v1/platform/datasets/x/examples"_s),
              u"/platform/datasets/x/examples"_s);
    EXPECT_EQ(assay::server::apiPath(u"/api/v1"_s), u"/"_s);
}

TEST(RateLimits, AKeyOverItsRateWaitsAndOthersDoNot)
{
    ServerHarness srv(assay::server::Dialect::Sqlite, {2, 5, 10, 20});
    ASSERT_TRUE(srv.started());
    const QByteArray other =
        srv.post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"other"_s}, {"role"_L1, u"member"_s}})
            .object()
            .value("key"_L1)
            .toString()
            .toUtf8();
    int limited = 0;
    for (int i = 0; i < 10; ++i) {
        const HttpResult r = srv.get(u"/sessions"_s);
        if (r.status == 429) {
            ++limited;
            EXPECT_TRUE(r.detail().contains(u"too many requests"_s));
            EXPECT_GE(r.retryAfter.toInt(), 1) << "Retry-After: " << r.retryAfter.toStdString();
        }
    }
    EXPECT_GE(limited, 4) << "a burst of 5 (one of them spent creating the other key), then 2 a second";
    EXPECT_EQ(srv.request("GET", u"/sessions"_s, {}, other).status, 200) << "another key has its own bucket";
}

TEST(RateLimits, GuessingKeysFromOneAddressIsSlowedDown)
{
    ServerHarness srv(assay::server::Dialect::Sqlite, {1000, 2000, 1, 3});
    ASSERT_TRUE(srv.started());
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(srv.request("GET", u"/sessions"_s, {}, "guess-" + QByteArray::number(i)).status, 401);
    const HttpResult blocked = srv.request("GET", u"/sessions"_s, {}, "guess-4");
    EXPECT_EQ(blocked.status, 429);
    EXPECT_EQ(blocked.detail(), u"too many failed authentications from this address"_s);
    EXPECT_GE(blocked.retryAfter.toInt(), 20) << "one failure a minute refills a token in about a minute";
    EXPECT_EQ(srv.get(u"/sessions"_s).status, 200)
        << "a right key is served: failures are limited, not successes (the address may be a shared NAT)";
    EXPECT_EQ(srv.request("GET", u"/info"_s, {}, {}).status, 200) << "public routes stay open";
}
