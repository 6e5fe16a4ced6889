#include "core/annotation.h"
#include "core/routingrule.h"

#include <printers.h>

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace assay;
using namespace Qt::StringLiterals;

namespace {

Rubric seedRubric()
{
    return *parseRubric(QJsonDocument::fromJson(R"({"version":2,"fields":[
        {"name":"overall_quality","type":"categorical","options":[{"value":"good","score":1},{"value":"acceptable","score":0.5},{"value":"bad","score":0}],"required":true},
        {"name":"groundedness","type":"categorical","options":["grounded","hallucinated","partially_grounded"],"required":true},
        {"name":"helpfulness","type":"continuous","min":1,"max":5},
        {"name":"reviewer_note","type":"freeform"}]})")
                            .object());
}

QJsonObject annotationBody()
{
    return QJsonDocument::fromJson(R"({
        "id":"0192f3a0-1111-7000-8000-000000000001",
        "queue_id":"ffc64d30-f3c2-4e58-a945-66c21c0eca55",
        "run_id":"01a22b51-8fbb-7000-8000-0010eae8c568",
        "rubric_version":2,
        "values":{"overall_quality":"bad","groundedness":"hallucinated","helpfulness":2,"reviewer_note":"cites a retired policy"},
        "comment":"see doc 3","started_at":"2026-11-30T08:00:00Z","submitted_at":"2026-11-30T08:00:41.5Z","active_seconds":38.2})")
        .object();
}

} // namespace

TEST(Annotation, RoundTripsThroughItsJson)
{
    auto a = parseAnnotation(annotationBody());
    ASSERT_TRUE(a.ok()) << a.error().toString().toStdString();
    EXPECT_EQ(a->rubricVersion, 2);
    EXPECT_EQ(a->submittedAt.toIso(), u"2026-11-30T08:00:41.500000Z"_s);
    EXPECT_DOUBLE_EQ(a->activeSeconds, 38.2);
    a->reviewerId = u"reviewer-7"_s;
    auto again = parseAnnotation(annotationToJson(*a));
    ASSERT_TRUE(again.ok());
    again->reviewerId = a->reviewerId; // never taken from a body
    EXPECT_EQ(*again, *a);
}

TEST(Annotation, BadBodiesNameTheField)
{
    QJsonObject body = annotationBody();
    body.remove("id"_L1);
    EXPECT_EQ(parseAnnotation(body).error().toString(), u"id: is required"_s);
    body = annotationBody();
    body.insert("rubric_version"_L1, 0);
    EXPECT_EQ(parseAnnotation(body).error().toString(), u"rubric_version: must be a positive whole number"_s);
    body = annotationBody();
    body.insert("values"_L1, QJsonArray{});
    EXPECT_EQ(parseAnnotation(body).error().toString(), u"values: expected an object, got an array"_s);
    body = annotationBody();
    body.insert("submitted_at"_L1, u"later"_s);
    EXPECT_EQ(parseAnnotation(body).error().where, u"submitted_at"_s);
    body = annotationBody();
    body.insert("active_seconds"_L1, -1);
    EXPECT_EQ(parseAnnotation(body).error().toString(), u"active_seconds: must be zero or more"_s);
}

TEST(Annotation, MaterializesOneFeedbackRowPerAnsweredKey)
{
    auto a = parseAnnotation(annotationBody());
    ASSERT_TRUE(a.ok());
    a->reviewerId = u"reviewer-7"_s;
    a->values.insert("unknown_in_this_version"_L1, u"kept"_s);
    a->values.insert("blank"_L1, u""_s);
    const Uuid session = Uuid::v7();
    const QList<Feedback> rows = materializeFeedback(*a, seedRubric(), session, a->runId);
    ASSERT_EQ(rows.size(), 5);
    QHash<QString, Feedback> byKey;
    for (const Feedback &f : rows)
        byKey.insert(f.key, f);
    EXPECT_EQ(byKey[u"overall_quality"_s].value, QJsonValue(u"bad"_s));
    EXPECT_EQ(byKey[u"overall_quality"_s].score, QJsonValue(0.0));
    EXPECT_EQ(byKey[u"groundedness"_s].value, QJsonValue(u"hallucinated"_s));
    EXPECT_TRUE(byKey[u"groundedness"_s].score.isNull());
    EXPECT_EQ(byKey[u"helpfulness"_s].score, QJsonValue(2));
    EXPECT_EQ(byKey[u"reviewer_note"_s].value, QJsonValue(u"cites a retired policy"_s));
    EXPECT_EQ(byKey[u"unknown_in_this_version"_s].value, QJsonValue(u"kept"_s));
    for (const Feedback &f : rows) {
        EXPECT_EQ(f.runId, a->runId);
        EXPECT_EQ(f.sessionId, session);
        EXPECT_EQ(f.source.type, u"app"_s);
        EXPECT_EQ(f.source.userId, u"reviewer-7"_s);
        EXPECT_EQ(f.source.metadata.value("annotation_id"_L1).toString(), a->id.toString());
        EXPECT_EQ(f.comment, u"see doc 3"_s);
        EXPECT_EQ(f.createdAt, a->submittedAt);
    }
    // The same annotation always materializes to the same row ids; another annotation does not.
    const QList<Feedback> replay = materializeFeedback(*a, seedRubric(), session, a->runId);
    for (qsizetype i = 0; i < rows.size(); ++i)
        EXPECT_EQ(rows[i].id, replay[i].id);
    Annotation other = *a;
    other.id = Uuid::v7();
    EXPECT_FALSE(materializeFeedback(other, seedRubric(), session, a->runId).first().id == rows.first().id);
    // Each key its own row id, all sharing the annotation id's time-ordered first half (so a batch of
    // answers appends to the feedback index instead of scattering over it).
    QSet<QString> ids;
    for (const Feedback &f : rows) {
        ids.insert(f.id.toString());
        EXPECT_EQ(f.id.toRfc4122().left(8), a->id.toRfc4122().left(8));
        EXPECT_EQ(f.id.toString().size(), 36);
    }
    EXPECT_EQ(ids.size(), rows.size());
}

TEST(RoutingRule, TheSeedsFourExampleRulesParse)
{
    const QString queue = u"ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s;
    for (const QString &filter : {u"metadata.eval_score < 0.5"_s, u"feedback.user_rating == \"negative\""_s,
                                  u"latency_ms > 10000"_s, u"random_sample == 0.05"_s}) {
        auto rule =
            parseRoutingRule(QJsonObject{{"name"_L1, filter}, {"queue_id"_L1, queue}, {"filter"_L1, filter}});
        ASSERT_TRUE(rule.ok()) << rule.error().toString().toStdString();
        EXPECT_EQ(rule->filter, filter);
        EXPECT_EQ(rule->samplingRate, 1.0);
        EXPECT_TRUE(rule->enabled);
        auto again = parseRoutingRule(routingRuleToJson(*rule));
        ASSERT_TRUE(again.ok());
        EXPECT_EQ(*again, *rule);
    }
}

TEST(RoutingRule, AcceptsLangSmithsNamesForItsFields)
{
    auto rule = parseRoutingRule(
        QJsonObject{{"display_name"_L1, u"low scores"_s},
                    {"add_to_annotation_queue_id"_L1, u"ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s},
                    {"filter"_L1, u"lt(feedback_score, 0.5)"_s},
                    {"sampling_rate"_L1, 0.1},
                    {"is_enabled"_L1, false},
                    {"backfill_from"_L1, u"2026-11-01"_s}});
    ASSERT_TRUE(rule.ok()) << rule.error().toString().toStdString();
    EXPECT_EQ(rule->name, u"low scores"_s);
    EXPECT_FALSE(rule->enabled);
    EXPECT_EQ(rule->samplingRate, 0.1);
    EXPECT_EQ(rule->backfillFrom->toIso(), u"2026-11-01T00:00:00.000000Z"_s);
}

TEST(RoutingRule, ABadFilterIsRefusedWithItsLineAndColumn)
{
    const QJsonObject base{{"name"_L1, u"r"_s}, {"queue_id"_L1, u"ffc64d30-f3c2-4e58-a945-66c21c0eca55"_s}};
    QJsonObject body = base;
    body.insert("filter"_L1, u"metadata.eval_score <"_s);
    auto bad = parseRoutingRule(body);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().where, u"filter:1:22"_s);
    body.insert("filter"_L1, u"latency_ms > 1"_s);
    body.insert("sampling_rate"_L1, 1.5);
    EXPECT_EQ(parseRoutingRule(body).error().toString(),
              u"sampling_rate: must be between 0 and 1, got 1.5"_s);
    EXPECT_EQ(parseRoutingRule(base).error().toString(), u"filter: is required"_s);
    QJsonObject noQueue{{"name"_L1, u"r"_s}, {"filter"_L1, u"latency_ms > 1"_s}};
    EXPECT_EQ(parseRoutingRule(noQueue).error().toString(), u"queue_id: is required"_s);
}

TEST(Annotation, AnswersAreReadBackFromAPersonsFeedbackTheLatestOfEachKey)
{
    auto fb = [](const QString &key, QJsonValue score, QJsonValue value, qint64 minute,
                 const QString &comment = {}) {
        Feedback f;
        f.key = key;
        f.score = score;
        f.value = value;
        f.comment = comment;
        f.modifiedAt = Timestamp::fromMicros(minute * 60'000'000LL);
        return f;
    };
    const Rubric rubric = seedRubric();
    const QList<Feedback> given{
        fb(u"overall_quality"_s, 0.5, QJsonValue::Null, 2),              // a category by its score
        fb(u"overall_quality"_s, QJsonValue::Null, u"bad"_s, 1),         // older: loses
        fb(u"groundedness"_s, QJsonValue::Null, u"no such option"_s, 1), // fits no option: left out
        fb(u"helpfulness"_s, 4, QJsonValue::Null, 1),                    // continuous: the score
        fb(u"reviewer_note"_s, QJsonValue::Null, QJsonValue::Null, 1, u"see doc 3"_s), // the comment
        fb(u"correctness"_s, 1, QJsonValue::Null, 1),                                  // not in the rubric
    };
    const QJsonObject values = answersFromFeedback(rubric, given);
    EXPECT_EQ(values, (QJsonObject{{"overall_quality"_L1, u"acceptable"_s},
                                   {"helpfulness"_L1, 4},
                                   {"reviewer_note"_L1, u"see doc 3"_s}}));
    EXPECT_FALSE(answersComplete(rubric, values)) << "groundedness is required";
    QJsonObject all = values;
    all.insert("groundedness"_L1, u"grounded"_s);
    EXPECT_TRUE(answersComplete(rubric, all));
    // With nothing required, every field must be answered.
    Rubric optional = rubric;
    for (RubricField &f : optional.fields)
        f.required = false;
    all.remove("helpfulness"_L1);
    EXPECT_FALSE(answersComplete(optional, all));
    all.insert("helpfulness"_L1, 3);
    EXPECT_TRUE(answersComplete(optional, all));
    EXPECT_FALSE(answersComplete(Rubric{}, QJsonObject{}));
}
