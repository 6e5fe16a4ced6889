#include "annotation.h"

#include "jsonfields.h"

#include <cmath>

namespace assay {

using namespace Qt::StringLiterals;

Result<Annotation> parseAnnotation(const QJsonObject &body)
{
    JsonFields f(body);
    Annotation a;
    a.id = f.uuid("id"_L1, Need::Required).value_or(Uuid());
    a.queueId = f.uuid("queue_id"_L1, Need::Required).value_or(Uuid());
    a.runId = f.uuid("run_id"_L1, Need::Required).value_or(Uuid());
    if (auto v = f.integer("rubric_version"_L1, Need::Required)) {
        if (*v < 1 || *v > std::numeric_limits<int>::max())
            f.fail("rubric_version"_L1, u"must be a positive whole number"_s);
        else
            a.rubricVersion = static_cast<int>(*v);
    }
    a.values = f.object("values"_L1, Need::Required).value_or(QJsonObject());
    a.comment = f.string("comment"_L1).value_or(QString());
    a.correction = nullIfUndefined(body.value("correction"_L1));
    a.startedAt = f.timestamp("started_at"_L1);
    a.submittedAt = f.timestamp("submitted_at"_L1, Need::Required).value_or(Timestamp());
    if (auto seconds = f.number("active_seconds"_L1)) {
        if (*seconds < 0 || !std::isfinite(*seconds))
            f.fail("active_seconds"_L1, u"must be zero or more"_s);
        else
            a.activeSeconds = *seconds;
    }
    if (f.failed())
        return f.error();
    return a;
}

QJsonObject annotationToJson(const Annotation &a)
{
    return QJsonObject{
        {"id"_L1, a.id.toString()},
        {"queue_id"_L1, a.queueId.toString()},
        {"run_id"_L1, a.runId.toString()},
        {"reviewer_id"_L1, textOrNull(a.reviewerId)},
        {"rubric_version"_L1, a.rubricVersion},
        {"values"_L1, a.values},
        {"comment"_L1, textOrNull(a.comment)},
        {"correction"_L1, nullIfUndefined(a.correction)},
        {"started_at"_L1, jsonOrNull(a.startedAt)},
        {"submitted_at"_L1, a.submittedAt.toJson()},
        {"active_seconds"_L1, a.activeSeconds},
    };
}

namespace {

// Derived from the annotation id and the key, so a replay rewrites the same rows; time-ordered like the
// annotation id (its first 8 bytes), so a batch of answers appends to the end of the feedback index
// instead of dirtying a random page per row.
Uuid feedbackIdFor(const Uuid &annotationId, const QString &key)
{
    QByteArray bytes = annotationId.toRfc4122();
    const QByteArray tail = Uuid::v5(annotationId, key.toUtf8()).toRfc4122();
    bytes.replace(8, 8, tail.mid(8, 8)); // keeps the variant bits of a v5 id, which are the same
    return Uuid(QUuid::fromRfc4122(bytes));
}

} // namespace

QList<Feedback> materializeFeedback(const Annotation &a, const Rubric &rubric,
                                    const std::optional<Uuid> &sessionId, const std::optional<Uuid> &traceId)
{
    QList<Feedback> rows;
    for (auto it = a.values.begin(); it != a.values.end(); ++it) {
        const QJsonValue answer = it.value();
        if (answer.isNull() || answer.isUndefined() ||
            (answer.isString() && answer.toString().trimmed().isEmpty()))
            continue;
        Feedback fb;
        fb.id = feedbackIdFor(a.id, it.key());
        fb.runId = a.runId;
        fb.traceId = traceId;
        fb.sessionId = sessionId;
        fb.key = it.key();
        fb.comment = a.comment;
        fb.correction = a.correction;
        fb.source.type = u"app"_s;
        fb.source.userId = a.reviewerId;
        fb.source.metadata = QJsonObject{{"annotation_id"_L1, a.id.toString()},
                                         {"queue_id"_L1, a.queueId.toString()},
                                         {"rubric_version"_L1, a.rubricVersion}};
        fb.createdAt = a.submittedAt;
        fb.modifiedAt = a.submittedAt;
        const RubricField *field = rubric.field(it.key());
        const RubricOption *option =
            field && field->type == FieldType::Categorical ? field->optionFor(answer) : nullptr;
        if (option) {
            fb.value = option->value;
            fb.score = option->score ? QJsonValue(*option->score) : QJsonValue(QJsonValue::Null);
        } else if (answer.isDouble() || answer.isBool()) {
            fb.score = answer;
            fb.value = QJsonValue(QJsonValue::Null);
        } else {
            fb.value = answer;
            fb.score = QJsonValue(QJsonValue::Null);
        }
        rows.append(fb);
    }
    return rows;
}

namespace {

// The answer one feedback row gives a field, or nothing when it does not fit the field.
std::optional<QJsonValue> answerFor(const RubricField &field, const Feedback &fb)
{
    switch (field.type) {
    case FieldType::Categorical: {
        const RubricOption *option = nullptr;
        if (fb.value.isString() && !fb.value.toString().isEmpty())
            option = field.optionFor(fb.value);
        if (!option && fb.numericScore())
            option = field.optionFor(QJsonValue(*fb.numericScore()));
        if (!option)
            return std::nullopt;
        return QJsonValue(option->value);
    }
    case FieldType::Continuous:
        if (auto score = fb.numericScore())
            return QJsonValue(*score);
        if (fb.value.isDouble())
            return fb.value;
        return std::nullopt;
    case FieldType::Freeform:
        if (fb.value.isString() && !fb.value.toString().trimmed().isEmpty())
            return fb.value;
        if (!fb.comment.trimmed().isEmpty())
            return QJsonValue(fb.comment);
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace

QJsonObject answersFromFeedback(const Rubric &rubric, const QList<Feedback> &feedback)
{
    QJsonObject values;
    QHash<QString, Timestamp> answeredAt;
    for (const Feedback &fb : feedback) {
        const RubricField *field = rubric.field(fb.key);
        if (!field)
            continue;
        const Timestamp at = fb.modifiedAt.value_or(fb.createdAt.value_or(Timestamp()));
        if (answeredAt.contains(fb.key) && at < answeredAt.value(fb.key))
            continue; // an older answer for the same key
        if (auto answer = answerFor(*field, fb)) {
            values.insert(fb.key, *answer);
            answeredAt.insert(fb.key, at);
        }
    }
    return values;
}

QJsonValue correctionFromFeedback(const QList<Feedback> &feedback)
{
    QJsonValue latest;
    std::optional<Timestamp> latestAt;
    for (const Feedback &fb : feedback) {
        if (fb.correction.isNull() || fb.correction.isUndefined())
            continue;
        const Timestamp at = fb.modifiedAt.value_or(fb.createdAt.value_or(Timestamp()));
        if (!latestAt || !(at < *latestAt)) {
            latest = fb.correction;
            latestAt = at;
        }
    }
    return latest;
}

bool answersComplete(const Rubric &rubric, const QJsonObject &values)
{
    bool anyRequired = false;
    for (const RubricField &field : rubric.fields)
        anyRequired = anyRequired || field.required;
    for (const RubricField &field : rubric.fields)
        if ((field.required || !anyRequired) && !values.contains(field.key))
            return false;
    return !rubric.fields.isEmpty();
}

} // namespace assay
