#include "readiness.h"

namespace assay::client {

Result<int> readyCount(LocalStore &store, const Uuid &queueId, const Timestamp &now)
{
    auto candidates = store.cache().leasedUnanswered(queueId, now);
    if (!candidates)
        return candidates.error();
    auto answered = store.work().answeredAmong(queueId, *candidates);
    if (!answered)
        return answered.error();
    return int(candidates->size() - answered->size());
}

Result<ItemStatuses> statusesOf(LocalStore &store, const Uuid &queueId, const Timestamp &now)
{
    auto items = store.cache().items(queueId);
    auto mine = store.work().latestStates(queueId);
    auto server = store.cache().serverAnsweredRuns(queueId);
    if (!items || !mine || !server)
        return !items ? items.error() : !mine ? mine.error() : server.error();
    ItemStatuses out;
    out.items = *items;
    for (const CachedItem &i : *items) {
        const auto local = mine->constFind(i.runId);
        ItemStatus s;
        if (local != mine->cend())
            s = *local == AnswerState::Unsent           ? ItemStatus::Unsent
                : *local == AnswerState::NeedsAttention ? ItemStatus::NeedsAttention
                                                        : ItemStatus::Answered;
        else if (server->contains(i.runId))
            s = ItemStatus::Answered;
        else
            s = i.removed                ? ItemStatus::Removed
                : i.leaseExpiresAt > now ? ItemStatus::ToReview
                                         : ItemStatus::Expired;
        out.status.append(s);
    }
    return out;
}

} // namespace assay::client
