// Projects and annotation queues over HTTP, on SQLite and PostgreSQL.

#include "serverharness.h"

#include <printers.h>
#include <testdata.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class ProjectsApi : public ServerTest {};
class QueuesApi : public ServerTest {
protected:
    QString queueId = u"ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s;

    void createQueue()
    {
        ASSERT_EQ(srv()
                      .post(u"/feedback-configs"_s,
                            QJsonDocument::fromJson(
                                R"({"feedback_key":"correctness","feedback_config":{"type":"categorical",
                                 "categories":[{"value":1,"label":"Pass"},{"value":0,"label":"Fail"}]}})")
                                .object())
                      .status,
                  200);
        const HttpResult r = srv().post(
            u"/annotation-queues"_s,
            QJsonObject{{"name"_L1, u"production-rag-review"_s},
                        {"description"_L1, u"guide"_s},
                        {"id"_L1, queueId},
                        {"rubric_instructions"_L1, u"do"_s},
                        {"rubric_items"_L1, QJsonArray{QJsonObject{{"feedback_key"_L1, u"correctness"_s},
                                                                   {"is_required"_L1, true}}}}});
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
    }

    QString ingestRun(const QString &name)
    {
        const QString id = Uuid::v7().toString();
        EXPECT_EQ(srv()
                      .post(u"/runs"_s, QJsonObject{{"id"_L1, id},
                                                    {"name"_L1, name},
                                                    {"run_type"_L1, u"chain"_s},
                                                    {"start_time"_L1, u"2026-11-30T08:00:00Z"_s},
                                                    {"end_time"_L1, u"2026-11-30T08:00:02Z"_s},
                                                    {"inputs"_L1, QJsonObject{{"q"_L1, name}}}})
                      .status,
                  202);
        return id;
    }
};

} // namespace

TEST_P(ProjectsApi, CreateReadListPatchDelete)
{
    const HttpResult created = srv().post(
        u"/sessions"_s, QJsonObject{{"name"_L1, u"p"_s},
                                    {"description"_L1, QJsonValue::Null},
                                    {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"a"_L1, 1}}}}}});
    ASSERT_EQ(created.status, 200) << created.body.toStdString();
    const QString id = created.object().value("id"_L1).toString();
    EXPECT_EQ(id.size(), 36);
    EXPECT_FALSE(created.object().value("tenant_id"_L1).toString().isEmpty());

    const HttpResult dup = srv().post(u"/sessions"_s, QJsonObject{{"name"_L1, u"p"_s}});
    EXPECT_EQ(dup.status, 409);
    EXPECT_TRUE(dup.detail().contains(u"already exists"_s));
    const HttpResult upsert =
        srv().post(u"/sessions?upsert=true"_s, QJsonObject{{"name"_L1, u"p"_s}, {"description"_L1, u"d"_s}});
    ASSERT_EQ(upsert.status, 200);
    EXPECT_EQ(upsert.object().value("id"_L1).toString(), id);
    EXPECT_EQ(upsert.object().value("description"_L1).toString(), u"d"_s);
    // The Python SDK's create_project(..., upsert=True) sends "True" (it was a 409); a word that is not
    // a boolean is refused by name rather than read as false.
    const HttpResult python =
        srv().post(u"/sessions?upsert=True"_s, QJsonObject{{"name"_L1, u"p"_s}, {"description"_L1, u"d"_s}});
    ASSERT_EQ(python.status, 200) << python.body.toStdString();
    EXPECT_EQ(python.object().value("id"_L1).toString(), id);
    const HttpResult notABoolean = srv().post(u"/sessions?upsert=maybe"_s, QJsonObject{{"name"_L1, u"p"_s}});
    EXPECT_EQ(notABoolean.status, 400);
    EXPECT_EQ(notABoolean.detail(), u"upsert: expected true or false, got 'maybe'"_s);

    EXPECT_EQ(srv().get(u"/sessions/"_s + id + u"?"_s).object().value("name"_L1).toString(), u"p"_s);
    ASSERT_EQ(srv().post(u"/sessions"_s, QJsonObject{{"name"_L1, u"p-two"_s}}).status, 200);
    EXPECT_EQ(srv().get(u"/sessions?name=p"_s).array().size(), 1) << "name is exact";
    EXPECT_EQ(srv().get(u"/sessions?name_contains=P"_s).array().size(), 2);
    EXPECT_EQ(srv().get(u"/sessions?limit=1&offset=1"_s).array().size(), 1);
    EXPECT_EQ(srv().get(u"/sessions?limit=1&offset=2"_s).array().size(), 0);
    EXPECT_EQ(srv().get(u"/sessions?limit=0"_s).status, 422);

    // updateProject sends every unset field as null.
    const HttpResult patched =
        srv().patch(u"/sessions/"_s + id, QJsonObject{{"name"_L1, u"renamed"_s},
                                                      {"description"_L1, QJsonValue::Null},
                                                      {"extra"_L1, QJsonValue::Null},
                                                      {"end_time"_L1, QJsonValue::Null}});
    ASSERT_EQ(patched.status, 200);
    EXPECT_EQ(patched.object().value("name"_L1).toString(), u"renamed"_s);
    EXPECT_EQ(patched.object().value("description"_L1).toString(), u"d"_s);
    EXPECT_EQ(srv().patch(u"/sessions/"_s + id, QJsonObject{{"name"_L1, u"p-two"_s}}).status, 409);
    EXPECT_EQ(srv().del(u"/sessions/"_s + id).status, 204);
    EXPECT_EQ(srv().get(u"/sessions/"_s + id).status, 404);
    EXPECT_EQ(srv().del(u"/sessions/"_s + id).status, 404);
    EXPECT_EQ(srv().post(u"/sessions"_s, QJsonObject{{"name"_L1, 5}}).detail(),
              u"name: expected a string, got a number"_s);
}

TEST_P(QueuesApi, CreateKeepsTheClientsIdAndResolvesTheRubric)
{
    createQueue();
    const HttpResult read = srv().get(u"/annotation-queues/"_s + queueId);
    ASSERT_EQ(read.status, 200);
    const QJsonObject q = read.object();
    EXPECT_EQ(q.value("id"_L1).toString(), queueId);
    EXPECT_EQ(q.value("rubric_instructions"_L1).toString(), u"do"_s);
    EXPECT_EQ(q.value("rubric_items"_L1).toArray().at(0).toObject().value("feedback_key"_L1).toString(),
              u"correctness"_s);
    EXPECT_EQ(q.value("rubric"_L1)
                  .toObject()
                  .value("fields"_L1)
                  .toArray()
                  .at(0)
                  .toObject()
                  .value("type"_L1)
                  .toString(),
              u"categorical"_s);
    EXPECT_EQ(srv().get(u"/annotation-queues?ids="_s + queueId).array().size(), 1);
    EXPECT_EQ(srv().get(u"/annotation-queues?name=production-rag-review"_s).array().size(), 1);
    EXPECT_EQ(srv().get(u"/annotation-queues?name_contains=RAG"_s).array().size(), 1);
    EXPECT_EQ(srv().get(u"/annotation-queues?name=production"_s).array().size(), 0);

    const HttpResult patched =
        srv().patch(u"/annotation-queues/"_s + queueId, QJsonObject{{"name"_L1, u"q2"_s}});
    ASSERT_EQ(patched.status, 200);
    EXPECT_EQ(srv().get(u"/annotation-queues/"_s + queueId).object().value("name"_L1).toString(), u"q2"_s);
    EXPECT_EQ(srv()
                  .get(u"/annotation-queues/"_s + queueId)
                  .object()
                  .value("rubric"_L1)
                  .toObject()
                  .value("version"_L1)
                  .toInt(),
              1);

    const HttpResult bad = srv().post(
        u"/annotation-queues"_s,
        QJsonObject{
            {"name"_L1, u"x"_s},
            {"rubric"_L1,
             QJsonObject{{"fields"_L1, QJsonArray{QJsonObject{{"name"_L1, u"q"_s},
                                                              {"type"_L1, u"categorical"_s},
                                                              {"options"_L1, QJsonArray{u"one"_s}}}}}}}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.detail(), u"rubric.q: a categorical field needs at least two options, it has 1"_s);
    EXPECT_EQ(srv().get(u"/annotation-queues?name=x"_s).array().size(), 0);

    EXPECT_EQ(srv().del(u"/annotation-queues/"_s + queueId).status, 204);
    EXPECT_EQ(srv().get(u"/annotation-queues/"_s + queueId).status, 404);
}

TEST_P(QueuesApi, RunsGoInByIdByKeyAndByNameWithAReason)
{
    createQueue();
    const QString a = ingestRun(u"a"_s), b = ingestRun(u"b"_s), c = ingestRun(u"c"_s);
    const HttpResult bare = srv().post(u"/annotation-queues/"_s + queueId + u"/runs"_s, QJsonArray{a});
    ASSERT_EQ(bare.status, 200) << bare.body.toStdString();
    EXPECT_EQ(bare.array().at(0).toObject().value("run_id"_L1).toString(), a);
    ASSERT_EQ(srv()
                  .post(u"/annotation-queues/"_s + queueId + u"/runs/by-key"_s,
                        QJsonArray{QJsonObject{{"run_id"_L1, b},
                                               {"session_id"_L1, Uuid::v7().toString()},
                                               {"start_time"_L1, u"2026-11-30T08:00:00Z"_s}}})
                  .status,
              200);
    // The seed's SDK routing: queue by name, with a comment the reviewer sees.
    const HttpResult seed = srv().post(
        u"/annotation-queues/production-rag-review/runs"_s,
        QJsonObject{{"run_ids"_L1, QJsonArray{c}}, {"comment"_L1, u"Auto-routed: Low confidence: 0.41"_s}});
    ASSERT_EQ(seed.status, 200) << seed.body.toStdString();
    EXPECT_EQ(srv().post(u"/annotation-queues/"_s + queueId + u"/runs"_s, QJsonArray{a}).array().size(), 0)
        << "a run enters a queue once";
    EXPECT_EQ(srv().get(u"/annotation-queues/"_s + queueId + u"/size"_s).object().value("size"_L1).toInt(),
              3);

    const HttpResult third = srv().get(u"/annotation-queues/"_s + queueId + u"/run/2"_s);
    ASSERT_EQ(third.status, 200);
    EXPECT_EQ(third.object().value("id"_L1).toString(), c);
    EXPECT_EQ(third.object().value("reason"_L1).toString(), u"Auto-routed: Low confidence: 0.41"_s);
    EXPECT_FALSE(third.object().value("queue_run_id"_L1).toString().isEmpty());
    EXPECT_EQ(srv().get(u"/annotation-queues/"_s + queueId + u"/run/3"_s).status, 404);

    const HttpResult page =
        srv().get(u"/annotation-queues/"_s + queueId + u"/runs?status=needs_my_review&limit=2&offset=0"_s);
    ASSERT_EQ(page.array().size(), 2);
    EXPECT_EQ(page.array().at(0).toObject().value("id"_L1).toString(), a);
    EXPECT_EQ(srv().get(u"/annotation-queues/"_s + queueId + u"/runs?status=bogus"_s).status, 422);

    // Removal by run id (Python SDK) and by queue-run id (JS SDK).
    EXPECT_EQ(srv().del(u"/annotation-queues/"_s + queueId + u"/runs/"_s + a).status, 204);
    const QString queueRunOfC = third.object().value("queue_run_id"_L1).toString();
    EXPECT_EQ(srv().del(u"/annotation-queues/"_s + queueId + u"/runs/"_s + queueRunOfC).status, 204);
    EXPECT_EQ(srv().del(u"/annotation-queues/"_s + queueId + u"/runs/"_s + a).status, 404);
    EXPECT_EQ(srv().get(u"/annotation-queues/"_s + queueId + u"/size"_s).object().value("size"_L1).toInt(),
              1);

    const HttpResult badRun =
        srv().post(u"/annotation-queues/"_s + queueId + u"/runs"_s, QJsonArray{u"nope"_s});
    EXPECT_EQ(badRun.status, 400);
    EXPECT_TRUE(badRun.detail().startsWith(u"runs[0]: "_s)) << badRun.detail().toStdString();
    EXPECT_EQ(srv().post(u"/annotation-queues/no-such-queue/runs"_s, QJsonArray{b}).status, 404);
}

ASSAY_SERVER_TEST_SUITE(ProjectsApi);
ASSAY_SERVER_TEST_SUITE(QueuesApi);
