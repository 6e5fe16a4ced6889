#include "queueservice.h"

#include "audit/auditlog.h"
#include "reviewstate.h"

namespace assay::server {

using namespace Qt::StringLiterals;

Status QueueService::audit(const QString &action, const QString &entity, const QString &id,
                           const QJsonValue &before, const QJsonValue &after)
{
    return recordAudit(m_store, m_caller.actor(), action, entity, id, before, after);
}

FeedbackConfigLookup QueueService::feedbackConfigs()
{
    return [this](const QString &key) -> std::optional<RubricField> {
        auto config = m_store.feedbackConfig(key);
        return config && *config ? std::optional((*config)->field) : std::nullopt;
    };
}

Result<std::optional<Queue>> QueueService::find(const QString &idOrName)
{
    std::optional<Queue> found;
    if (auto id = Uuid::parse(idOrName)) {
        auto byId = m_store.queueById(*id);
        if (!byId)
            return byId.error();
        found = *byId;
    } else {
        ListQuery q;
        q.name = idOrName;
        q.limit = 2;
        auto byName = list(q); // a reviewer's names are looked up among their queues only
        if (!byName)
            return byName.error();
        if (byName->size() > 1)
            return Error{u"more than one queue is named '%1'; use its id"_s.arg(idOrName), u"id"_s};
        if (!byName->isEmpty())
            found = byName->first();
    }
    if (found && !m_caller.mayReview(found->id.toString()))
        return std::optional<Queue>(); // another's queue answers exactly as a missing one
    return found;
}

Result<QList<Queue>> QueueService::list(ListQuery query, bool assignedToMe)
{
    if (m_caller.isReviewer() || assignedToMe) { // only their queues, whatever else was asked
        QStringList assigned = m_caller.queueIds;
        if (!m_caller.isReviewer()) {
            auto found = m_store.queuesOfReviewer(m_caller.id);
            if (!found)
                return found.error();
            assigned = *found;
        }
        QList<Uuid> mine;
        for (const QString &id : std::as_const(assigned))
            if (query.ids.isEmpty() || query.ids.contains(*Uuid::parse(id)))
                mine.append(*Uuid::parse(id));
        if (mine.isEmpty())
            return QList<Queue>();
        query.ids = mine;
    }
    return m_store.listQueues(query);
}

Result<Decision<Queue>> QueueService::create(const QueueWrite &write)
{
    Queue queue;
    queue.id = write.id.value_or(Uuid::v7());
    if (write.id) {
        auto existing = m_store.queueById(*write.id);
        if (!existing)
            return existing.error();
        if (*existing) { // a replay of the same create (the SDK retries): answer with what exists
            if ((*existing)->name == write.name)
                return Decision<Queue>{Refusal::None, {}, **existing};
            return Decision<Queue>::refused(
                Refusal::Conflict, u"annotation queue %1 already exists"_s.arg(write.id->toString()));
        }
    }
    auto applied = applyQueueWrite(queue, write, feedbackConfigs());
    if (!applied)
        return Decision<Queue>{Refusal::Invalid, applied.error(), {}};
    queue.createdAt = queue.updatedAt = Timestamp::now();
    if (auto saved = m_store.saveQueue(queue); !saved)
        return saved.error();
    if (auto audited = audit(u"create"_s, u"queue"_s, queue.id.toString(), QJsonValue::Null,
                             queueToJson(queue, m_tenantId));
        !audited)
        return audited.error();
    return Decision<Queue>{Refusal::None, {}, queue};
}

Result<Decision<Queue>> QueueService::update(Queue queue, QueueWrite write)
{
    write.id.reset(); // a queue's id never changes
    const QJsonObject before = queueToJson(queue, m_tenantId);
    const int versionBefore = queue.rubric.version;
    auto applied = applyQueueWrite(queue, write, feedbackConfigs());
    if (!applied)
        return Decision<Queue>{Refusal::Invalid, applied.error(), {}};
    queue.updatedAt = Timestamp::now();
    if (auto saved = m_store.saveQueue(queue); !saved)
        return saved.error();
    if (queue.rubric.version != versionBefore) // reviewers working offline learn of it from the feed
        if (auto fed = m_store.appendReviewEvent({0,
                                                  queue.id,
                                                  u"rubric_changed"_s,
                                                  {},
                                                  std::nullopt,
                                                  Timestamp::now(),
                                                  QJsonObject{{"rubric"_L1, rubricToJson(queue.rubric)}},
                                                  {}});
            !fed)
            return fed.error();
    if (auto audited =
            audit(u"update"_s, u"queue"_s, queue.id.toString(), before, queueToJson(queue, m_tenantId));
        !audited)
        return audited.error();
    return Decision<Queue>{Refusal::None, {}, queue};
}

Status QueueService::remove(const Queue &queue)
{
    if (auto rules = m_store.deleteRulesOfQueue(queue.id);
        !rules) // a rule without its queue has nowhere to route
        return rules;
    if (auto deleted = m_store.deleteQueue(queue.id); !deleted)
        return deleted.error();
    if (auto fed = m_store.appendReviewEvent(
            {0, queue.id, u"queue_removed"_s, {}, std::nullopt, Timestamp::now(), QJsonObject{}, {}});
        !fed)
        return fed;
    return audit(u"delete"_s, u"queue"_s, queue.id.toString(), queueToJson(queue, m_tenantId),
                 QJsonValue::Null);
}

Result<QList<QueueItem>> QueueService::addRuns(const Queue &queue, const QList<Uuid> &runIds,
                                               const QString &reason)
{
    const Timestamp now = Timestamp::now();
    QList<QueueItem> items;
    for (const Uuid &runId : runIds) {
        QueueItem item;
        item.id = Uuid::v7();
        item.queueId = queue.id;
        item.runId = runId;
        item.addedAt = now;
        item.addedBy = m_caller.userId.isEmpty() ? AddedBy::Sdk : AddedBy::User; // a service key or a person
        item.addedById = m_caller.id;
        item.reason = reason;
        items.append(item);
    }
    auto added = m_store.addQueueItems(items);
    if (!added)
        return added.error();
    for (const QueueItem &item : std::as_const(*added))
        // An entry per item: who put which run in, and why.
        if (auto audited =
                audit(u"add"_s, u"queue_item"_s, item.id.toString(), QJsonValue::Null, queueItemToJson(item));
            !audited)
            return audited.error();
    return *added;
}

Result<Decision<QList<Uuid>>> QueueService::removeRun(const Queue &queue, const Uuid &itemOrRunId)
{
    auto needed = ReviewState::reviewersNeeded(m_store, queue);
    if (!needed)
        return needed.error();
    auto removed = m_store.removeQueueItem(queue.id, itemOrRunId, *needed);
    if (!removed)
        return removed.error();
    if (removed->isEmpty())
        return Decision<QList<Uuid>>::refused(
            Refusal::Unknown,
            u"run %1 in annotation queue %2 not found"_s.arg(itemOrRunId.toString(), queue.id.toString()));
    for (const Uuid &run : std::as_const(*removed))
        if (auto fed = m_store.appendReviewEvent(
                {0, queue.id, u"item_removed"_s, {}, run, Timestamp::now(), QJsonObject{}, {}});
            !fed)
            return fed.error();
    if (auto audited = audit(u"remove_run"_s, u"queue"_s, queue.id.toString(),
                             QJsonObject{{"run_or_item"_L1, itemOrRunId.toString()}}, QJsonValue::Null);
        !audited)
        return audited.error();
    return Decision<QList<Uuid>>{Refusal::None, {}, *removed};
}

Result<QList<QueueItem>> QueueService::items(const Queue &queue, std::optional<ItemState> state,
                                             const PageRequest &page)
{
    if (!state)
        return m_store.queueItems(queue.id, page);
    if (*state == ItemState::NeedsMyReview) { // what checkout takes, sought in SQL
        auto needed = ReviewState::reviewersNeeded(m_store, queue);
        if (!needed)
            return needed.error();
        return m_store.queueItemsToReview(queue.id, m_caller.id, *needed, page);
    }
    // The state is per caller, so it cannot be a WHERE clause: the queue is walked in chunks from the
    // page's start, loading only each chunk's review state, until the page is full. The cost follows
    // offset + limit (or, from a cursor, what the page walks), never the queue's size.
    QList<QueueItem> out;
    qsizetype skip = page.offset;
    Status walked = walkQueue(m_store, queue, page.after, 500, [&](const QueueChunk &chunk) -> Result<bool> {
        for (const QueueItem &item : chunk.items) {
            if (chunk.state.stateFor(item.runId, m_caller.id) != *state)
                continue;
            if (skip > 0)
                --skip;
            else if (out.size() < page.limit)
                out.append(item);
        }
        return out.size() < page.limit;
    });
    if (!walked)
        return walked.error();
    return out;
}

QList<Feedback> QueueService::visibleFeedback(const Queue &queue, const QList<Feedback> &feedback) const
{
    if (!m_caller.isReviewer() || queue.reviewersSeeFeedback)
        return feedback;
    QList<Feedback> mine;
    for (const Feedback &fb : feedback)
        if (fb.source.userId == m_caller.id)
            mine.append(fb);
    return mine;
}

} // namespace assay::server
