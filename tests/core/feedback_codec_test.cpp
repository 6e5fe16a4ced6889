#include "core/feedback.h"

#include <printers.h>
#include <testdata.h>

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace assay;
using namespace Qt::StringLiterals;

namespace {

QList<QJsonObject> feedbackBodies()
{
    QList<QJsonObject> bodies;
    for (const auto &r : test::loadWire(u"wire-api-apiv1.jsonl"_s))
        if (r.method == u"POST" && r.url.endsWith(u"/feedback"))
            bodies.append(QJsonDocument::fromJson(r.body).object());
    return bodies;
}

} // namespace

TEST(FeedbackCodec, KeepsTheSdkIdAndReadsTheCamelCaseConfig)
{
    const auto bodies = feedbackBodies();
    ASSERT_EQ(bodies.size(), 2);
    auto fb = parseFeedbackCreate(bodies.at(0));
    ASSERT_TRUE(fb.ok()) << fb.error().toString().toStdString();
    EXPECT_EQ(fb->id.toString(), u"01a22b51-a3d0-7729-bb5c-1460bc21fe4b"_s);
    EXPECT_EQ(fb->runId->toString(), u"018f0000-0000-7000-8000-000000000001"_s);
    EXPECT_EQ(fb->sessionId->toString(), u"2828a42a-0a2b-40b2-838b-5a7660537f6a"_s);
    EXPECT_EQ(fb->key, u"correctness"_s);
    EXPECT_EQ(fb->score, QJsonValue(0.3333));
    EXPECT_EQ(fb->value, QJsonValue(u"good"_s));
    EXPECT_EQ(fb->comment, u"c"_s);
    EXPECT_EQ(fb->source.type, u"api"_s);
    EXPECT_EQ(fb->feedbackConfig.value("type"_L1).toString(), u"continuous"_s);

    auto legacy = parseFeedbackCreate(bodies.at(1));
    ASSERT_TRUE(legacy.ok());
    EXPECT_EQ(legacy->numericScore(), 1.0);
    EXPECT_TRUE(legacy->value.isNull());
}

TEST(FeedbackCodec, PythonSnakeCaseConfigIsAcceptedToo)
{
    auto fb =
        parseFeedbackCreate(QJsonObject{{"run_id"_L1, u"018f0000-0000-7000-8000-000000000001"_s},
                                        {"key"_L1, u"k"_s},
                                        {"feedback_config"_L1, QJsonObject{{"type"_L1, u"freeform"_s}}}});
    ASSERT_TRUE(fb.ok());
    EXPECT_EQ(fb->feedbackConfig.value("type"_L1).toString(), u"freeform"_s);
}

TEST(FeedbackCodec, RoundTripsThroughItsJson)
{
    for (const QJsonObject &body : feedbackBodies()) {
        auto fb = parseFeedbackCreate(body);
        ASSERT_TRUE(fb.ok());
        fb->createdAt = Timestamp::fromMicros(1796023093702000);
        fb->source.userId = u"reviewer-1"_s;
        const QJsonObject json = feedbackToJson(*fb);
        auto again = parseFeedbackCreate(json);
        ASSERT_TRUE(again.ok()) << again.error().toString().toStdString();
        EXPECT_EQ(*again, *fb) << QJsonDocument(json).toJson().toStdString();
    }
}

TEST(FeedbackCodec, PatchChangesOnlyWhatItNames)
{
    auto fb = parseFeedbackCreate(feedbackBodies().at(0));
    ASSERT_TRUE(fb.ok());
    auto patch = parseFeedbackPatch(QJsonObject{{"score"_L1, 0}});
    ASSERT_TRUE(patch.ok());
    applyFeedbackPatch(*fb, *patch);
    EXPECT_EQ(fb->score, QJsonValue(0));
    EXPECT_EQ(fb->value, QJsonValue(u"good"_s));
    EXPECT_EQ(fb->comment, u"c"_s);
}

TEST(FeedbackCodec, BadInputNamesTheField)
{
    const QString run = u"018f0000-0000-7000-8000-000000000001"_s;
    auto noKey = parseFeedbackCreate(QJsonObject{{"run_id"_L1, run}});
    ASSERT_FALSE(noKey.ok());
    EXPECT_EQ(noKey.error().toString(), u"key: is required"_s);

    auto blankKey = parseFeedbackCreate(QJsonObject{{"run_id"_L1, run}, {"key"_L1, u"  "_s}});
    ASSERT_FALSE(blankKey.ok());
    EXPECT_EQ(blankKey.error().toString(), u"key: must not be empty"_s);

    auto textScore =
        parseFeedbackCreate(QJsonObject{{"run_id"_L1, run}, {"key"_L1, u"k"_s}, {"score"_L1, u"high"_s}});
    ASSERT_FALSE(textScore.ok());
    EXPECT_EQ(textScore.error().toString(), u"score: expected a number or a boolean, got a string"_s);

    auto nowhere = parseFeedbackCreate(QJsonObject{{"key"_L1, u"k"_s}});
    ASSERT_FALSE(nowhere.ok());
    EXPECT_EQ(nowhere.error().where, u"run_id"_s);

    auto badSource = parseFeedbackCreate(QJsonObject{
        {"run_id"_L1, run}, {"key"_L1, u"k"_s}, {"feedback_source"_L1, QJsonObject{{"type"_L1, 3}}}});
    ASSERT_FALSE(badSource.ok());
    EXPECT_EQ(badSource.error().where, u"feedback_source.type"_s);

    EXPECT_FALSE(parseFeedbackPatch(QJsonObject{{"score"_L1, QJsonArray{}}}).ok());
    EXPECT_FALSE(parseFeedbackPatch(QJsonObject{{"comment"_L1, 5}}).ok());
}

TEST(FeedbackStats, CountAverageScoresAndCountValuesPerKey)
{
    auto make = [](const char *key, QJsonValue score, QJsonValue value) {
        Feedback f;
        f.key = QString::fromLatin1(key);
        f.score = score;
        f.value = value;
        return f;
    };
    const QJsonObject stats = feedbackStats({make("correctness", 1, QJsonValue::Null), make("correctness", 0.5, QJsonValue::Null),
                                             make("correctness", true, QJsonValue::Null), make("user_rating", QJsonValue::Null, u"negative"_s),
                                             make("user_rating", QJsonValue::Null, u"negative"_s),
                                             make("user_rating", QJsonValue::Null, u"positive"_s)});
    const QJsonObject c = stats.value("correctness"_L1).toObject();
    EXPECT_EQ(c.value("n"_L1).toInt(), 3);
    EXPECT_DOUBLE_EQ(c.value("avg"_L1).toDouble(), 2.5 / 3);
    const QJsonObject u = stats.value("user_rating"_L1).toObject();
    EXPECT_EQ(u.value("n"_L1).toInt(), 3);
    EXPECT_TRUE(u.value("avg"_L1).isNull());
    EXPECT_EQ(u.value("values"_L1).toObject(), (QJsonObject{{"negative"_L1, 2}, {"positive"_L1, 1}}));
    EXPECT_TRUE(feedbackStats({}).isEmpty());
}
