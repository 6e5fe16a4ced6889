#include "reviewstate.h"

namespace assay::server {

Result<qsizetype> ReviewState::reviewersNeeded(Store &store, const Queue &queue)
{
    if (queue.numReviewersPerItem > 0)
        return qsizetype(queue.numReviewersPerItem);
    auto assigned = store.reviewersOf(queue.id);
    if (!assigned)
        return assigned.error();
    return std::max<qsizetype>(1, assigned->size());
}

Result<ReviewState> ReviewState::load(Store &store, const Queue &queue)
{
    ReviewState state;
    auto reviewers = store.reviewersByRun(queue.id);
    auto needed = reviewersNeeded(store, queue);
    if (!reviewers || !needed)
        return !reviewers ? reviewers.error() : needed.error();
    state.m_reviewers = *reviewers;
    state.m_needed = *needed;
    return state;
}

Result<ReviewState> ReviewState::loadFor(Store &store, const Queue &queue, const QList<Uuid> &runIds)
{
    ReviewState state;
    auto reviewers = store.reviewersAmong(queue.id, runIds);
    auto needed = reviewersNeeded(store, queue);
    if (!reviewers || !needed)
        return !reviewers ? reviewers.error() : needed.error();
    state.m_reviewers = *reviewers;
    state.m_needed = *needed;
    return state;
}

ItemState ReviewState::stateFor(const Uuid &runId, const QString &reviewer) const
{
    const QSet<QString> who = m_reviewers.value(runId);
    if (who.size() >= m_needed)
        return ItemState::Completed;
    return who.contains(reviewer) ? ItemState::NeedsOthersReview : ItemState::NeedsMyReview;
}

qsizetype ReviewState::answeredBy(const QString &reviewer) const
{
    qsizetype n = 0;
    for (const QSet<QString> &who : m_reviewers)
        n += who.contains(reviewer);
    return n;
}

} // namespace assay::server
