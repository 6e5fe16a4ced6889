// Annotation queues and the runs queued in them.

#include "store.h"

#include <QSet>
#include <QSqlQuery>

#include <algorithm>
#include <map>
#include <tuple>

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
    auto version =
        exec(u"INSERT INTO queue_rubrics (queue_id, version, doc) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"_s,
             {queue.id.toString(), queue.rubric.version, encodeDoc(rubricToJson(queue.rubric))});
    if (!version)
        return version.error();
    return Ok{};
}

Result<std::optional<Rubric>> Store::queueRubric(const Uuid &queueId, int version)
{
    return doc(
        u"SELECT doc FROM queue_rubrics WHERE queue_id = ? AND version = ?"_s, {queueId.toString(), version},
        +[](const QByteArray &bytes) { return parseRubric(decodeDoc(bytes)); });
}

Result<bool> Store::deleteQueue(const Uuid &id)
{
    for (const QString &sql :
         {u"DELETE FROM queue_items WHERE queue_id = ?"_s, u"DELETE FROM queue_removals WHERE queue_id = ?"_s,
          u"DELETE FROM queue_reviewers WHERE queue_id = ?"_s, u"DELETE FROM queue_flow WHERE queue_id = ?"_s,
          u"DELETE FROM calibration_items WHERE queue_id = ?"_s,
          u"DELETE FROM calibration_rounds WHERE queue_id = ?"_s})
        if (auto q = exec(sql, {id.toString()}); !q)
            return q.error();
    auto q = exec(u"DELETE FROM queues WHERE id = ?"_s, {id.toString()});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

Result<QList<QueueItem>> Store::queueItems(const Uuid &queueId, const PageRequest &page)
{
    QVariantList binds{queueId.toString()};
    const QString sql =
        u"SELECT doc FROM queue_items WHERE queue_id = ?"_s + pageClauses(u"added_at"_s, page, binds);
    return docs(sql, binds, itemFromDoc);
}

QString Store::itemReviewersSql()
{
    return u"SELECT COUNT(DISTINCT reviewer) FROM annotations WHERE queue_id = ? AND run_id = ?"
           " AND status = 'applied'"_s;
}

Result<QList<QueueItem>> Store::queueItemsToReview(const Uuid &queueId, const QString &reviewer,
                                                   qsizetype needed, const PageRequest &page)
{
    // The same rule as ReviewState::stateFor's NeedsMyReview: fewer than `needed` reviewers, none of them
    // me. Items are sought by their count of reviewers (queue_items_to_review), so the answered items at
    // the queue's head cost nothing: one ordered seek per count below `needed`, merged here; past a few
    // counts, one range that the database sorts (it holds only the open items).
    constexpr qsizetype kSeeksAtMost = 4;
    const QString notMine =
        u" AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.queue_id = q.queue_id AND a.run_id = q.run_id"
        " AND a.reviewer = ? AND a.status = 'applied')"_s;
    const PageRequest each{page.after, 0, page.offset + page.limit};
    QList<QueueItem> found;
    const qsizetype seeks = needed <= kSeeksAtMost ? needed : 1;
    for (qsizetype reviewers = 0; reviewers < seeks; ++reviewers) {
        QVariantList binds{queueId.toString(), needed <= kSeeksAtMost ? reviewers : needed};
        QString sql = u"SELECT doc FROM queue_items q WHERE queue_id = ? AND reviewers %1 ?"_s.arg(
            needed <= kSeeksAtMost ? u"="_s : u"<"_s);
        if (reviewers > 0 || needed > kSeeksAtMost) { // nobody has answered an item of count 0
            sql += notMine;
            binds.append(reviewer);
        }
        auto items = docs(sql + pageClauses(u"added_at"_s, each, binds), binds, itemFromDoc);
        if (!items)
            return items.error();
        found.append(*items);
    }
    std::sort(found.begin(), found.end(),
              [](const QueueItem &a, const QueueItem &b) { return queuePosition(a) < queuePosition(b); });
    return found.mid(std::min(page.offset, found.size()), page.limit);
}

Result<QList<QueueItem>> Store::roundItemsToReview(const Uuid &roundId, const QString &reviewer,
                                                   const PageRequest &page)
{
    // Every reviewer of the round answers every item, whatever the queue's count of reviewers per item.
    QVariantList binds{roundId.toString(), reviewer};
    return docs(
        u"SELECT q.doc FROM calibration_items c JOIN queue_items q ON q.queue_id = c.queue_id AND"
        " q.run_id = c.run_id WHERE c.round_id = ? AND NOT EXISTS (SELECT 1 FROM annotations a WHERE"
        " a.queue_id = q.queue_id AND a.run_id = q.run_id AND a.reviewer = ? AND a.status = 'applied')"_s +
            pageClauses(u"added_at"_s, page, binds),
        binds, itemFromDoc);
}

Result<std::optional<ListPosition>> Store::queueItemPosition(const Uuid &queueId, const Uuid &itemId)
{
    auto row = firstRow(u"SELECT added_at FROM queue_items WHERE queue_id = ? AND id = ?"_s,
                        {queueId.toString(), itemId.toString()});
    if (!row)
        return row.error();
    if (row->isEmpty())
        return std::optional<ListPosition>();
    return std::optional(ListPosition{row->at(0).toLongLong(), itemId});
}

Result<qsizetype> Store::queueSize(const Uuid &queueId)
{
    auto n = count(u"SELECT COUNT(*) FROM queue_items WHERE queue_id = ?"_s, {queueId.toString()});
    if (!n)
        return n.error();
    return qsizetype(*n);
}

Result<qsizetype> Store::queueAnswerCount(const Uuid &queueId)
{
    auto n = count(u"SELECT COUNT(*) FROM annotations WHERE queue_id = ? AND status = 'applied'"_s,
                   {queueId.toString()});
    if (!n)
        return n.error();
    return qsizetype(*n);
}

Result<QSet<std::pair<Uuid, Uuid>>> Store::removedFromQueues(const QList<QueueItem> &items)
{
    // One lookup per queue; ids are canonical UUIDs (hex and hyphens), safe to write as literals.
    QHash<Uuid, QStringList> runsByQueue;
    for (const QueueItem &item : items)
        runsByQueue[item.queueId].append(u"'"_s + item.runId.toString() + u"'"_s);
    QSet<std::pair<Uuid, Uuid>> removed;
    for (auto it = runsByQueue.cbegin(); it != runsByQueue.cend(); ++it) {
        auto q = exec(u"SELECT run_id FROM queue_removals WHERE queue_id = ? AND run_id IN (%1)"_s.arg(
                          it->join(u", "_s)),
                      {it.key().toString()});
        if (!q)
            return q.error();
        while (q->next())
            removed.insert({it.key(), *Uuid::parse(q->value(0).toString())});
    }
    return removed;
}

Result<QList<QueueItem>> Store::addQueueItems(const QList<QueueItem> &items, bool respectRemovals)
{
    QSet<std::pair<Uuid, Uuid>> removed;
    if (respectRemovals) {
        auto found = removedFromQueues(items);
        if (!found)
            return found.error();
        removed = *found;
    }
    QList<QueueItem> added;
    for (const QueueItem &item : items) {
        const QString queueId = item.queueId.toString(), runId = item.runId.toString();
        if (removed.contains({item.queueId, item.runId}))
            continue;
        if (!respectRemovals)
            if (auto requeued =
                    exec(u"DELETE FROM queue_removals WHERE queue_id = ? AND run_id = ?"_s, {queueId, runId});
                !requeued)
                return requeued.error();
        // The unique (queue_id, run_id) makes a second add, and a replay, a no-op.
        // A run queued again keeps the answers it had (its count of reviewers comes with it).
        auto q = exec(u"INSERT INTO queue_items (id, queue_id, run_id, added_at, doc, reviewers)"
                      " VALUES (?, ?, ?, ?, ?, (%1)) ON CONFLICT (queue_id, run_id) DO NOTHING"_s.arg(
                          itemReviewersSql()),
                      {item.id.toString(), queueId, runId, item.addedAt.micros(),
                       encodeDoc(queueItemToJson(item)), queueId, runId});
        if (!q)
            return q.error();
        if (q->numRowsAffected() > 0)
            added.append(item);
    }
    // The queue's arrivals per day and source, counted with the items.
    std::map<std::tuple<QString, qint64, QString>, qint64> arrivals;
    for (const QueueItem &item : std::as_const(added))
        ++arrivals[{item.queueId.toString(), dayOf(item.addedAt), arrivalSource(item)}];
    for (const auto &[key, n] : arrivals)
        if (auto counted =
                addFlow(*Uuid::parse(std::get<0>(key)), std::get<1>(key), std::get<2>(key), u"arrivals"_s, n);
            !counted)
            return counted.error();
    return added;
}

Result<QList<Uuid>> Store::removeQueueItem(const Uuid &queueId, const Uuid &itemOrRunId, qsizetype needed)
{
    auto runs = docs(u"SELECT doc FROM queue_items WHERE queue_id = ? AND (id = ? OR run_id = ?)"_s,
                     {queueId.toString(), itemOrRunId.toString(), itemOrRunId.toString()}, itemFromDoc);
    if (!runs)
        return runs.error();
    auto open = count(u"SELECT COUNT(*) FROM queue_items WHERE queue_id = ? AND (id = ? OR run_id = ?)"
                      " AND reviewers < ?"_s,
                      {queueId.toString(), itemOrRunId.toString(), itemOrRunId.toString(), qint64(needed)});
    if (!open)
        return open.error();
    if (auto counted = addFlow(queueId, dayOf(Timestamp::now()), QString(), u"removed_open"_s, *open);
        !counted)
        return counted.error();
    for (const QueueItem &item : *runs) // routing rules will not bring it back
        if (auto q = exec(
                u"INSERT INTO queue_removals (queue_id, run_id, removed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"_s,
                {queueId.toString(), item.runId.toString(), Timestamp::now().micros()});
            !q)
            return q.error();
    auto q = exec(u"DELETE FROM queue_items WHERE queue_id = ? AND (id = ? OR run_id = ?)"_s,
                  {queueId.toString(), itemOrRunId.toString(), itemOrRunId.toString()});
    if (!q)
        return q.error();
    QList<Uuid> removed;
    for (const QueueItem &item : *runs)
        removed.append(item.runId);
    return removed;
}

Result<std::optional<QueueItem>> Store::queueItemById(const Uuid &itemId)
{
    return doc(u"SELECT doc FROM queue_items WHERE id = ?"_s, {itemId.toString()}, itemFromDoc);
}

Result<std::optional<QueueItem>> Store::queueItem(const Uuid &queueId, const Uuid &itemOrRunId)
{
    return doc(u"SELECT doc FROM queue_items WHERE queue_id = ? AND (id = ? OR run_id = ?)"_s,
               {queueId.toString(), itemOrRunId.toString(), itemOrRunId.toString()}, itemFromDoc);
}

Status Store::updateQueueItem(const QueueItem &item)
{
    auto q = exec(u"UPDATE queue_items SET added_at = ?, doc = ? WHERE id = ?"_s,
                  {item.addedAt.micros(), encodeDoc(queueItemToJson(item)), item.id.toString()});
    if (!q)
        return q.error();
    return Ok{};
}

Result<QHash<Uuid, QList<Uuid>>> Store::queuesOfRuns(const QList<Uuid> &runIds)
{
    QHash<Uuid, QList<Uuid>> out;
    for (qsizetype start = 0; start < runIds.size(); start += 500) {
        QVariantList binds;
        auto q = exec(u"SELECT run_id, queue_id FROM queue_items WHERE run_id IN "_s +
                          inList(runIds.mid(start, 500), binds) + u" ORDER BY run_id, queue_id"_s,
                      binds);
        if (!q)
            return q.error();
        while (q->next()) {
            auto run = Uuid::parse(q->value(0).toString());
            auto queue = Uuid::parse(q->value(1).toString());
            if (run && queue)
                out[*run].append(*queue);
        }
    }
    return out;
}

Result<QList<Uuid>> Store::queuesOfRun(const Uuid &runId)
{
    auto held = queuesOfRuns({runId});
    if (!held)
        return held.error();
    return held->value(runId);
}

// queue_reviewers.key_id holds principal ids (the column predates users; see Store::assignReviewer).
Result<bool> Store::assignReviewer(const Uuid &queueId, const QString &principalId)
{
    auto q = exec(u"INSERT INTO queue_reviewers (queue_id, key_id) VALUES (?, ?) ON CONFLICT DO NOTHING"_s,
                  {queueId.toString(), principalId});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

Result<bool> Store::unassignReviewer(const Uuid &queueId, const QString &principalId)
{
    auto q = exec(u"DELETE FROM queue_reviewers WHERE queue_id = ? AND key_id = ?"_s,
                  {queueId.toString(), principalId});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

Result<QStringList> Store::reviewersOf(const Uuid &queueId)
{
    return firstColumn(u"SELECT key_id FROM queue_reviewers WHERE queue_id = ? ORDER BY key_id"_s,
                       {queueId.toString()});
}

Result<QStringList> Store::queuesOfReviewer(const QString &principalId)
{
    return firstColumn(u"SELECT queue_id FROM queue_reviewers WHERE key_id = ? ORDER BY queue_id"_s,
                       {principalId});
}

} // namespace assay::server
