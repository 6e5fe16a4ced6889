#pragma once

// The rules of annotation queues for one caller: finding a queue by id or name within what the caller
// may see, creating (a replayed create answers what exists), changing (a rubric change is a new
// version the reviewers' feed announces), deleting (its rules go with it), adding runs by hand or
// through the SDK (each item audited, a run already queued not added twice), removing
// them, and listing items by review state. The REST routes (api/queuesapi.cpp) translate; every change
// is audited in the caller's transaction, so a change that cannot be audited is not committed either.

#include "auth/principal.h"
#include "auth/refusal.h"
#include "services/reviewstate.h"
#include "storage/store.h"

namespace assay::server {

class QueueService {
public:
    QueueService(Store &store, const Principal &caller, const Uuid &tenantId)
        : m_store(store)
        , m_caller(caller)
        , m_tenantId(tenantId)
    {
    }

    // The queue named by id or, for the seed's SDK form, by its exact name. For a reviewer only their
    // own queues exist (another answers as missing, an ambiguous name outside them says nothing); a
    // name that several queues share is an error whose `where` is "id".
    Result<std::optional<Queue>> find(const QString &idOrName);
    // Queues the caller may see that match the query; with `assignedToMe`, only those the caller is
    // assigned to review.
    Result<QList<Queue>> list(ListQuery query, bool assignedToMe = false);

    Result<Decision<Queue>> create(const QueueWrite &write);
    Result<Decision<Queue>> update(Queue queue, QueueWrite write);
    Status remove(const Queue &queue);
    // The items made: a run already in the queue is not added twice.
    Result<QList<QueueItem>> addRuns(const Queue &queue, const QList<Uuid> &runIds, const QString &reason);
    // Takes a run (by run id or queue_run_id) out of the queue; Unknown when it is not there.
    Result<Decision<QList<Uuid>>> removeRun(const Queue &queue, const Uuid &itemOrRunId);

    // A page of the queue's items, all of them or only those in a review state for the caller.
    Result<QList<QueueItem>> items(const Queue &queue, std::optional<ItemState> state,
                                   const PageRequest &page);
    // The feedback the caller may see of a queued run: everything for members, for a reviewer only their
    // own unless the queue lets reviewers see the rest (blind review).
    QList<Feedback> visibleFeedback(const Queue &queue, const QList<Feedback> &feedback) const;

private:
    Status audit(const QString &action, const QString &entity, const QString &id, const QJsonValue &before,
                 const QJsonValue &after);
    FeedbackConfigLookup feedbackConfigs();

    Store &m_store;
    const Principal &m_caller;
    Uuid m_tenantId;
};

} // namespace assay::server
