#include "readiness.h"

namespace assay::client {

Result<ItemStatuses> statusesOf(LocalStore &store, const Uuid &queueId, const Timestamp &now)
{
    auto items = store.cache().items(queueId);
    auto mine = store.work().latestAnswers(queueId);
    auto server = store.cache().serverAnsweredRuns(queueId);
    if (!items || !mine || !server)
        return !items ? items.error() : !mine ? mine.error() : server.error();
    ItemStatuses out;
    out.items = *items;
    for (const CachedItem &i : *items) {
        const auto local = mine->constFind(i.runId);
        ItemStatus s;
        if (local != mine->cend())
            s = local->state == AnswerState::Unsent           ? ItemStatus::Unsent
                : local->state == AnswerState::NeedsAttention ? ItemStatus::NeedsAttention
                                                              : ItemStatus::Answered;
        else if (server->contains(i.runId))
            s = ItemStatus::Answered;
        else
            s = i.removed ? ItemStatus::Removed : i.leaseExpiresAt > now ? ItemStatus::ToReview : ItemStatus::Expired;
        out.status.append(s);
    }
    return out;
}

} // namespace assay::client
