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

ASSAY_SERVER_TEST_SUITE(FeedbackApi);
