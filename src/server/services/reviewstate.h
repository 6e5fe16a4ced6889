#pragma once

// Where each queued run stands for one reviewer: multi-review (design.md §3, langsmith-api.md §8).
// An item is completed when as many reviewers as the queue needs have a current answer for it
// (num_reviewers_per_item; 0 means every assigned reviewer). Until then it needs review from those
// who have not answered, and others' review from those who have.

#include "storage/store.h"

#include <functional>

namespace assay::server {

enum class ItemState { NeedsMyReview, NeedsOthersReview, Completed };

class ReviewState {
public:
    // Only for these runs (a chunk of a queue walk), with a targeted query.
    static Result<ReviewState> loadFor(Store &store, const Queue &queue, const QList<Uuid> &runIds);
    // How many reviewers an item of the queue needs before it is completed.
    static Result<qsizetype> reviewersNeeded(Store &store, const Queue &queue);
    ItemState stateFor(const Uuid &runId, const QString &reviewer) const;

private:
    static Result<ReviewState> from(Store &store, const Queue &queue,
                                    Result<QHash<Uuid, QSet<QString>>> reviewers);

    QHash<Uuid, QSet<QString>> m_reviewers;
    qsizetype m_needed = 1;
};

// One chunk of a queue walk: its items in queue order, their runs, and where each stands.
struct QueueChunk {
    QList<QueueItem> items;
    QList<Uuid> runIds;
    ReviewState state;
};

// Walks a queue in order from after the position `after` (from the start when empty), `chunkSize` items
// at a time, loading only each chunk's review state, so the cost follows what is visited, never the
// queue's size. `visit` answers whether to go on.
Status walkQueue(Store &store, const Queue &queue, std::optional<ListPosition> after, qsizetype chunkSize,
                 const std::function<Result<bool>(const QueueChunk &)> &visit);

} // namespace assay::server
