#pragma once

// LangSmith feedback: one key/score/value on a run (or a project), from the SDK, a model or a
// reviewer in the app. Reviewers' annotations are materialized into these rows (annotation.h).

#include "result.h"
#include "timestamp.h"
#include "uuid.h"

#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace assay {

struct FeedbackSource {
    QString type = QStringLiteral("api"); // "api", "model" or "app"
    QJsonObject metadata;
    QString userId;
    QString userName;

    friend bool operator==(const FeedbackSource &, const FeedbackSource &) = default;
};

struct Feedback {
    Uuid id; // client-generated (v7 from the SDK); the server keeps it
    std::optional<Uuid> runId;
    std::optional<Uuid> traceId;
    std::optional<Uuid> sessionId;
    QString key;
    QJsonValue score; // number, boolean or null
    QJsonValue value; // any JSON, null when not given
    QString comment;
    QJsonValue correction;
    FeedbackSource source;
    QJsonObject feedbackConfig; // as sent; "feedbackConfig" (JS) and "feedback_config" (Python) both accepted
    std::optional<Uuid> comparativeExperimentId;
    std::optional<Uuid> feedbackGroupId;
    QJsonObject extra;
    std::optional<Timestamp> createdAt;
    std::optional<Timestamp> modifiedAt;

    // The score as a number for comparisons and statistics: booleans count as 1 and 0.
    std::optional<double> numericScore() const;

    friend bool operator==(const Feedback &, const Feedback &) = default;
};

// POST /feedback. A missing id is left null for the server to assign.
Result<Feedback> parseFeedbackCreate(const QJsonObject &body);

// PATCH /feedback/{id}: only the keys the body has.
struct FeedbackPatch {
    std::optional<QJsonValue> score;
    std::optional<QJsonValue> value;
    std::optional<QJsonValue> correction;
    std::optional<QString> comment;
};
Result<FeedbackPatch> parseFeedbackPatch(const QJsonObject &body);
void applyFeedbackPatch(Feedback &feedback, const FeedbackPatch &patch);

QJsonObject feedbackToJson(const Feedback &feedback);

// A run's feedback_stats as LangSmith shows them: {key: {n, avg, values: {value: count}}}; avg is the
// mean of the numeric scores (null when none), values counts the text values.
QJsonObject feedbackStats(const QList<Feedback> &feedback);

} // namespace assay
