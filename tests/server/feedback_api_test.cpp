// Feedback and feedback configs over HTTP, on SQLite and PostgreSQL.

#include "serverharness.h"

#include <printers.h>
#include <testdata.h>

#include <QThread>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class FeedbackApi : public ServerTest {
protected:
    const QString runId = u"018f0000-0000-7000-8000-000000000001"_s;

    void SetUp() override
    {
        ServerTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        ASSERT_EQ(srv()
                      .post(u"/runs"_s,
                            QJsonObject{{"id"_L1, runId}, {"name"_L1, u"r"_s}, {"session_name"_L1, u"p"_s}})
                      .status,
                  202);
    }
};

} // namespace

TEST_P(FeedbackApi, TheSdksFeedbackKeepsItsIdAndReplaysAreHarmless)
{
    QList<QByteArray> bodies;
    for (const WireRequest &r : loadWire(u"wire-api-apiv1.jsonl"_s))
        if (r.method == u"POST" && r.url.endsWith(u"/feedback"))
            bodies.append(r.body);
    ASSERT_EQ(bodies.size(), 2);
    for (int round = 0; round < 2; ++round)
        for (const QByteArray &body : bodies)
            ASSERT_EQ(srv().request("POST", u"/feedback"_s, body).status, 200);
    const HttpResult read = srv().get(u"/feedback/01a22b51-a3d0-7729-bb5c-1460bc21fe4b"_s);
    ASSERT_EQ(read.status, 200);
    EXPECT_EQ(read.object().value("score"_L1).toDouble(), 0.3333);
    EXPECT_EQ(read.object().value("value"_L1).toString(), u"good"_s);
    EXPECT_EQ(srv().get(u"/feedback?run="_s + runId).array().size(), 2) << "replays did not duplicate";
    EXPECT_EQ(srv().get(u"/feedback?run="_s + runId + u"&key=correctness"_s).array().size(), 1);
    EXPECT_EQ(srv().get(u"/feedback?source=api&limit=1"_s).array().size(), 1);
    EXPECT_EQ(srv().get(u"/feedback?source=app"_s).array().size(), 0);
    // The camelCase feedbackConfig registered the key's config.
    EXPECT_EQ(srv()
                  .get(u"/feedback-configs?key=correctness"_s)
                  .array()
                  .at(0)
                  .toObject()
                  .value("feedback_config"_L1)
                  .toObject()
                  .value("type"_L1)
                  .toString(),
              u"continuous"_s);
    // Runs carry feedback_stats.
    const QJsonObject stats = srv().get(u"/runs/"_s + runId).object().value("feedback_stats"_L1).toObject();
    EXPECT_EQ(stats.value("correctness"_L1).toObject().value("n"_L1).toInt(), 1);
    EXPECT_EQ(stats.value("legacy"_L1).toObject().value("avg"_L1).toDouble(), 1.0);
}

TEST_P(FeedbackApi, PatchAndDelete)
{
    const HttpResult created = srv().post(
        u"/feedback"_s,
        QJsonObject{{"run_id"_L1, runId}, {"key"_L1, u"thumbs"_s}, {"score"_L1, 1}, {"comment"_L1, u"c"_s}});
    ASSERT_EQ(created.status, 200);
    const QString id = created.object().value("id"_L1).toString();
    EXPECT_FALSE(created.object().value("session_id"_L1).toString().isEmpty()) << "taken from the run";
    const HttpResult patched = srv().patch(u"/feedback/"_s + id, QJsonObject{{"score"_L1, 0}});
    ASSERT_EQ(patched.status, 200);
    EXPECT_EQ(patched.object().value("score"_L1).toDouble(), 0.0);
    EXPECT_EQ(patched.object().value("comment"_L1).toString(), u"c"_s);
    EXPECT_EQ(srv().del(u"/feedback/"_s + id).status, 204);
    EXPECT_EQ(srv().get(u"/feedback/"_s + id).status, 404);
    EXPECT_EQ(srv().del(u"/feedback/"_s + id).status, 404);
    EXPECT_EQ(srv().post(u"/feedback"_s, QJsonObject{{"run_id"_L1, runId}}).detail(), u"key: is required"_s);
    EXPECT_EQ(srv()
                  .post(u"/feedback"_s,
                        QJsonObject{{"run_id"_L1, runId}, {"key"_L1, u"k"_s}, {"score"_L1, u"high"_s}})
                  .status,
              400);
    EXPECT_EQ(srv().patch(u"/feedback/"_s + Uuid::v7().toString(), QJsonObject{{"score"_L1, 1}}).status, 404);
}

TEST_P(FeedbackApi, ConfigsIdenticalConflictingPatchedAndSoftDeleted)
{
    const QJsonObject body =
        QJsonDocument::fromJson(R"({"feedback_key":"correctness","feedback_config":{"type":"categorical",
        "categories":[{"value":1,"label":"Pass"},{"value":0,"label":"Fail"}]},"is_lower_score_better":false})")
            .object();
    const HttpResult first = srv().post(u"/feedback-configs"_s, body);
    ASSERT_EQ(first.status, 200) << first.body.toStdString();
    EXPECT_EQ(first.object().value("feedback_key"_L1).toString(), u"correctness"_s);
    EXPECT_EQ(srv().post(u"/feedback-configs"_s, body).status, 200) << "identical: the existing one";
    QJsonObject conflicting = body;
    conflicting.insert("feedback_config"_L1,
                       QJsonObject{{"type"_L1, u"continuous"_s}, {"min"_L1, 0}, {"max"_L1, 1}});
    const HttpResult conflict = srv().post(u"/feedback-configs"_s, conflicting);
    EXPECT_EQ(conflict.status, 400);
    EXPECT_TRUE(conflict.detail().contains(u"different config"_s));
    const HttpResult patched = srv().patch(u"/feedback-configs"_s, conflicting);
    ASSERT_EQ(patched.status, 200);
    EXPECT_EQ(srv()
                  .get(u"/feedback-configs?key=correctness"_s)
                  .array()
                  .at(0)
                  .toObject()
                  .value("feedback_config"_L1)
                  .toObject()
                  .value("type"_L1)
                  .toString(),
              u"continuous"_s);
    EXPECT_EQ(srv().del(u"/feedback-configs?feedback_key=correctness"_s).status, 204);
    EXPECT_EQ(srv().get(u"/feedback-configs"_s).array().size(), 0);
    EXPECT_EQ(srv().post(u"/feedback-configs"_s, body).status, 200) << "a deleted key can be recreated";
    const HttpResult invalid =
        srv().post(u"/feedback-configs"_s,
                   QJsonDocument::fromJson(
                       R"({"feedback_key":"x","feedback_config":{"type":"continuous","min":5,"max":1}})")
                       .object());
    EXPECT_EQ(invalid.status, 400);
    EXPECT_EQ(invalid.detail(), u"feedback_config: min (5) must be less than max (1)"_s);
    EXPECT_EQ(srv().del(u"/feedback-configs?feedback_key=never"_s).status, 404);
}

namespace {

QJsonObject linkBody(const QString &runId, const QJsonObject &extra = {})
{
    QJsonObject body{{"run_id"_L1, runId},
                     {"feedback_key"_L1, u"thumbs"_s},
                     {"expires_in"_L1, QJsonObject{{"hours"_L1, 3}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return body;
}

} // namespace

TEST_P(FeedbackApi, PresignedTokensTakeFeedbackWithoutAnApiKey)
{
    // The SDK's createPresignedFeedbackToken body (tests/data/langsmith-wire).
    const HttpResult created = srv().post(u"/feedback/tokens"_s, linkBody(runId));
    ASSERT_EQ(created.status, 200) << created.body.toStdString();
    const QString token = created.object().value("id"_L1).toString();
    EXPECT_EQ(created.object().value("url"_L1).toString(), srv().baseUrl() + u"/feedback/tokens/"_s + token)
        << "built from the address the server listens on, not the request's Host header";
    const HttpResult used =
        srv().request("POST", u"/feedback/tokens/"_s + token, R"({"value":"down","comment":"wrong"})", {});
    ASSERT_EQ(used.status, 200) << used.body.toStdString();
    const HttpResult rows = srv().get(u"/feedback?run="_s + runId + u"&key=thumbs"_s);
    ASSERT_EQ(rows.array().size(), 1);
    EXPECT_EQ(rows.array().at(0).toObject().value("value"_L1).toString(), u"down"_s);

    EXPECT_EQ(
        srv().request("POST", u"/feedback/tokens/"_s + Uuid::v7().toString(), R"({"score":1})", {}).status,
        404);
    EXPECT_EQ(srv().request("GET", u"/feedback/tokens"_s, {}, {}).status, 401) << "listing needs a key";
    const HttpResult shortLived = srv().post(
        u"/feedback/tokens"_s, linkBody(runId, {{"expires_in"_L1, QJsonObject{{"seconds"_L1, 0.001}}}}));
    ASSERT_EQ(shortLived.status, 200);
    QThread::msleep(20);
    const HttpResult expired = srv().request(
        "POST", u"/feedback/tokens/"_s + shortLived.object().value("id"_L1).toString(), R"({"score":1})", {});
    EXPECT_EQ(expired.status, 410);
    EXPECT_EQ(expired.detail(), u"this feedback link has expired"_s);
    EXPECT_EQ(
        srv()
            .post(u"/feedback/tokens"_s, linkBody(runId, {{"expires_at"_L1, u"2001-01-01T00:00:00Z"_s}}))
            .detail(),
        u"expires_at: is in the past"_s);
    EXPECT_EQ(srv().post(u"/feedback/tokens"_s, linkBody(Uuid::v7().toString())).status, 404);
}

// Security review, finding 7: links are single-use by default, checked, capped, limited, revocable,
// stored hashed, and a plain GET records nothing.
TEST_P(FeedbackApi, FeedbackLinksAreSingleUseHashedAndRevocable)
{
    const HttpResult created = srv().post(u"/feedback/tokens"_s, linkBody(runId));
    const QString secret = created.object().value("id"_L1).toString();
    const QString handle = created.object().value("handle"_L1).toString();
    ASSERT_FALSE(secret.isEmpty());
    ASSERT_NE(secret, handle);
    // GET (a link preview, a crawler) answers a page that asks; nothing is recorded.
    const HttpResult page =
        srv().request("GET", u"/feedback/tokens/"_s + secret + u"?score=1&comment=<b>hi"_s, {}, {});
    EXPECT_EQ(page.status, 200);
    EXPECT_TRUE(page.body.contains("Send this feedback?")) << page.body.toStdString();
    EXPECT_TRUE(page.body.contains("&lt;b&gt;hi")) << "the query is escaped";
    EXPECT_EQ(srv().get(u"/feedback?run="_s + runId).array().size(), 0);
    // The confirmation page's form posts form fields.
    EXPECT_EQ(srv()
                  .request("POST", u"/feedback/tokens/"_s + secret, "score=1&comment=from+the+page", {},
                           "application/x-www-form-urlencoded")
                  .status,
              200);
    const HttpResult again = srv().request("POST", u"/feedback/tokens/"_s + secret, R"({"score":0})", {});
    EXPECT_EQ(again.status, 410);
    EXPECT_EQ(again.detail(), u"this feedback link has been used"_s);
    EXPECT_EQ(srv().get(u"/feedback?run="_s + runId).array().at(0).toObject().value("comment"_L1).toString(),
              u"from the page"_s);
    // Listed by handle, with its uses; never its secret or URL. Stored as a hash.
    const QJsonObject listed = srv().get(u"/feedback/tokens?run_id="_s + runId).array().at(0).toObject();
    EXPECT_EQ(listed.value("id"_L1).toString(), handle);
    EXPECT_FALSE(listed.contains("url"_L1));
    EXPECT_EQ(listed.value("uses"_L1).toInt(), 1);
    EXPECT_FALSE(QJsonDocument(srv().get(u"/feedback/tokens?run_id="_s + runId).array())
                     .toJson()
                     .contains(secret.toUtf8()));
    EXPECT_EQ(
        srv()
            .scalar(
                u"SELECT COUNT(*) FROM feedback_links WHERE secret_hash = '%1' OR doc LIKE '%%%1%%'"_s.arg(
                    secret))
            .toInt(),
        0);

    // max_uses, the link's config, a size cap, revocation.
    const HttpResult twice = srv().post(
        u"/feedback/tokens"_s,
        linkBody(runId, {{"max_uses"_L1, 2},
                         {"feedback_config"_L1,
                          QJsonObject{{"type"_L1, u"continuous"_s}, {"min"_L1, 0}, {"max"_L1, 1}}}}));
    const QString two = twice.object().value("id"_L1).toString();
    const HttpResult outOfRange = srv().request("POST", u"/feedback/tokens/"_s + two, R"({"score":5})", {});
    EXPECT_EQ(outOfRange.status, 400);
    EXPECT_TRUE(outOfRange.detail().contains(u"above the maximum 1"_s)) << outOfRange.detail().toStdString();
    const QByteArray huge = R"({"score":1,"metadata":{"x":")" + QByteArray(100 * 1024, 'a') + R"("}})";
    EXPECT_EQ(srv().request("POST", u"/feedback/tokens/"_s + two, huge, {}).status, 413);
    EXPECT_EQ(srv().request("POST", u"/feedback/tokens/"_s + two, R"({"score":1})", {}).status, 200);
    ASSERT_EQ(srv().del(u"/feedback/tokens/"_s + twice.object().value("handle"_L1).toString()).status, 204);
    const HttpResult revoked = srv().request("POST", u"/feedback/tokens/"_s + two, R"({"score":1})", {});
    EXPECT_EQ(revoked.status, 410);
    EXPECT_EQ(revoked.detail(), u"this feedback link was revoked"_s);
    EXPECT_GE(srv().auditEntries(u"revoke"_s).size(), 1);
    EXPECT_EQ(srv().post(u"/feedback/tokens"_s, linkBody(runId, {{"max_uses"_L1, -1}})).status, 400);
}

TEST_P(FeedbackApi, FeedbackLinkUsesAreRateLimitedPerAddress)
{
    const QString open = srv()
                             .post(u"/feedback/tokens"_s, linkBody(runId, {{"max_uses"_L1, 0}}))
                             .object()
                             .value("id"_L1)
                             .toString();
    int limited = 0;
    for (int i = 0; i < 40; ++i)
        limited += srv().request("POST", u"/feedback/tokens/"_s + open, R"({"score":1})", {}).status == 429;
    EXPECT_GE(limited, 5) << "30 a minute from one address";
    EXPECT_EQ(
        srv().request("POST", u"/feedback/tokens/"_s + Uuid::v7().toString(), R"({"score":1})", {}).status,
        429)
        << "guessing secrets counts too";
}

TEST_P(FeedbackApi, LinksFromBeforeHashingStillWorkAndLoseTheirPlainSecret)
{
    const QString legacy = Uuid::v7().toString();
    const QString doc =
        uR"({"id":"%1","run_id":"%2","feedback_key":"legacy_thumbs","feedback_config":{},"expires_at":"2030-01-01T00:00:00Z","created_at":"2026-01-01T00:00:00Z"})"_s
            .arg(legacy, runId);
    const QString blob = GetParam() == Dialect::Sqlite ? u"CAST('%1' AS BLOB)"_s.arg(doc)
                                                       : u"convert_to('%1', 'UTF8')"_s.arg(doc);
    ASSERT_TRUE(srv().execSql(
        u"INSERT INTO feedback_tokens (id, run_id, expires_at, doc) VALUES ('%1', '%2', %3, %4)"_s
            .arg(legacy, runId)
            .arg(Timestamp::parseIso(u"2030-01-01T00:00:00Z"_s)->micros())
            .arg(blob)));
    ASSERT_TRUE(srv().restart([](const server::DatabaseUrl &) {}));
    EXPECT_EQ(srv().scalar(u"SELECT COUNT(*) FROM feedback_tokens"_s).toInt(), 0);
    EXPECT_EQ(srv().request("POST", u"/feedback/tokens/"_s + legacy, R"({"score":1})", {}).status, 200);
}

// The URL comes from the configured public address.
TEST(FeedbackLinks, TheUrlUsesThePublicUrl)
{
    ServerHarness srv(Dialect::Sqlite, {}, {}, [](server::ServerOptions &o) {
        o.publicUrl = u"https://review.example.com/api/v1/"_s;
    });
    ASSERT_TRUE(srv.started());
    const QString runId = Uuid::v7().toString();
    ASSERT_EQ(srv.post(u"/runs"_s, QJsonObject{{"id"_L1, runId}, {"name"_L1, u"r"_s}}).status, 202);
    const QJsonObject created = srv.post(u"/feedback/tokens"_s, linkBody(runId)).object();
    EXPECT_EQ(created.value("url"_L1).toString(),
              u"https://review.example.com/api/v1/feedback/tokens/"_s + created.value("id"_L1).toString());
}

// Security review, finding 6: who wrote feedback, and where it came from, is the server's to say.
TEST_P(FeedbackApi, TheSourceAndAuthorComeFromTheKeyNotTheBody)
{
    const QJsonObject ingest =
        srv().post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"app"_s}, {"role"_L1, u"ingest"_s}}).object();
    const QByteArray appKey = ingest.value("key"_L1).toString().toUtf8();
    const QString id = Uuid::v7().toString();
    const QJsonObject forged{
        {"id"_L1, id},
        {"run_id"_L1, runId},
        {"key"_L1, u"overall_quality"_s},
        {"value"_L1, u"good"_s},
        {"created_at"_L1, u"2001-01-01T00:00:00Z"_s},
        {"feedback_source"_L1,
         QJsonObject{{"type"_L1, u"app"_s},
                     {"user_id"_L1, u"some-reviewer"_s},
                     {"metadata"_L1,
                      QJsonObject{{"annotation_id"_L1, Uuid::v7().toString()}, {"note"_L1, u"kept"_s}}}}}};
    ASSERT_EQ(srv().request("POST", u"/feedback"_s, toJson(forged), appKey).status, 200);
    const QJsonObject stored = srv().get(u"/feedback/"_s + id).object();
    const QJsonObject source = stored.value("feedback_source"_L1).toObject();
    EXPECT_EQ(source.value("type"_L1).toString(), u"api"_s) << "only the review protocol writes human review";
    EXPECT_EQ(source.value("user_id"_L1).toString(), ingest.value("id"_L1).toString());
    EXPECT_FALSE(source.value("metadata"_L1).toObject().contains("annotation_id"_L1));
    EXPECT_EQ(source.value("metadata"_L1).toObject().value("note"_L1).toString(), u"kept"_s);
    EXPECT_FALSE(stored.value("created_at"_L1).toString().startsWith(u"2001"_s));
    EXPECT_EQ(srv().get(u"/feedback?source=app"_s).array().size(), 0);

    // The same key replaying its feedback is fine (the SDK retries); someone else's id is refused.
    ASSERT_EQ(srv().request("POST", u"/feedback"_s, toJson(forged), appKey).status, 200);
    QJsonObject takeover = forged;
    takeover.insert("value"_L1, u"bad"_s);
    const HttpResult refused = srv().request("POST", u"/feedback"_s, toJson(takeover));
    EXPECT_EQ(refused.status, 409) << refused.body.toStdString();
    EXPECT_EQ(srv().get(u"/feedback/"_s + id).object().value("value"_L1).toString(), u"good"_s);
    // A model's feedback may say so (evaluators send "model").
    QJsonObject model{{"run_id"_L1, runId},
                      {"key"_L1, u"judge"_s},
                      {"score"_L1, 1},
                      {"feedback_source"_L1, QJsonObject{{"type"_L1, u"model"_s}}}};
    const HttpResult judged = srv().request("POST", u"/feedback"_s, toJson(model), appKey);
    EXPECT_EQ(judged.object().value("feedback_source"_L1).toObject().value("type"_L1).toString(), u"model"_s);
}

// Finding 16: changes to feedback are audited.
TEST_P(FeedbackApi, FeedbackChangesAreAudited)
{
    const QString id = Uuid::v7().toString();
    ASSERT_EQ(srv()
                  .post(u"/feedback"_s,
                        QJsonObject{{"id"_L1, id}, {"run_id"_L1, runId}, {"key"_L1, u"k"_s}, {"score"_L1, 1}})
                  .status,
              200);
    ASSERT_EQ(srv().patch(u"/feedback/"_s + id, QJsonObject{{"score"_L1, 0}}).status, 200);
    ASSERT_EQ(srv().del(u"/feedback/"_s + id).status, 204);
    for (const QString &action : {u"create"_s, u"update"_s, u"delete"_s}) {
        bool found = false;
        for (const QJsonValue &e : srv().auditEntries(action))
            found = found || (e.toObject().value("entity"_L1).toString() == u"feedback" &&
                              e.toObject().value("entity_id"_L1).toString() == id);
        EXPECT_TRUE(found) << "no audit entry for feedback " << action.toStdString();
    }
}

ASSAY_SERVER_TEST_SUITE(FeedbackApi);
