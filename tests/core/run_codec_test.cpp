// Runs as the official SDK sends them (tests/data/langsmith-wire), decoded, merged and re-encoded.

#include "core/run.h"

#include <printers.h>
#include <testdata.h>

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace assay;
using namespace Qt::StringLiterals;

namespace {

QJsonObject bodyOf(const test::WireRequest &r)
{
    return QJsonDocument::fromJson(r.body).object();
}

test::WireRequest request(const QString &file, const QString &method, const QString &urlPart)
{
    for (const auto &r : test::loadWire(file))
        if (r.method == method && r.url.contains(urlPart))
            return r;
    throw std::runtime_error("no such request in " + file.toStdString());
}

assay::Run decode(const QJsonObject &body)
{
    auto w = parseRunUpsert(body);
    EXPECT_TRUE(w.ok()) << (w.ok() ? "" : w.error().toString().toStdString());
    assay::Run run;
    applyRunUpsert(run, *w);
    completeDerivedFields(run);
    return run;
}

} // namespace

TEST(RunCodec, DecodesTheSdkBatchWithBothTimestampForms)
{
    const QJsonObject batch = bodyOf(request(u"wire-batch-json.jsonl"_s, u"POST"_s, u"/runs/batch"_s));
    const QJsonArray posts = batch.value("post"_L1).toArray();
    ASSERT_EQ(posts.size(), 2);
    EXPECT_TRUE(batch.value("patch"_L1).toArray().isEmpty());

    const assay::Run root = decode(posts.at(0).toObject());
    EXPECT_EQ(root.id.toString(), u"01a22b51-8fbb-7000-8000-0010eae8c568"_s);
    EXPECT_EQ(root.traceId, root.id);
    EXPECT_TRUE(root.isRoot());
    EXPECT_EQ(root.sessionName, u"p"_s);
    EXPECT_EQ(root.name, u"tree"_s);
    EXPECT_EQ(root.runType, u"chain"_s);
    EXPECT_EQ(root.startTime->toIso(), u"2026-11-30T07:18:15.227001Z"_s); // ISO with microseconds
    EXPECT_EQ(root.endTime->toIso(), u"2026-11-30T07:18:15.268000Z"_s);   // epoch ms number
    EXPECT_EQ(root.metadata().value("eval_score"_L1).toDouble(), 1.0);
    EXPECT_EQ(root.inputs, (QJsonObject{{"q"_L1, u"x"_s}}));
    EXPECT_EQ(root.outputs, (QJsonObject{{"answer"_L1, u"a"_s}}));
    EXPECT_EQ(root.status(), RunStatus::Success);
    EXPECT_EQ(root.dottedOrder, u"20261130T071815227001Z01a22b51-8fbb-7000-8000-0010eae8c568"_s);
    EXPECT_EQ(root.dottedOrder, dottedOrderSegment(*root.startTime, root.id));

    const assay::Run child = decode(posts.at(1).toObject());
    ASSERT_TRUE(child.parentRunId.has_value());
    EXPECT_EQ(*child.parentRunId, root.id);
    EXPECT_EQ(child.traceId, root.id);
    EXPECT_EQ(child.runType, u"llm"_s);
    EXPECT_TRUE(child.dottedOrder.startsWith(root.dottedOrder + u'.'));
}

TEST(RunCodec, EncodedRunsDecodeToTheSameRun)
{
    QList<QJsonObject> bodies;
    for (const auto &file : {u"wire-batch-json.jsonl"_s, u"wire-no-info-fallback.jsonl"_s}) {
        const QJsonObject batch = bodyOf(request(file, u"POST"_s, u"/runs/batch"_s));
        for (const QJsonValue &v : batch.value("post"_L1).toArray())
            bodies.append(v.toObject());
    }
    bodies.append(bodyOf(request(u"wire-direct.jsonl"_s, u"POST"_s, u"/runs"_s)));
    ASSERT_GE(bodies.size(), 4);
    for (const QJsonObject &body : bodies) {
        const assay::Run original = decode(body);
        const QJsonObject encoded = runToJson(original);
        EXPECT_EQ(decode(encoded), original) << QJsonDocument(encoded).toJson().toStdString();
        EXPECT_TRUE(encoded.value("start_time"_L1).toString().endsWith(u'Z'));
        EXPECT_EQ(encoded.value("id"_L1).toString().size(), 36);
    }
}

TEST(RunCodec, PostThenPatchAndPatchThenPostGiveTheSameRun)
{
    const auto direct = test::loadWire(u"wire-direct.jsonl"_s);
    ASSERT_EQ(direct.size(), 2);
    const auto post = parseRunUpsert(bodyOf(direct.at(0)));
    auto patch = parseRunUpsert(bodyOf(direct.at(1)));
    ASSERT_TRUE(post.ok());
    ASSERT_TRUE(patch.ok());
    EXPECT_FALSE(patch->id.has_value()); // PATCH bodies carry no id: it is in the path
    patch->id = post->id;

    assay::Run inOrder;
    applyRunUpsert(inOrder, *post);
    EXPECT_EQ(inOrder.status(), RunStatus::Pending);
    applyRunUpsert(inOrder, *patch);
    completeDerivedFields(inOrder);

    assay::Run reversed;
    applyRunUpsert(reversed, *patch);
    applyRunUpsert(reversed, *post);
    completeDerivedFields(reversed);

    EXPECT_EQ(inOrder, reversed);
    EXPECT_EQ(inOrder.status(), RunStatus::Success);
    EXPECT_EQ(inOrder.outputs, (QJsonObject{{"a"_L1, u"yo"_s}}));
    EXPECT_EQ(inOrder.inputs, (QJsonObject{{"q"_L1, u"hi"_s}}));
    EXPECT_EQ(inOrder.startTime->millis(), 1796023093702);
    EXPECT_EQ(inOrder.endTime->millis(), 1796023093770);
    EXPECT_NEAR(*inOrder.latencySeconds(), 0.068, 1e-9);
}

TEST(RunCodec, ExtraAndMetadataMergeKeyByKey)
{
    assay::Run run;
    applyRunUpsert(
        run, *parseRunUpsert(QJsonObject{{"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"a"_L1, 1}}},
                                                                  {"runtime"_L1, u"node"_s}}}}));
    applyRunUpsert(run, *parseRunUpsert(QJsonObject{
                            {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"b"_L1, 2}}}}}}));
    EXPECT_EQ(run.metadata(), (QJsonObject{{"a"_L1, 1}, {"b"_L1, 2}}));
    EXPECT_EQ(run.extra.value("runtime"_L1).toString(), u"node"_s);
}

TEST(RunCodec, NullMeansLeaveAsItIs)
{
    assay::Run run;
    applyRunUpsert(run, *parseRunUpsert(QJsonObject{{"name"_L1, u"n"_s}, {"error"_L1, u"boom"_s}}));
    applyRunUpsert(
        run, *parseRunUpsert(QJsonObject{{"name"_L1, QJsonValue::Null}, {"error"_L1, QJsonValue::Null}}));
    EXPECT_EQ(run.name, u"n"_s);
    EXPECT_EQ(run.error, u"boom"_s);
    EXPECT_EQ(run.status(), RunStatus::Error);
}

TEST(RunCodec, TokenCountsComeFromUsageMetadata)
{
    const assay::Run run = decode(QJsonObject{
        {"outputs"_L1, QJsonObject{{"usage_metadata"_L1,
                                    QJsonObject{{"input_tokens"_L1, 120}, {"output_tokens"_L1, 30}}}}}});
    EXPECT_EQ(run.promptTokens, 120);
    EXPECT_EQ(run.completionTokens, 30);
    EXPECT_EQ(run.totalTokens, 150);
    const assay::Run openAi = decode(QJsonObject{
        {"outputs"_L1, QJsonObject{{"llm_output"_L1,
                                    QJsonObject{{"token_usage"_L1, QJsonObject{{"total_tokens"_L1, 7}}}}}}}});
    EXPECT_EQ(openAi.totalTokens, 7);
}

TEST(RunCodec, NestedChildRunsAreFlattenedWithTheirParent)
{
    const QJsonObject body{
        {"id"_L1, u"01a22b51-8fbb-7000-8000-0010eae8c568"_s},
        {"session_name"_L1, u"p"_s},
        {"child_runs"_L1,
         QJsonArray{
             QJsonObject{{"id"_L1, u"01a22b51-8fe3-7000-8000-0291d3ffeffb"_s},
                         {"child_runs"_L1,
                          QJsonArray{QJsonObject{{"id"_L1, u"01a22b51-8fe3-7000-8000-0291d3ffeffc"_s}}}}}}}};
    QList<RunUpsert> children;
    auto root = parseRunUpsert(body, {}, &children);
    ASSERT_TRUE(root.ok());
    ASSERT_EQ(children.size(), 2);
    EXPECT_EQ(children.at(0).values.parentRunId->toString(),
              u"01a22b51-8fe3-7000-8000-0291d3ffeffb"_s); // grandchild first
    EXPECT_EQ(children.at(1).values.parentRunId->toString(), u"01a22b51-8fbb-7000-8000-0010eae8c568"_s);
    EXPECT_EQ(children.at(1).values.sessionName, u"p"_s);
    EXPECT_FALSE(parseRunUpsert(body).ok()) << "nested runs need somewhere to go";
}

TEST(RunCodec, BadFieldsNameTheirPath)
{
    auto badTime = parseRunUpsert(QJsonObject{{"start_time"_L1, u"yesterday"_s}}, u"post[3]"_s);
    ASSERT_FALSE(badTime.ok());
    EXPECT_EQ(badTime.error().where, u"post[3].start_time"_s);
    EXPECT_TRUE(badTime.error().message.contains(u"four-digit year"_s));

    auto badTags = parseRunUpsert(QJsonObject{{"tags"_L1, QJsonArray{u"ok"_s, 5}}});
    ASSERT_FALSE(badTags.ok());
    EXPECT_EQ(badTags.error().toString(), u"tags[1]: expected a string, got a number"_s);

    auto badId = parseRunUpsert(QJsonObject{{"id"_L1, u"run-1"_s}});
    ASSERT_FALSE(badId.ok());
    EXPECT_EQ(badId.error().where, u"id"_s);

    auto badInputs = parseRunUpsert(QJsonObject{{"inputs"_L1, u"hello"_s}});
    ASSERT_FALSE(badInputs.ok());
    EXPECT_EQ(badInputs.error().toString(), u"inputs: expected an object, got a string"_s);

    auto badError = parseRunUpsert(QJsonObject{{"error"_L1, 42}});
    ASSERT_FALSE(badError.ok());
    EXPECT_EQ(badError.error().where, u"error"_s);

    auto badTokens = parseRunUpsert(QJsonObject{{"total_tokens"_L1, 1.5}});
    ASSERT_FALSE(badTokens.ok());
    EXPECT_EQ(badTokens.error().toString(), u"total_tokens: expected a whole number, got 1.5"_s);
}

TEST(RunCodec, ErrorObjectsAreKeptAsJsonText)
{
    const assay::Run run = decode(QJsonObject{{"error"_L1, QJsonObject{{"type"_L1, u"Timeout"_s}}}});
    EXPECT_EQ(run.error, u"{\"type\":\"Timeout\"}"_s);
    EXPECT_EQ(run.status(), RunStatus::Error);
}
