#include "feedback.h"

#include "jsonfields.h"

#include <QMap>

namespace assay {

namespace {
using namespace Qt::StringLiterals;

constexpr qsizetype kMaxKeyLength = 180;

bool checkScore(JsonFields &f, const QJsonValue &score)
{
    if (score.isDouble() || score.isBool() || score.isNull() || score.isUndefined())
        return true;
    f.fail("score"_L1, u"expected a number or a boolean, got %1"_s.arg(describeJsonType(score)));
    return false;
}

} // namespace

std::optional<double> Feedback::numericScore() const
{
    if (score.isDouble())
        return score.toDouble();
    if (score.isBool())
        return score.toBool() ? 1.0 : 0.0;
    return std::nullopt;
}

Result<Feedback> parseFeedbackCreate(const QJsonObject &body)
{
    JsonFields f(body);
    Feedback fb;
    if (auto id = f.uuid("id"_L1))
        fb.id = *id;
    fb.runId = f.uuid("run_id"_L1);
    fb.traceId = f.uuid("trace_id"_L1);
    fb.sessionId = f.uuid("session_id"_L1);
    fb.key = f.string("key"_L1, Need::Required).value_or(QString());
    if (!f.failed() && fb.key.trimmed().isEmpty())
        f.fail("key"_L1, u"must not be empty"_s);
    if (!f.failed() && fb.key.size() > kMaxKeyLength)
        f.fail("key"_L1, u"is longer than %1 characters"_s.arg(kMaxKeyLength));
    fb.score = nullIfUndefined(body.value("score"_L1));
    checkScore(f, fb.score);
    fb.value = nullIfUndefined(body.value("value"_L1));
    fb.comment = f.string("comment"_L1).value_or(QString());
    fb.correction = nullIfUndefined(body.value("correction"_L1));
    if (auto source = f.object("feedback_source"_L1)) {
        JsonFields s(*source, f.pathOf("feedback_source"_L1));
        fb.source.type = s.string("type"_L1).value_or(u"api"_s);
        fb.source.metadata = s.object("metadata"_L1).value_or(QJsonObject());
        fb.source.userId = s.string("user_id"_L1).value_or(QString());
        fb.source.userName = s.string("user_name"_L1).value_or(QString());
        if (s.failed())
            f.fail(s.error());
    }
    // The JS SDK sends camelCase "feedbackConfig", the Python SDK "feedback_config".
    const auto config =
        f.has("feedback_config"_L1) ? f.object("feedback_config"_L1) : f.object("feedbackConfig"_L1);
    fb.feedbackConfig = config.value_or(QJsonObject());
    fb.comparativeExperimentId = f.uuid("comparative_experiment_id"_L1);
    fb.feedbackGroupId = f.uuid("feedback_group_id"_L1);
    fb.extra = f.object("extra"_L1).value_or(QJsonObject());
    fb.createdAt = f.timestamp("created_at"_L1);
    fb.modifiedAt = f.timestamp("modified_at"_L1);
    if (!f.failed() && !fb.runId && !fb.sessionId)
        f.fail("run_id"_L1, u"feedback needs a run_id, or a session_id for project-level feedback"_s);
    if (f.failed())
        return f.error();
    return fb;
}

Result<FeedbackPatch> parseFeedbackPatch(const QJsonObject &body)
{
    JsonFields f(body);
    FeedbackPatch p;
    if (body.contains("score"_L1)) {
        p.score = body.value("score"_L1);
        checkScore(f, *p.score);
    }
    if (body.contains("value"_L1))
        p.value = body.value("value"_L1);
    if (body.contains("correction"_L1))
        p.correction = body.value("correction"_L1);
    if (body.contains("comment"_L1)) {
        const QJsonValue c = body.value("comment"_L1);
        if (c.isString() || c.isNull())
            p.comment = c.toString();
        else
            f.fail("comment"_L1, u"expected a string, got %1"_s.arg(describeJsonType(c)));
    }
    if (f.failed())
        return f.error();
    return p;
}

void applyFeedbackPatch(Feedback &feedback, const FeedbackPatch &patch)
{
    if (patch.score)
        feedback.score = *patch.score;
    if (patch.value)
        feedback.value = *patch.value;
    if (patch.correction)
        feedback.correction = *patch.correction;
    if (patch.comment)
        feedback.comment = *patch.comment;
}

QJsonObject feedbackToJson(const Feedback &fb)
{
    QJsonObject source{{"type"_L1, fb.source.type}, {"metadata"_L1, fb.source.metadata}};
    source.insert("user_id"_L1, textOrNull(fb.source.userId));
    source.insert("user_name"_L1, textOrNull(fb.source.userName));
    QJsonObject o;
    o.insert("id"_L1, fb.id.toString());
    o.insert("run_id"_L1, jsonOrNull(fb.runId));
    o.insert("trace_id"_L1, jsonOrNull(fb.traceId));
    o.insert("session_id"_L1, jsonOrNull(fb.sessionId));
    o.insert("key"_L1, fb.key);
    o.insert("score"_L1, nullIfUndefined(fb.score));
    o.insert("value"_L1, nullIfUndefined(fb.value));
    o.insert("comment"_L1, textOrNull(fb.comment));
    o.insert("correction"_L1, nullIfUndefined(fb.correction));
    o.insert("feedback_source"_L1, source);
    o.insert("feedback_config"_L1,
             fb.feedbackConfig.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(fb.feedbackConfig));
    o.insert("comparative_experiment_id"_L1, jsonOrNull(fb.comparativeExperimentId));
    o.insert("feedback_group_id"_L1, jsonOrNull(fb.feedbackGroupId));
    o.insert("extra"_L1, fb.extra);
    o.insert("created_at"_L1, jsonOrNull(fb.createdAt));
    o.insert("modified_at"_L1, jsonOrNull(fb.modifiedAt));
    return o;
}

QJsonObject feedbackStats(const QList<Feedback> &feedback)
{
    struct Acc {
        int n = 0;
        int scored = 0;
        double sum = 0;
        QJsonObject values;
    };
    QMap<QString, Acc> byKey; // ordered, so the JSON is stable
    for (const Feedback &fb : feedback) {
        Acc &a = byKey[fb.key];
        ++a.n;
        if (const auto score = fb.numericScore()) {
            ++a.scored;
            a.sum += *score;
        }
        if (fb.value.isString())
            a.values.insert(fb.value.toString(), a.values.value(fb.value.toString()).toInt() + 1);
    }
    QJsonObject stats;
    for (auto it = byKey.cbegin(); it != byKey.cend(); ++it) {
        const Acc &a = it.value();
        stats.insert(it.key(), QJsonObject{{"n"_L1, a.n},
                                           {"avg"_L1, a.scored ? QJsonValue(a.sum / a.scored)
                                                               : QJsonValue(QJsonValue::Null)},
                                           {"values"_L1, a.values}});
    }
    return stats;
}

} // namespace assay
