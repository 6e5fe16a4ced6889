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

TEST_P(FeedbackApi, PresignedTokensTakeFeedbackWithoutAnApiKey)
{
    // The SDK's createPresignedFeedbackToken body (tests/data/langsmith-wire).
    const HttpResult created =
        srv().post(u"/feedback/tokens"_s, QJsonObject{{"run_id"_L1, runId},
                                                      {"feedback_key"_L1, u"thumbs"_s},
                                                      {"expires_in"_L1, QJsonObject{{"hours"_L1, 3}}}});
    ASSERT_EQ(created.status, 200) << created.body.toStdString();
    const QString token = created.object().value("id"_L1).toString();
    EXPECT_TRUE(created.object().value("url"_L1).toString().endsWith(u"/api/v1/feedback/tokens/"_s + token));
    EXPECT_EQ(srv().get(u"/feedback/tokens?run_id="_s + runId).array().size(), 1);

    const HttpResult viaGet =
        srv().request("GET", u"/feedback/tokens/"_s + token + u"?score=1&comment=great"_s, {}, {});
    ASSERT_EQ(viaGet.status, 200) << viaGet.body.toStdString();
    const HttpResult viaPost =
        srv().request("POST", u"/feedback/tokens/"_s + token, R"({"value":"down","comment":"wrong"})", {});
    ASSERT_EQ(viaPost.status, 200) << viaPost.body.toStdString();
    const HttpResult rows = srv().get(u"/feedback?run="_s + runId + u"&key=thumbs"_s);
    ASSERT_EQ(rows.array().size(), 2);
    EXPECT_EQ(rows.array().at(0).toObject().value("score"_L1).toDouble(), 1.0);
    EXPECT_EQ(rows.array().at(1).toObject().value("value"_L1).toString(), u"down"_s);

    EXPECT_EQ(
        srv().request("GET", u"/feedback/tokens/"_s + Uuid::v7().toString() + u"?score=1"_s, {}, {}).status,
        404);
    EXPECT_EQ(srv().request("GET", u"/feedback/tokens"_s, {}, {}).status, 401) << "listing needs a key";
    const HttpResult shortLived =
        srv().post(u"/feedback/tokens"_s, QJsonObject{{"run_id"_L1, runId},
                                                      {"feedback_key"_L1, u"thumbs"_s},
                                                      {"expires_in"_L1, QJsonObject{{"seconds"_L1, 0.001}}}});
    ASSERT_EQ(shortLived.status, 200);
    QThread::msleep(20);
    const HttpResult expired = srv().request(
        "GET", u"/feedback/tokens/"_s + shortLived.object().value("id"_L1).toString() + u"?score=1"_s, {},
        {});
    EXPECT_EQ(expired.status, 410);
    EXPECT_EQ(expired.detail(), u"this feedback link has expired"_s);
    EXPECT_EQ(srv()
                  .post(u"/feedback/tokens"_s, QJsonObject{{"run_id"_L1, runId},
                                                           {"feedback_key"_L1, u"k"_s},
                                                           {"expires_at"_L1, u"2001-01-01T00:00:00Z"_s}})
                  .detail(),
              u"expires_at: is in the past"_s);
    EXPECT_EQ(srv()
                  .post(u"/feedback/tokens"_s,
                        QJsonObject{{"run_id"_L1, Uuid::v7().toString()}, {"feedback_key"_L1, u"k"_s}})
                  .status,
              404);
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
                     {"metadata"_L1, QJsonObject{{"annotation_id"_L1, Uuid::v7().toString()}, {"note"_L1, u"kept"_s}}}}}};
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
    QJsonObject model{{"run_id"_L1, runId}, {"key"_L1, u"judge"_s}, {"score"_L1, 1},
                      {"feedback_source"_L1, QJsonObject{{"type"_L1, u"model"_s}}}};
    const HttpResult judged = srv().request("POST", u"/feedback"_s, toJson(model), appKey);
    EXPECT_EQ(judged.object().value("feedback_source"_L1).toObject().value("type"_L1).toString(), u"model"_s);
}

// Finding 16: changes to feedback are audited.
TEST_P(FeedbackApi, FeedbackChangesAreAudited)
{
    const QString id = Uuid::v7().toString();
    ASSERT_EQ(srv().post(u"/feedback"_s, QJsonObject{{"id"_L1, id}, {"run_id"_L1, runId}, {"key"_L1, u"k"_s}, {"score"_L1, 1}})
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
