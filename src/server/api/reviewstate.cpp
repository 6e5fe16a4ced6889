#include "reviewstate.h"

namespace assay::server {

Result<ReviewState> ReviewState::load(Store &store, const Queue &queue)
{
    ReviewState state;
    auto reviewers = store.reviewersByRun(queue.id);
    if (!reviewers)
        return reviewers.error();
    state.m_reviewers = *reviewers;
    if (queue.numReviewersPerItem > 0) {
        state.m_needed = queue.numReviewersPerItem;
    } else {
        auto assigned = store.reviewersOf(queue.id);
        if (!assigned)
            return assigned.error();
        state.m_needed = std::max<qsizetype>(1, assigned->size());
    }
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
