#pragma once

// An annotation queue (a filtered inbox of runs with a rubric and reviewers) and the items in it.

#include "result.h"
#include "rubric.h"
#include "timestamp.h"
#include "uuid.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace assay {

enum class ReviewerAccess { Any, Assigned };

struct Queue {
    Uuid id;
    QString name;
    QString description; // shown to reviewers as the reviewer guide
    Rubric rubric;       // rubric.instructions is LangSmith's rubric_instructions
    QString queueType = QStringLiteral("single");
    std::optional<Uuid> defaultDataset;
    bool enableReservations = true;
    int reservationMinutes = 60;
    int numReviewersPerItem = 1; // 0: every assigned reviewer
    ReviewerAccess reviewerAccess = ReviewerAccess::Any;
    // Blind review: reviewers see no feedback but their own (not the SDK's, a model's or a co-reviewer's)
    // on any route, unless the queue's lead turns this on.
    bool reviewersSeeFeedback = false;
    QJsonObject metadata;
    std::optional<Timestamp> createdAt;
    std::optional<Timestamp> updatedAt;

    friend bool operator==(const Queue &, const Queue &) = default;
};

// POST and PATCH /annotation-queues bodies: LangSmith's keys plus Assay's "rubric" (the seed's form).
// `rubric_items` replaces the whole rubric, as in LangSmith.
struct QueueWrite {
    bool creating = false; // a new queue starts at rubric version 1; later rubric changes bump it
    std::optional<Uuid> id;
    std::optional<QString> name;
    std::optional<QString> description;
    std::optional<QString> rubricInstructions;
    std::optional<QJsonArray> rubricItems;
    std::optional<Rubric> rubric;
    std::optional<QString> queueType;
    std::optional<std::optional<Uuid>> defaultDataset; // explicit null clears it
    std::optional<bool> enableReservations;
    std::optional<int> reservationMinutes;
    std::optional<int> numReviewersPerItem;
    std::optional<ReviewerAccess> reviewerAccess;
    std::optional<bool> reviewersSeeFeedback;
    std::optional<QJsonObject> metadata;
};
Result<QueueWrite> parseQueueWrite(const QJsonObject &body, bool creating);

// Applies a write, resolving rubric items against the feedback configs and validating the result.
// The rubric version goes up by one whenever the fields or instructions change. On error the queue
// is left untouched.
Result<ValidationReport> applyQueueWrite(Queue &queue, const QueueWrite &write,
                                         const FeedbackConfigLookup &configs);

QJsonObject queueToJson(const Queue &queue, const Uuid &tenantId);
// The inverse of queueToJson, for storage: keeps the rubric version and the timestamps.
Result<Queue> queueFromJson(const QJsonObject &json);

enum class AddedBy { Rule, User, Sdk };
QString addedByName(AddedBy kind);

struct QueueItem {
    Uuid id; // LangSmith's queue_run_id
    Uuid queueId;
    Uuid runId;
    Timestamp addedAt;
    AddedBy addedBy = AddedBy::Sdk;
    QString addedById; // rule id, user id or API key id
    QString reason;    // why it was routed; shown to the reviewer
    std::optional<Timestamp> lastReviewedTime;

    friend bool operator==(const QueueItem &, const QueueItem &) = default;
};

QJsonObject queueItemToJson(const QueueItem &item);

// How many reviewers' answers complete an item of the queue: its number per item, or (when that is 0)
// every assigned reviewer — at least one.
qsizetype reviewersNeeded(const Queue &queue, qsizetype assignedReviewers);
// Where an item's arrival is counted in the queue's health: "rule:<id>", "user" or "sdk".
QString arrivalSource(const QueueItem &item);

} // namespace assay
