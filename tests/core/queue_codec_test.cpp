#include "core/project.h"
#include "core/queue.h"

#include <printers.h>
#include <testdata.h>

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace assay;
using namespace Qt::StringLiterals;

namespace {

QJsonObject wireBody(const QString &method, const QString &urlEnd)
{
    for (const auto &r : test::loadWire(u"wire-api-apiv1.jsonl"_s))
        if (r.method == method && r.url.endsWith(urlEnd))
            return QJsonDocument::fromJson(r.body).object();
    throw std::runtime_error("no such request");
}

// The feedback config the SDK created in the same captured session.
std::optional<RubricField> capturedConfigs(const QString &key)
{
    const QJsonObject body = wireBody(u"POST"_s, u"/feedback-configs"_s);
    if (key != body.value("feedback_key"_L1).toString())
        return std::nullopt;
    auto field = parseFeedbackConfig(key, body.value("feedback_config"_L1).toObject());
    return field ? std::optional(*field) : std::nullopt;
}

Queue createQueue(const QJsonObject &body)
{
    auto write = parseQueueWrite(body, true);
    EXPECT_TRUE(write.ok()) << (write.ok() ? "" : write.error().toString().toStdString());
    Queue queue;
    auto applied = applyQueueWrite(queue, *write, capturedConfigs);
    EXPECT_TRUE(applied.ok()) << (applied.ok() ? "" : applied.error().toString().toStdString());
    return queue;
}

} // namespace

TEST(QueueCodec, CreatesTheSdkQueueKeepingItsIdAndResolvingTheRubric)
{
    const Queue q = createQueue(wireBody(u"POST"_s, u"/annotation-queues"_s));
    EXPECT_EQ(q.id.toString(), u"ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s);
    EXPECT_EQ(q.name, u"q"_s);
    EXPECT_EQ(q.description, u"d"_s);
    EXPECT_EQ(q.rubric.instructions, u"do"_s);
    EXPECT_EQ(q.rubric.version, 1);
    ASSERT_EQ(q.rubric.fields.size(), 1);
    const RubricField &f = q.rubric.fields.first();
    EXPECT_EQ(f.key, u"correctness"_s);
    EXPECT_TRUE(f.required);
    EXPECT_EQ(f.type, FieldType::Categorical);
    ASSERT_EQ(f.options.size(), 2);
    EXPECT_EQ(f.options.at(0).label, u"Pass"_s);
    EXPECT_EQ(f.options.at(0).score, 1.0);
    EXPECT_EQ(f.options.at(1).label, u"Fail"_s);
}

TEST(QueueCodec, ItsJsonCarriesWhatTheSdkReadsBack)
{
    const QJsonObject body = wireBody(u"POST"_s, u"/annotation-queues"_s);
    const Queue q = createQueue(body);
    const QJsonObject json = queueToJson(q, Uuid());
    EXPECT_EQ(json.value("id"_L1).toString(), body.value("id"_L1).toString());
    EXPECT_EQ(json.value("rubric_instructions"_L1), body.value("rubric_instructions"_L1));
    const QJsonObject item = json.value("rubric_items"_L1).toArray().at(0).toObject();
    EXPECT_EQ(item.value("feedback_key"_L1).toString(), u"correctness"_s);
    EXPECT_EQ(item.value("is_required"_L1).toBool(), true);
    // Decoding our own JSON gives the same queue.
    const Queue again = createQueue(json);
    EXPECT_EQ(again.rubric, q.rubric);
    EXPECT_EQ(again.name, q.name);
}

TEST(QueueCodec, PatchingTheNameKeepsTheRubricAndItsVersion)
{
    Queue q = createQueue(wireBody(u"POST"_s, u"/annotation-queues"_s));
    const Rubric before = q.rubric;
    auto patch = parseQueueWrite(
        wireBody(u"PATCH"_s, u"/annotation-queues/ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s), false);
    ASSERT_TRUE(patch.ok());
    ASSERT_TRUE(applyQueueWrite(q, *patch, capturedConfigs).ok());
    EXPECT_EQ(q.name, u"q2"_s);
    EXPECT_EQ(q.rubric, before);
}

TEST(QueueCodec, ChangingTheRubricBumpsItsVersion)
{
    Queue q = createQueue(wireBody(u"POST"_s, u"/annotation-queues"_s));
    auto patch = parseQueueWrite(
        QJsonObject{{"rubric_items"_L1, QJsonArray{QJsonObject{{"feedback_key"_L1, u"helpfulness"_s}}}}},
        false);
    ASSERT_TRUE(patch.ok());
    ASSERT_TRUE(applyQueueWrite(q, *patch, capturedConfigs).ok());
    EXPECT_EQ(q.rubric.version, 2);
    ASSERT_EQ(q.rubric.fields.size(), 1);
    EXPECT_EQ(q.rubric.fields.first().type, FieldType::Continuous); // no config: LangSmith's 0..1 score
    EXPECT_EQ(q.rubric.fields.first().max, 1.0);
    auto instructions = parseQueueWrite(QJsonObject{{"rubric_instructions"_L1, u"new guide"_s}}, false);
    ASSERT_TRUE(applyQueueWrite(q, *instructions, capturedConfigs).ok());
    EXPECT_EQ(q.rubric.version, 3);
}

TEST(QueueCodec, AcceptsTheSeedRubricAndRefusesAnInvalidOneWithoutChangingTheQueue)
{
    const QJsonObject seedRubric = QJsonDocument::fromJson(R"({"fields":[
        {"name":"overall_quality","type":"categorical","options":["good","acceptable","bad"],"required":true},
        {"name":"groundedness","type":"categorical","options":["grounded","hallucinated","partially_grounded"],"required":true},
        {"name":"reviewer_note","type":"freeform","required":false}]})")
                                       .object();
    Queue q = createQueue(QJsonObject{{"name"_L1, u"production-rag-review"_s}, {"rubric"_L1, seedRubric}});
    EXPECT_EQ(q.rubric.fields.size(), 3);
    const Queue before = q;
    auto bad = parseQueueWrite(
        QJsonObject{
            {"rubric"_L1,
             QJsonObject{{"fields"_L1, QJsonArray{QJsonObject{{"name"_L1, u"x"_s},
                                                              {"type"_L1, u"categorical"_s},
                                                              {"options"_L1, QJsonArray{u"only"_s}}}}}}}},
        false);
    ASSERT_TRUE(bad.ok());
    auto applied = applyQueueWrite(q, *bad, {});
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.error().toString(),
              u"rubric.x: a categorical field needs at least two options, it has 1"_s);
    EXPECT_EQ(q, before);
}

TEST(QueueCodec, BadQueueBodiesNameTheField)
{
    auto noName = parseQueueWrite(QJsonObject{{"description"_L1, u"d"_s}}, true);
    ASSERT_FALSE(noName.ok());
    EXPECT_EQ(noName.error().toString(), u"name: is required"_s);
    auto mode = parseQueueWrite(QJsonObject{{"reviewer_access_mode"_L1, u"some"_s}}, false);
    ASSERT_FALSE(mode.ok());
    EXPECT_EQ(mode.error().toString(), u"reviewer_access_mode: expected any or assigned, got 'some'"_s);
    auto minutes = parseQueueWrite(QJsonObject{{"reservation_minutes"_L1, 0}}, false);
    ASSERT_FALSE(minutes.ok());
    EXPECT_EQ(minutes.error().where, u"reservation_minutes"_s);
    auto disagree =
        parseQueueWrite(QJsonObject{{"rubric_items"_L1, QJsonArray{QJsonObject{{"feedback_key"_L1, u"a"_s}}}},
                                    {"rubric"_L1, QJsonObject{{"fields"_L1, QJsonArray{}}}}},
                        false);
    ASSERT_FALSE(disagree.ok());
    EXPECT_EQ(disagree.error().toString(),
              u"rubric_items: rubric and rubric_items disagree; send only one of them"_s);
    EXPECT_TRUE(parseQueueWrite(QJsonObject{{"rubric_items"_L1, QJsonArray{}},
                                            {"rubric"_L1, QJsonObject{{"fields"_L1, QJsonArray{}}}}},
                                false)
                    .ok());
    auto badItem = parseQueueWrite(
        QJsonObject{{"rubric_items"_L1, QJsonArray{QJsonObject{{"description"_L1, u"x"_s}}}}}, false);
    ASSERT_TRUE(badItem.ok());
    Queue q;
    auto applied = applyQueueWrite(q, *badItem, {});
    ASSERT_FALSE(applied.ok());
    EXPECT_EQ(applied.error().toString(), u"rubric_items[0].feedback_key: is required"_s);
}

TEST(ProjectCodec, DecodesTheSdkCreateAndTreatsNullAsUnchanged)
{
    const QJsonObject body = wireBody(u"POST"_s, u"/sessions"_s);
    auto create = parseProjectWrite(body, true);
    ASSERT_TRUE(create.ok());
    Project p;
    applyProjectWrite(p, *create);
    EXPECT_EQ(p.name, u"p"_s);
    EXPECT_EQ(p.extra.value("metadata"_L1).toObject().value("a"_L1).toInt(), 1);

    // updateProject sends every unset field as null.
    auto update = parseProjectWrite(QJsonObject{{"name"_L1, QJsonValue::Null},
                                                {"description"_L1, u"new"_s},
                                                {"extra"_L1, QJsonValue::Null},
                                                {"end_time"_L1, QJsonValue::Null}},
                                    false);
    ASSERT_TRUE(update.ok());
    applyProjectWrite(p, *update);
    EXPECT_EQ(p.name, u"p"_s);
    EXPECT_EQ(p.description, u"new"_s);
    EXPECT_FALSE(p.extra.isEmpty());

    const QJsonObject json = projectToJson(p, Uuid());
    auto again = parseProjectWrite(json, true);
    ASSERT_TRUE(again.ok());
    Project copy;
    applyProjectWrite(copy, *again);
    EXPECT_EQ(copy, p);

    EXPECT_EQ(parseProjectWrite(QJsonObject{}, true).error().toString(), u"name: is required"_s);
    EXPECT_EQ(parseProjectWrite(QJsonObject{{"name"_L1, u" "_s}}, true).error().toString(),
              u"name: must not be empty"_s);
    EXPECT_EQ(
        parseProjectWrite(QJsonObject{{"name"_L1, u"p"_s}, {"start_time"_L1, u"soon"_s}}, true).error().where,
        u"start_time"_s);
}

TEST(QueueItemCodec, RecordsWhatAddedTheRunAndWhy)
{
    QueueItem item;
    item.id = *Uuid::parse(u"0192f3a0-2222-7000-8000-000000000001"_s);
    item.queueId = *Uuid::parse(u"ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s);
    item.runId = *Uuid::parse(u"01a22b51-8fbb-7000-8000-0010eae8c568"_s);
    item.addedAt = *Timestamp::parseIso(u"2026-11-30T08:00:00Z"_s);
    item.addedBy = AddedBy::Rule;
    item.addedById = u"5f0c8a1e-6d1b-4c55-9a57-2f7d8f1d9e01"_s;
    item.reason = u"metadata.eval_score < 0.5"_s;
    const QJsonObject json = queueItemToJson(item);
    EXPECT_EQ(json.value("run_id"_L1).toString(), u"01a22b51-8fbb-7000-8000-0010eae8c568"_s);
    EXPECT_EQ(json.value("added_at"_L1).toString(), u"2026-11-30T08:00:00.000000Z"_s);
    EXPECT_EQ(json.value("added_by"_L1).toObject().value("kind"_L1).toString(), u"rule"_s);
    EXPECT_EQ(json.value("reason"_L1).toString(), item.reason);
    EXPECT_TRUE(json.value("last_reviewed_time"_L1).isNull());
    EXPECT_EQ(addedByName(AddedBy::Sdk), u"sdk"_s);
    EXPECT_EQ(addedByName(AddedBy::User), u"user"_s);
}

TEST(QueueCodec, StoredJsonDecodesToTheSameQueueWithItsRubricVersion)
{
    Queue q = createQueue(wireBody(u"POST"_s, u"/annotation-queues"_s));
    q.rubric.version = 7;
    q.createdAt = Timestamp::fromMicros(1796023093702000);
    q.updatedAt = Timestamp::fromMicros(1796023099702000);
    q.reviewerAccess = ReviewerAccess::Assigned;
    q.numReviewersPerItem = 2;
    auto again = queueFromJson(queueToJson(q, Uuid()));
    ASSERT_TRUE(again.ok()) << again.error().toString().toStdString();
    EXPECT_EQ(*again, q);
}
