// The authorization matrix: one row per route (method + pattern) saying what each role gets, checked
// against a live server on SQLite and PostgreSQL. A route without a row, or a row without a route,
// fails the test, so a new route cannot ship without deciding who may call it.
//   A = allowed (the handler runs), F = forbidden (403), H = hidden (404, as if it did not exist)
// Columns: admin, member, ingest, reviewer on its own queue, reviewer on another queue.

#include "serverharness.h"

#include <printers.h>

#include <QRegularExpression>
#include <QThread>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

struct Row {
    const char *method;
    const char *pattern;
    const char *expected; // 5 letters, one per column
};

const Row kMatrix[] = {
    // public
    {"GET", "/info", "AAAAA"},
    {"GET", "/healthz", "AAAAA"},
    {"GET", "/readyz", "AAAAA"},
    {"GET", "/metrics", "AFFFF"},
    {"GET", "/feedback/tokens/{token}", "AAAAA"},
    {"POST", "/feedback/tokens/{token}", "AAAAA"},
    // sending runs and feedback: apps (ingest keys) and people
    {"POST", "/runs", "AAAFF"},
    {"POST", "/runs/batch", "AAAFF"},
    {"PATCH", "/runs/{id}", "AAAFF"},
    {"POST", "/feedback", "AAAFF"},
    {"POST", "/feedback/tokens", "AAAFF"},
    {"POST", "/annotation-queues/{id}/runs", "AAAFF"},
    {"POST", "/annotation-queues/{id}/runs/by-key", "AAAFF"},
    {"POST", "/platform/annotation-queues/{id}/items", "AAAFF"},
    // reading queues: reviewers for their own queues only
    {"GET", "/annotation-queues", "AAFAA"},
    {"GET", "/annotation-queues/{id}", "AAFAH"},
    {"GET", "/annotation-queues/{id}/runs", "AAFAH"},
    {"GET", "/annotation-queues/{id}/run/{index}", "AAFAH"},
    {"GET", "/annotation-queues/{id}/size", "AAFAH"},
    {"GET", "/annotation-queues/{id}/total_size", "AAFAH"},
    {"GET", "/annotation-queues/{id}/total_archived", "AAFAH"},
    {"GET", "/annotation-queues/{id}/queues", "AAFAA"}, // {id} is a run: the queues the caller sees
    {"GET", "/platform/annotation-queues/{id}/items", "AAFAH"},
    {"GET", "/platform/annotation-queues/{id}/items/count", "AAFAH"},
    {"GET", "/platform/annotation-queues/{id}/items/{item}/placement", "AAFAH"},
    // a reviewer marks items of their own queues done
    {"POST", "/annotation-queues/status/{item}", "AAFAH"},
    {"POST", "/platform/annotation-queues/items/{item}/status", "AAFAH"},
    // the review protocol: reviewers (queue scope is checked per request, see review_protocol_test)
    {"GET", "/review/me", "AAFAA"},
    {"POST", "/review/checkout", "AAFAA"},
    {"POST", "/review/submit", "AAFAA"},
    {"POST", "/review/release", "AAFAA"},
    {"GET", "/review/changes", "AAFAA"},
    // the project's data: members
    {"GET", "/runs/{id}", "AAFFF"},
    {"POST", "/runs/query", "AAFFF"},
    {"POST", "/runs/stats", "AAFFF"},
    {"GET", "/api/v2/runs/{id}", "AAFFF"},
    {"POST", "/api/v2/runs/query", "AAFFF"},
    {"POST", "/sessions", "AAFFF"},
    {"GET", "/sessions", "AAFFF"},
    {"GET", "/sessions/{id}", "AAFFF"},
    {"PATCH", "/sessions/{id}", "AAFFF"},
    {"DELETE", "/sessions/{id}", "AAFFF"},
    {"GET", "/sessions/{id}/export", "AAFFF"},
    {"POST", "/sessions/{id}/export", "AAFFF"},
    {"POST", "/annotation-queues", "AAFFF"},
    {"PATCH", "/annotation-queues/{id}", "AAFFF"},
    {"DELETE", "/annotation-queues/{id}", "AAFFF"},
    {"DELETE", "/annotation-queues/{id}/runs/{run}", "AAFFF"},
    {"PATCH", "/annotation-queues/{id}/runs/{run}", "AAFFF"},
    {"POST", "/annotation-queues/{id}/runs/delete", "AAFFF"},
    {"POST", "/annotation-queues/{id}/export", "AAFFF"},
    {"GET", "/annotation-queues/{id}/export", "AAFFF"},
    {"GET", "/annotation-queues/{id}/export/summary", "AAFFF"},
    {"POST", "/annotation-queues/{id}/export/summary", "AAFFF"},
    {"POST", "/annotation-queues/{id}/datasets", "AAFFF"},
    {"POST", "/annotation-queues/populate", "AAFFF"},
    {"POST", "/annotation-queues/membership", "AAFFF"},
    {"POST", "/annotation-queues/{id}/matching-runs", "AAFFF"},
    {"GET", "/annotation-queues/{id}/health", "AAFFF"},
    {"POST", "/annotation-queues/{id}/calibration-rounds", "AAFFF"},
    {"GET", "/annotation-queues/{id}/calibration-rounds", "AAFFF"},
    {"GET", "/annotation-queues/{id}/calibration-rounds/{round}", "AAFFF"},
    {"POST", "/annotation-queues/{id}/calibration-rounds/{round}/close", "AAFFF"},
    {"GET", "/api/v2/runs/{id}/url", "AAFFF"},
    {"POST", "/api/v2/runs/{id}/share", "AAFFF"},
    {"DELETE", "/api/v2/runs/{id}/share", "AAFFF"},
    {"GET", "/api/v2/datasets/{id}/experiment-runs", "AAFFF"},
    {"PATCH", "/platform/datasets/{id}/examples/metadata", "AAFFF"},
    {"GET", "/sessions/resolutions", "AAFFF"},
    {"POST", "/sessions/{id}/dashboard", "AAFFF"},
    {"GET", "/api/v2/sessions", "AAFFF"},
    {"GET", "/api/v2/datasets", "AAFFF"},
    {"DELETE", "/platform/datasets/{id}/examples/{example}", "AAFFF"},
    {"POST", "/platform/annotation-queues/{id}/items/delete", "AAFFF"},
    {"PATCH", "/platform/annotation-queues/{id}/items/{item}", "AAFFF"},
    {"GET", "/feedback", "AAFFF"},
    {"GET", "/feedback/{id}", "AAFFF"},
    {"PATCH", "/feedback/{id}", "AAFFF"},
    {"DELETE", "/feedback/{id}", "AAFFF"},
    {"GET", "/feedback/tokens", "AAFFF"},
    {"DELETE", "/feedback/tokens/{token}", "AAFFF"},
    {"POST", "/feedback-configs", "AAFFF"},
    {"GET", "/feedback-configs", "AAFFF"},
    {"PATCH", "/feedback-configs", "AAFFF"},
    {"DELETE", "/feedback-configs", "AAFFF"},
    {"POST", "/datasets", "AAFFF"},
    {"GET", "/datasets", "AAFFF"},
    {"GET", "/datasets/{id}", "AAFFF"},
    {"PATCH", "/datasets/{id}", "AAFFF"},
    {"DELETE", "/datasets/{id}", "AAFFF"},
    {"POST", "/datasets/{id}/runs", "AAFFF"},
    {"GET", "/datasets/{id}/jsonl", "AAFFF"},
    {"GET", "/datasets/{id}/csv", "AAFFF"},
    {"GET", "/datasets/{id}/openai_ft", "AAFFF"},
    {"POST", "/platform/datasets/{id}/examples", "AAFFF"},
    {"GET", "/examples", "AAFFF"},
    {"GET", "/examples/{id}", "AAFFF"},
    {"DELETE", "/examples/{id}", "AAFFF"},
    {"DELETE", "/examples", "AAFFF"},
    {"PATCH", "/platform/datasets/{id}/examples", "AAFFF"},
    {"POST", "/platform/datasets/examples/delete", "AAFFF"},
    {"POST", "/routing-rules/dry-run", "AAFFF"},
    {"GET", "/routing-rules/jobs/{id}", "AAFFF"},
    {"POST", "/routing-rules", "AAFFF"},
    {"GET", "/routing-rules", "AAFFF"},
    {"GET", "/routing-rules/{id}", "AAFFF"},
    {"PATCH", "/routing-rules/{id}", "AAFFF"},
    {"DELETE", "/routing-rules/{id}", "AAFFF"},
    {"POST", "/routing-rules/{id}/backfill", "AAFFF"},
    // administration: admins
    {"GET", "/audit", "AFFFF"},
    {"GET", "/audit/verify", "AFFFF"},
    {"GET", "/audit/head", "AFFFF"},
    {"POST", "/admin/keys", "AFFFF"},
    {"GET", "/admin/keys", "AFFFF"},
    {"DELETE", "/admin/keys/{id}", "AFFFF"},
    {"GET", "/annotation-queues/{id}/reviewers", "AFFFF"},
    {"PUT", "/annotation-queues/{id}/reviewers/{reviewer}", "AFFFF"},
    {"DELETE", "/annotation-queues/{id}/reviewers/{reviewer}", "AFFFF"},
    {"POST", "/admin/users", "AFFFF"},
    {"GET", "/admin/users", "AFFFF"},
    {"GET", "/admin/users/{id}", "AFFFF"},
    {"PATCH", "/admin/users/{id}", "AFFFF"},
};

class AuthorizationMatrix : public ServerTest {
protected:
    QHash<QString, QString> ids;     // fixture name -> id
    QHash<QString, QByteArray> keys; // role -> secret
    QHash<QString, QString> items;   // queue id -> the item of the fixture run in it

    QString key(const QString &role)
    {
        const HttpResult r = srv().post(u"/admin/keys"_s, QJsonObject{{"name"_L1, role}, {"role"_L1, role}});
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        keys.insert(role, r.object().value("key"_L1).toString().toUtf8());
        return r.object().value("id"_L1).toString();
    }

    void createFixtures()
    {
        key(u"member"_s);
        key(u"ingest"_s);
        ids[u"reviewer"_s] = key(u"reviewer"_s);
        ids[u"spare_key"_s] =
            srv()
                .post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"spare"_s}, {"role"_L1, u"ingest"_s}})
                .object()
                .value("id"_L1)
                .toString();
        ids[u"user"_s] =
            srv()
                .post(u"/admin/users"_s, QJsonObject{{"name"_L1, u"u"_s}, {"role"_L1, u"member"_s}})
                .object()
                .value("id"_L1)
                .toString();
        ids[u"own"_s] = srv()
                            .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"own"_s}})
                            .object()
                            .value("id"_L1)
                            .toString();
        ids[u"other"_s] = srv()
                              .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"other"_s}})
                              .object()
                              .value("id"_L1)
                              .toString();
        ASSERT_EQ(srv()
                      .request("PUT",
                               u"/annotation-queues/%1/reviewers/%2"_s.arg(ids[u"own"_s], ids[u"reviewer"_s]))
                      .status,
                  204);
        ids[u"run"_s] = Uuid::v7().toString();
        ASSERT_EQ(srv()
                      .post(u"/runs"_s, QJsonObject{{"id"_L1, ids[u"run"_s]},
                                                    {"name"_L1, u"r"_s},
                                                    {"session_name"_L1, u"p"_s},
                                                    {"end_time"_L1, u"2026-11-30T08:00:00Z"_s}})
                      .status,
                  202);
        ids[u"project"_s] =
            srv().get(u"/sessions?name=p"_s).array().at(0).toObject().value("id"_L1).toString();
        for (const QString &queue : {u"own"_s, u"other"_s}) {
            const HttpResult added =
                srv().post(u"/annotation-queues/"_s + ids[queue] + u"/runs"_s, QJsonArray{ids[u"run"_s]});
            ASSERT_EQ(added.status, 200);
            items.insert(ids[queue], added.array().at(0).toObject().value("id"_L1).toString());
        }
        ids[u"feedback"_s] =
            srv()
                .post(u"/feedback"_s,
                      QJsonObject{{"run_id"_L1, ids[u"run"_s]}, {"key"_L1, u"k"_s}, {"score"_L1, 1}})
                .object()
                .value("id"_L1)
                .toString();
        ids[u"token"_s] = srv()
                              .post(u"/feedback/tokens"_s,
                                    QJsonObject{{"run_id"_L1, ids[u"run"_s]}, {"feedback_key"_L1, u"t"_s}})
                              .object()
                              .value("id"_L1)
                              .toString();
        ids[u"dataset"_s] =
            srv().post(u"/datasets"_s, QJsonObject{{"name"_L1, u"d"_s}}).object().value("id"_L1).toString();
        ids[u"example"_s] = srv()
                                .post(u"/datasets/"_s + ids[u"dataset"_s] + u"/runs"_s,
                                      QJsonObject{{"run_ids"_L1, QJsonArray{ids[u"run"_s]}}})
                                .array()
                                .at(0)
                                .toObject()
                                .value("id"_L1)
                                .toString();
        ids[u"rule"_s] = srv()
                             .post(u"/routing-rules"_s, QJsonObject{{"name"_L1, u"r"_s},
                                                                    {"queue_id"_L1, ids[u"other"_s]},
                                                                    {"filter"_L1, u"latency_ms > 1"_s}})
                             .object()
                             .value("id"_L1)
                             .toString();
        ids[u"job"_s] = srv()
                            .post(u"/routing-rules/"_s + ids[u"rule"_s] + u"/backfill"_s,
                                  QJsonObject{{"since"_L1, u"2026-01-01"_s}})
                            .object()
                            .value("id"_L1)
                            .toString();
        for (const QString &name : ids.keys())
            ASSERT_EQ(ids[name].size(), 36) << name.toStdString();
    }

    // The pattern with its parameters filled from the fixtures; {id} of queue routes is the column's queue.
    QString concrete(const QString &pattern, const QString &queue)
    {
        QString path = pattern;
        static const std::pair<const char *, const char *> byPrefix[] = {
            {"/sessions/{id}", "project"},        {"/runs/{id}", "run"},
            {"/api/v2/runs/{id}", "run"},         {"/feedback/tokens/{token}", "token"},
            {"/api/v2/datasets/{id}", "dataset"}, {"/feedback/{id}", "feedback"},
            {"/datasets/{id}", "dataset"},        {"/platform/datasets/{id}", "dataset"},
            {"/examples/{id}", "example"},        {"/routing-rules/jobs/{id}", "job"},
            {"/routing-rules/{id}", "rule"},      {"/admin/keys/{id}", "spare_key"},
            {"/admin/users/{id}", "user"}};
        for (const auto &[prefix, fixture] : byPrefix)
            if (path.startsWith(QLatin1StringView(prefix)))
                path.replace(path.indexOf(u'{'), path.indexOf(u'}') - path.indexOf(u'{') + 1,
                             ids[QString::fromLatin1(fixture)]);
        path.replace(u"/annotation-queues/{id}"_s, u"/annotation-queues/"_s + queue);
        path.replace(u"{run}"_s, ids[u"run"_s])
            .replace(u"{index}"_s, u"0"_s)
            .replace(u"{reviewer}"_s, ids[u"reviewer"_s])
            .replace(u"{item}"_s, items[queue])
            .replace(u"{example}"_s, ids[u"example"_s]);
        return path;
    }
};

// A 404 the authorization layer gave; for reviewers also the queue-scoped refusal, which reads as a
// missing queue (for other roles that answer is a real missing queue, e.g. one deleted earlier).
bool isHidden(const HttpResult &r, bool reviewer)
{
    return r.status == 404 && (r.detail().startsWith(u"not found: "_s) ||
                               (reviewer && r.detail().startsWith(u"annotation queue "_s)));
}

} // namespace

TEST_P(AuthorizationMatrix, EveryRouteHasARowAndEveryRoleGetsItsAnswer)
{
    // Every route has a row, and every row a route.
    QSet<QString> routes, rows;
    for (const auto &r : srv().server().router().routes())
        routes.insert(r.method + u' ' + r.pattern);
    for (const Row &row : kMatrix)
        rows.insert(QString::fromLatin1(row.method) + u' ' + QString::fromLatin1(row.pattern));
    for (const QString &r : routes - rows)
        ADD_FAILURE() << "route without a row in the authorization matrix: " << r.toStdString();
    for (const QString &r : rows - routes)
        ADD_FAILURE() << "row for a route that does not exist: " << r.toStdString();

    createFixtures();
    ASSERT_FALSE(HasFailure());
    const QByteArray admin = ServerHarness::kAdminKey;
    // Least privileged first, deletions last and the queue deletion at the very end, so no column
    // loses its fixtures to an earlier one.
    QList<Row> ordered(std::begin(kMatrix), std::end(kMatrix));
    std::stable_sort(ordered.begin(), ordered.end(), [](const Row &a, const Row &b) {
        auto rank = [](const Row &r) {
            return QLatin1StringView(r.method) != "DELETE"_L1                     ? 0
                   : QLatin1StringView(r.pattern) == "/annotation-queues/{id}"_L1 ? 2
                                                                                  : 1;
        };
        return rank(a) < rank(b);
    });
    int checked = 0;
    for (const Row &row : ordered) {
        const QString pattern = QString::fromLatin1(row.pattern);
        const QByteArray method = row.method;
        struct Column {
            QByteArray key;
            QString queue;
            char expected;
            const char *name;
        };
        const Column columns[] = {
            {keys[u"reviewer"_s], ids[u"other"_s], row.expected[4], "reviewer/other queue"},
            {keys[u"reviewer"_s], ids[u"own"_s], row.expected[3], "reviewer/own queue"},
            {keys[u"ingest"_s], ids[u"own"_s], row.expected[2], "ingest"},
            {keys[u"member"_s], ids[u"own"_s], row.expected[1], "member"},
            {admin, ids[u"own"_s], row.expected[0], "admin"}};
        for (const Column &c : columns) {
            const QString path = concrete(pattern, c.queue);
            const QByteArray body = method == "GET" || method == "DELETE" ? QByteArray() : QByteArray("{}");
            const HttpResult r = srv().request(method, path, body, c.key);
            const bool reviewer = c.key == keys[u"reviewer"_s];
            const std::string what = std::string(row.method) + ' ' + path.toStdString() + " as " + c.name +
                                     ": " + std::to_string(r.status) + ' ' + r.detail().toStdString();
            switch (c.expected) {
            case 'A':
                EXPECT_TRUE(r.status != 401 && r.status != 403 && !isHidden(r, reviewer))
                    << "expected allowed: " << what;
                break;
            case 'F':
                EXPECT_EQ(r.status, 403) << "expected forbidden: " << what;
                break;
            case 'H':
                EXPECT_TRUE(isHidden(r, reviewer)) << "expected hidden: " << what;
                break;
            default:
                ADD_FAILURE() << "bad matrix cell in " << row.pattern;
            }
            ++checked;
        }
        // Without a key only public routes answer.
        const bool isPublic = QLatin1StringView(row.expected) == "AAAAA"_L1;
        const HttpResult anonymous = srv().request(method, concrete(pattern, ids[u"own"_s]), {}, {});
        if (!isPublic) {
            EXPECT_EQ(anonymous.status, 401) << row.method << ' ' << row.pattern;
        }
    }
    EXPECT_EQ(checked, int(std::size(kMatrix)) * 5);
}

TEST_P(AuthorizationMatrix, AReviewerSeesOnlyItsQueuesAndNoExistenceOracle)
{
    createFixtures();
    const QByteArray reviewer = keys[u"reviewer"_s];
    const HttpResult list = srv().request("GET", u"/annotation-queues"_s, {}, reviewer);
    ASSERT_EQ(list.array().size(), 1);
    EXPECT_EQ(list.array().at(0).toObject().value("id"_L1).toString(), ids[u"own"_s]);
    EXPECT_EQ(
        srv().request("GET", u"/annotation-queues?ids="_s + ids[u"other"_s], {}, reviewer).array().size(), 0);
    // Another queue and a queue that never existed read the same.
    const HttpResult other = srv().request("GET", u"/annotation-queues/"_s + ids[u"other"_s], {}, reviewer);
    const QString ghost = Uuid::v7().toString();
    const HttpResult missing = srv().request("GET", u"/annotation-queues/"_s + ghost, {}, reviewer);
    EXPECT_EQ(other.status, missing.status);
    EXPECT_EQ(other.detail(), u"annotation queue %1 not found"_s.arg(ids[u"other"_s]));
    EXPECT_EQ(missing.detail(), u"annotation queue %1 not found"_s.arg(ghost));
    // A run that exists and one that does not: the same answer, a refusal for the role (403, which the
    // Python SDK does not retry), never a lookup.
    const HttpResult run = srv().request("GET", u"/runs/"_s + ids[u"run"_s], {}, reviewer);
    const HttpResult noRun = srv().request("GET", u"/runs/"_s + ghost, {}, reviewer);
    EXPECT_EQ(run.status, 403);
    EXPECT_EQ(noRun.status, 403);
    EXPECT_EQ(run.detail().replace(ids[u"run"_s], u"ID"_s), noRun.detail().replace(ghost, u"ID"_s));
    // An item of another queue and one that never existed read the same too.
    const HttpResult otherItem =
        srv().request("POST", u"/annotation-queues/status/"_s + items[ids[u"other"_s]], "{}", reviewer);
    const HttpResult noItem = srv().request("POST", u"/annotation-queues/status/"_s + ghost, "{}", reviewer);
    EXPECT_EQ(otherItem.status, 404);
    EXPECT_EQ(otherItem.detail().replace(items[ids[u"other"_s]], u"ID"_s),
              noItem.detail().replace(ghost, u"ID"_s));
    // Revocation takes effect on the next request.
    ASSERT_EQ(srv().del(u"/admin/keys/"_s + ids[u"reviewer"_s]).status, 204);
    EXPECT_EQ(srv().request("GET", u"/annotation-queues"_s, {}, reviewer).status, 401);
}

TEST_P(AuthorizationMatrix, KeysExpire)
{
    const HttpResult made = srv().post(
        u"/admin/keys"_s,
        QJsonObject{{"name"_L1, u"short"_s},
                    {"role"_L1, u"member"_s},
                    {"expires_at"_L1, Timestamp::fromMicros(Timestamp::now().micros() + 1500000).toIso()}});
    ASSERT_EQ(made.status, 200) << made.body.toStdString();
    const QByteArray key = made.object().value("key"_L1).toString().toUtf8();
    EXPECT_EQ(srv().request("GET", u"/sessions"_s, {}, key).status, 200);
    QThread::msleep(1600);
    const HttpResult expired = srv().request("GET", u"/sessions"_s, {}, key);
    EXPECT_EQ(expired.status, 401);
    EXPECT_TRUE(expired.detail().startsWith(u"this API key expired at "_s)) << expired.detail().toStdString();
    EXPECT_EQ(srv()
                  .post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"x"_s},
                                                      {"role"_L1, u"member"_s},
                                                      {"expires_at"_L1, u"2001-01-01"_s}})
                  .detail(),
              u"expires_at: is in the past"_s);
}

ASSAY_SERVER_TEST_SUITE(AuthorizationMatrix);
