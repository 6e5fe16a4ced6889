// Annotation queues and the runs queued in them.

#include "store.h"

#include <QSqlQuery>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

Result<Queue> queueFromDoc(const QByteArray &bytes)
{
    auto q = queueFromJson(decodeDoc(bytes));
    if (!q)
        return Error{u"stored queue is unreadable: %1"_s.arg(q.error().toString()), {}};
    return *q;
}

Result<QueueItem> itemFromDoc(const QByteArray &bytes)
{
    const QJsonObject o = decodeDoc(bytes);
    QueueItem item;
    auto id = Uuid::parse(o.value("id"_L1).toString());
    auto queue = Uuid::parse(o.value("queue_id"_L1).toString());
    auto run = Uuid::parse(o.value("run_id"_L1).toString());
    auto added = Timestamp::fromJson(o.value("added_at"_L1));
    if (!id || !queue || !run || !added)
        return Error{u"stored queue item is unreadable"_s, {}};
    item.id = *id;
    item.queueId = *queue;
    item.runId = *run;
    item.addedAt = *added;
    const QJsonObject by = o.value("added_by"_L1).toObject();
    const QString kind = by.value("kind"_L1).toString();
    item.addedBy = kind == u"rule" ? AddedBy::Rule : kind == u"user" ? AddedBy::User : AddedBy::Sdk;
    item.addedById = by.value("id"_L1).toString();
    item.reason = o.value("reason"_L1).toString();
    if (auto reviewed = Timestamp::fromJson(o.value("last_reviewed_time"_L1)))
        item.lastReviewedTime = *reviewed;
    return item;
}

} // namespace

Result<std::optional<Queue>> Store::queueById(const Uuid &id)
{
    return doc(u"SELECT doc FROM queues WHERE id = ?"_s, {id.toString()}, queueFromDoc);
}

Result<QList<Queue>> Store::listQueues(const ListQuery &query)
{
    QVariantList binds;
    const QString sql = u"SELECT doc FROM queues WHERE 1 = 1"_s + listClauses(query, binds);
    return docs(sql, binds, queueFromDoc);
}

Status Store::saveQueue(const Queue &queue)
{
    auto q = exec(u"INSERT INTO queues (id, name, created_at, doc) VALUES (?, ?, ?, ?)"
                  " ON CONFLICT (id) DO UPDATE SET name = excluded.name, doc = excluded.doc"_s,
                  {queue.id.toString(), queue.name, queue.createdAt.value_or(Timestamp::now()).micros(),
                   encodeDoc(queueToJson(queue, Uuid()))});
    if (!q)
        return q.error();
    return Ok{};
}

Result<bool> Store::deleteQueue(const Uuid &id)
{
    if (auto items = exec(u"DELETE FROM queue_items WHERE queue_id = ?"_s, {id.toString()}); !items)
        return items.error();
    auto q = exec(u"DELETE FROM queues WHERE id = ?"_s, {id.toString()});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

Result<QList<QueueItem>> Store::queueItems(const Uuid &queueId, qsizetype offset, qsizetype limit)
{
    return docs(u"SELECT doc FROM queue_items WHERE queue_id = ? ORDER BY added_at, id LIMIT ? OFFSET ?"_s,
                {queueId.toString(), limit, offset}, itemFromDoc);
}

Result<qsizetype> Store::queueSize(const Uuid &queueId)
{
    auto q = exec(u"SELECT COUNT(*) FROM queue_items WHERE queue_id = ?"_s, {queueId.toString()});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QList<QueueItem>> Store::addQueueItems(const QList<QueueItem> &items)
{
    QList<QueueItem> added;
    for (const QueueItem &item : items) {
        // A run enters a queue once: the unique (queue_id, run_id) makes a replay a no-op.
        auto q = exec(u"INSERT INTO queue_items (id, queue_id, run_id, added_at, doc) VALUES (?, ?, ?, ?, ?)"
                      " ON CONFLICT (queue_id, run_id) DO NOTHING"_s,
                      {item.id.toString(), item.queueId.toString(), item.runId.toString(),
                       item.addedAt.micros(), encodeDoc(queueItemToJson(item))});
        if (!q)
            return q.error();
        if (q->numRowsAffected() > 0)
            added.append(item);
    }
    return added;
}

Result<bool> Store::removeQueueItem(const Uuid &queueId, const Uuid &itemOrRunId)
{
    auto q = exec(u"DELETE FROM queue_items WHERE queue_id = ? AND (id = ? OR run_id = ?)"_s,
                  {queueId.toString(), itemOrRunId.toString(), itemOrRunId.toString()});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

} // namespace assay::server
