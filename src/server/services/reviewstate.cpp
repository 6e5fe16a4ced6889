#include "reviewstate.h"

namespace assay::server {

Result<qsizetype> ReviewState::reviewersNeeded(Store &store, const Queue &queue)
{
    if (queue.numReviewersPerItem > 0)
        return assay::reviewersNeeded(queue, 0);
    auto assigned = store.reviewersOf(queue.id);
    if (!assigned)
        return assigned.error();
    return assay::reviewersNeeded(queue, assigned->size());
}

Result<ReviewState> ReviewState::from(Store &store, const Queue &queue,
                                      Result<QHash<Uuid, QSet<QString>>> reviewers)
{
    auto needed = reviewersNeeded(store, queue);
    if (!reviewers || !needed)
        return !reviewers ? reviewers.error() : needed.error();
    ReviewState state;
    state.m_reviewers = std::move(*reviewers);
    state.m_needed = *needed;
    return state;
}

Result<ReviewState> ReviewState::loadFor(Store &store, const Queue &queue, const QList<Uuid> &runIds)
{
    return from(store, queue, store.reviewersAmong(queue.id, runIds));
}

ItemState ReviewState::stateFor(const Uuid &runId, const QString &reviewer) const
{
    const QSet<QString> who = m_reviewers.value(runId);
    if (who.size() >= m_needed)
        return ItemState::Completed;
    return who.contains(reviewer) ? ItemState::NeedsOthersReview : ItemState::NeedsMyReview;
}

Status walkQueue(Store &store, const Queue &queue, std::optional<ListPosition> after, qsizetype chunkSize,
                 const std::function<Result<bool>(const QueueChunk &)> &visit)
{
    while (true) {
        auto items = store.queueItems(queue.id, PageRequest{after, 0, chunkSize});
        if (!items)
            return items.error();
        if (items->isEmpty())
            return Ok{};
        QueueChunk chunk;
        chunk.items = *items;
        for (const QueueItem &item : chunk.items)
            chunk.runIds.append(item.runId);
        auto state = ReviewState::loadFor(store, queue, chunk.runIds);
        if (!state)
            return state.error();
        chunk.state = std::move(*state);
        auto goOn = visit(chunk);
        if (!goOn)
            return goOn.error();
        if (!*goOn || items->size() < chunkSize)
            return Ok{};
        after = queuePosition(items->last());
    }
}

} // namespace assay::server
