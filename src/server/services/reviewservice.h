#pragma once

// The review protocol's rules for one caller: which queues they review and where they stand, checkout
// with leases, answers (latest wins, history kept, feedback materialised, audit and the changes feed),
// release, and the changes feed. The REST routes (api/reviewapi.cpp) only translate JSON to these
// calls and the outcomes back; nothing here knows HTTP or threads. Each call runs in the caller's
// transaction.

#include "auth/principal.h"
#include "auth/refusal.h"
#include "core/reviewprotocol.h"
#include "storage/store.h"

namespace assay::server {

// A queue the caller may review and their counts in it.
struct ReviewQueueSummary {
    Queue queue;
    Store::ReviewCounts counts;
    qint64 toReview() const { return counts.toReview(); }
};

struct CheckoutRequest {
    Uuid queueId;
    qint64 count = 20;
    qint64 leaseMinutes = 60;
    // Only items after this one (the queue_run_id that ended the previous page), so a client takes
    // more than one page offline, whatever its other devices already hold.
    std::optional<Uuid> after;
};

struct CheckedOutItem {
    QueueItem item;
    Run run;
    QList<Run> childRuns; // the item's own subtree, in the trace's order
};

struct Checkout {
    Queue queue;
    Timestamp leaseExpiresAt;
    QList<CheckedOutItem> items;
};

// One answer of a submit as the transport read it: the annotation, or why it could not be read.
struct SubmittedAnswer {
    std::optional<Annotation> annotation;
    Uuid id;            // when the annotation could not be read but its id could
    QStringList errors; // why it could not be read
};

struct ReviewChanges {
    QList<ReviewEvent> events;
    qint64 cursor = 0;
    bool reset = false; // the caller's cursor is ahead of the server (restored from an older backup)
};

class ReviewService {
public:
    static constexpr qint64 kMaxCheckout = 500;
    static constexpr qint64 kMaxLeaseMinutes = 7 * 24 * 60; // offline batches of up to a week
    static constexpr qsizetype kMaxAnswersPerSubmit = 500;

    ReviewService(Store &store, const Principal &caller)
        : m_store(store)
        , m_caller(caller)
    {
    }

    Result<QList<ReviewQueueSummary>> myQueues();
    // Leases up to `count` items the caller still has to review that nobody else holds, with all it
    // takes to review them offline.
    Result<Decision<Checkout>> checkout(const CheckoutRequest &request);
    // One outcome per answer, in order. Answers are never refused for arriving late, for an item removed
    // meanwhile or for an older rubric: they are stored and flagged. Only an answer invalid for the
    // rubric version it names, or for a run that never was in the queue, is rejected.
    Result<QList<AnswerOutcome>> submit(const QList<SubmittedAnswer> &answers);
    // Gives leased items back; how many leases ended.
    Result<Decision<qsizetype>> release(const Uuid &queueId, const QList<Uuid> &runIds);
    // What changed after `since` in the caller's queues: rubric edits, removed items and queues, and
    // their own answers (from any device).
    Result<ReviewChanges> changes(qint64 since, qsizetype limit);

private:
    struct BatchFacts;
    Result<Decision<Queue>> reviewQueue(const Uuid &id);
    Result<BatchFacts> loadBatchFacts(const QList<SubmittedAnswer> &answers, const Timestamp &now);
    // The items of the queue's open calibration round the caller, one of its reviewers, has yet to answer
    // (at most `count`, after `after` in queue order); none when there is no round or they are not in it.
    Result<QList<QueueItem>>
    calibrationItemsToReview(const Queue &queue, const std::optional<ListPosition> &after, qsizetype count);
    Result<AnswerOutcome> submitOne(const Annotation &answer, const Timestamp &now, const BatchFacts &batch);

    Store &m_store;
    const Principal &m_caller;
};

} // namespace assay::server
