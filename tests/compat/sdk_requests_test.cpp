// Every request body the official LangSmith JS SDK sent (captured by capture-sdk-requests.mjs in the
// same ctest run) decodes with assay_core, keeps the SDK's ids, and means what the SDK meant.

#include "core/feedback.h"
#include "core/jsonfields.h"
#include "core/project.h"
#include "core/queue.h"
#include "core/run.h"

#include <printers.h>
#include <testdata.h>

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace assay;
using namespace Qt::StringLiterals;

namespace {

QList<test::WireRequest> requests(const QString &method, const QString &urlEnd)
{
    QList<test::WireRequest> out;
    for (const auto &r : test::loadWireFile(QStringLiteral(ASSAY_SDK_REQUESTS)))
        if (r.method == method && r.url.startsWith(u"/api/v1/"_s) && r.url.endsWith(urlEnd))
            out.append(r);
    return out;
}

QJsonObject body(const test::WireRequest &r)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << r.url.toStdString();
    return doc.object();
}

assay::Run merge(QList<RunUpsert> writes)
{
    assay::Run run;
    for (const RunUpsert &w : writes)
        applyRunUpsert(run, w);
    completeDerivedFields(run);
    return run;
}

} // namespace

TEST(LangSmithSdk, SingleRunPostAndPatchDecodeAndMergeInEitherOrder)
{
    const auto posts = requests(u"POST"_s, u"/runs"_s);
    ASSERT_EQ(posts.size(), 1);
    auto post = parseRunUpsert(body(posts.first()));
    ASSERT_TRUE(post.ok()) << post.error().toString().toStdString();
    ASSERT_TRUE(post->id.has_value());
    const auto patches = requests(u"PATCH"_s, u"/runs/"_s + post->id->toString());
    ASSERT_EQ(patches.size(), 1) << "the SDK patches the id it generated";
    auto patch = parseRunUpsert(body(patches.first()));
    ASSERT_TRUE(patch.ok()) << patch.error().toString().toStdString();
    patch->id = post->id;

    const assay::Run forward = merge({*post, *patch});
    EXPECT_EQ(forward, merge({*patch, *post}));
    EXPECT_EQ(forward.status(), RunStatus::Success);
    EXPECT_EQ(forward.sessionName, u"compat"_s);
    EXPECT_EQ(forward.metadata().value("eval_score"_L1).toDouble(), 0.5);
    EXPECT_EQ(forward.extra.value("runtime"_L1).toObject().value("sdk_version"_L1).toString(), u"0.10.5"_s)
        << "the compatibility suite is pinned to the SDK version docs/langsmith-api.md describes";
    EXPECT_GE(*forward.latencySeconds(), 0.0);
}

TEST(LangSmithSdk, BatchedRunTreeDecodesWithParentsAndTokens)
{
    const auto batches = requests(u"POST"_s, u"/runs/batch"_s);
    ASSERT_FALSE(batches.isEmpty());
    QHash<QString, QList<RunUpsert>> writes;
    for (const auto &b : batches) {
        const QJsonObject batch = body(b);
        for (const auto &part : {"post"_L1, "patch"_L1}) {
            const QJsonArray entries = batch.value(part).toArray();
            for (qsizetype i = 0; i < entries.size(); ++i) {
                auto w = parseRunUpsert(entries.at(i).toObject(), indexedPath(QString(part), i));
                ASSERT_TRUE(w.ok()) << w.error().toString().toStdString();
                ASSERT_TRUE(w->id.has_value());
                writes[w->id->toString()].append(*w);
            }
        }
    }
    ASSERT_EQ(writes.size(), 2);
    QList<assay::Run> runs;
    for (const auto &w : writes)
        runs.append(merge(w));
    const auto root = std::find_if(runs.begin(), runs.end(), [](const assay::Run &r) { return r.isRoot(); });
    const auto child =
        std::find_if(runs.begin(), runs.end(), [](const assay::Run &r) { return !r.isRoot(); });
    ASSERT_NE(root, runs.end());
    ASSERT_NE(child, runs.end());
    EXPECT_EQ(root->name, u"rag_chain"_s);
    EXPECT_EQ(root->tags, QStringList{u"beta"_s});
    EXPECT_EQ(root->metadata().value("user_id"_L1).toString(), u"u-17"_s);
    EXPECT_EQ(root->status(), RunStatus::Success);
    EXPECT_EQ(*child->parentRunId, root->id);
    EXPECT_EQ(child->traceId, root->id);
    EXPECT_TRUE(child->dottedOrder.startsWith(root->dottedOrder + u'.'));
    EXPECT_EQ(root->dottedOrder, dottedOrderSegment(*root->startTime, root->id));
    EXPECT_EQ(child->totalTokens, 1100);
    EXPECT_EQ(root->id.version(), 7) << "RunTree ids are UUID v7";
}

TEST(LangSmithSdk, FeedbackKeepsItsIdScoreAndConfig)
{
    const auto posts = requests(u"POST"_s, u"/feedback"_s);
    ASSERT_EQ(posts.size(), 2);
    auto scored = parseFeedbackCreate(body(posts.at(0)));
    ASSERT_TRUE(scored.ok()) << scored.error().toString().toStdString();
    EXPECT_EQ(scored->id.toString(), body(posts.at(0)).value("id"_L1).toString());
    EXPECT_EQ(scored->key, u"correctness"_s);
    EXPECT_EQ(scored->score, QJsonValue(0.3333)) << "the SDK rounds scores to four decimals";
    EXPECT_EQ(scored->feedbackConfig.value("type"_L1).toString(), u"continuous"_s);
    EXPECT_TRUE(scored->sessionId.has_value());
    auto rating = parseFeedbackCreate(body(posts.at(1)));
    ASSERT_TRUE(rating.ok()) << rating.error().toString().toStdString();
    EXPECT_EQ(rating->value, QJsonValue(u"negative"_s));
}

TEST(LangSmithSdk, QueueRubricResolvesAgainstTheSdksFeedbackConfig)
{
    const auto configs = requests(u"POST"_s, u"/feedback-configs"_s);
    ASSERT_EQ(configs.size(), 1);
    const QJsonObject configBody = body(configs.first());
    auto config = parseFeedbackConfig(configBody.value("feedback_key"_L1).toString(),
                                      configBody.value("feedback_config"_L1).toObject());
    ASSERT_TRUE(config.ok()) << config.error().toString().toStdString();

    const auto queues = requests(u"POST"_s, u"/annotation-queues"_s);
    ASSERT_EQ(queues.size(), 1);
    auto write = parseQueueWrite(body(queues.first()), true);
    ASSERT_TRUE(write.ok()) << write.error().toString().toStdString();
    Queue queue;
    auto applied = applyQueueWrite(queue, *write, [&](const QString &key) -> std::optional<RubricField> {
        return key == config->key ? std::optional(*config) : std::nullopt;
    });
    ASSERT_TRUE(applied.ok()) << applied.error().toString().toStdString();
    EXPECT_EQ(queue.id.toString(), body(queues.first()).value("id"_L1).toString())
        << "the client's queue id is kept";
    EXPECT_EQ(queue.rubric.instructions, u"Read the retrieved context first."_s);
    ASSERT_EQ(queue.rubric.fields.size(), 1);
    EXPECT_EQ(queue.rubric.fields.first().type, FieldType::Categorical);
    EXPECT_TRUE(queue.rubric.fields.first().required);
}

TEST(LangSmithSdk, ProjectCreateDecodes)
{
    const auto posts = requests(u"POST"_s, u"/sessions"_s);
    ASSERT_EQ(posts.size(), 1);
    auto w = parseProjectWrite(body(posts.first()), true);
    ASSERT_TRUE(w.ok()) << w.error().toString().toStdString();
    Project p;
    applyProjectWrite(p, *w);
    EXPECT_EQ(p.name, u"compat-project"_s);
    EXPECT_EQ(p.description, u"made by the SDK"_s);
    EXPECT_EQ(p.extra.value("metadata"_L1).toObject().value("team"_L1).toString(), u"qa"_s);
}
