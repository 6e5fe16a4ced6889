#include "cachedb.h"

#include <QJsonDocument>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
QByteArray compact(const QJsonArray &a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

// A null QString binds as SQL NULL; these columns hold text, empty when there is none.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

// Ids this store wrote itself; a damaged one reads as the nil UUID rather than throwing.
Uuid uuidOf(const QVariant &v)
{
    auto id = Uuid::parse(v.toString());
    return id ? *id : Uuid();
}

Result<Rubric> rubricFrom(const QVariant &doc)
{
    return parseRubric(QJsonDocument::fromJson(doc.toByteArray()).object());
}

const QString kQueueColumns =
    u"id, name, guide, rubric_version, to_review, awaiting_others, completed, position"_s;

} // namespace

QList<LocalMigration> CacheDb::migrations()
{
    return {
        {1,
         "queues, rubrics, items, my answers, cursor",
         {
             "CREATE TABLE queues (id TEXT PRIMARY KEY, name TEXT NOT NULL, guide TEXT NOT NULL,"
             " rubric_version INTEGER NOT NULL, to_review INTEGER NOT NULL, awaiting_others INTEGER NOT NULL,"
             " completed INTEGER NOT NULL, position INTEGER NOT NULL)",
             "CREATE TABLE rubrics (queue_id TEXT NOT NULL, version INTEGER NOT NULL, doc BLOB NOT NULL,"
             " PRIMARY KEY (queue_id, version))",
             "CREATE TABLE items (queue_id TEXT NOT NULL, run_id TEXT NOT NULL, queue_run_id TEXT NOT NULL,"
             " reason TEXT NOT NULL, added_at INTEGER NOT NULL, lease_expires_at INTEGER NOT NULL,"
             " checked_out_at INTEGER NOT NULL, run_name TEXT NOT NULL, removed INTEGER NOT NULL DEFAULT 0,"
             " run BLOB NOT NULL, child_runs BLOB NOT NULL, PRIMARY KEY (queue_id, run_id))",
             "CREATE TABLE server_answers (queue_id TEXT NOT NULL, run_id TEXT NOT NULL,"
             " annotation_id TEXT NOT NULL, submitted_at INTEGER NOT NULL, PRIMARY KEY (queue_id, run_id))",
             "CREATE TABLE sync (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
         }},
    };
}

Status CacheDb::saveQueues(const QList<CachedQueue> &queues)
{
    QStringList keep;
    for (const CachedQueue &q : queues) {
        auto saved = m_db.exec(
            u"INSERT INTO queues ("_s + kQueueColumns +
                u") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                " guide = excluded.guide, rubric_version = excluded.rubric_version, to_review = "
                "excluded.to_review,"
                " awaiting_others = excluded.awaiting_others, completed = excluded.completed,"
                " position = excluded.position"_s,
            {q.id.toString(), text(q.name), text(q.guide), q.rubric.version, q.toReview, q.awaitingOthers,
             q.completed, q.position});
        if (!saved)
            return saved.error();
        if (Status r = saveRubric(q.id, q.rubric); !r)
            return r;
        keep.append(q.id.toString());
    }
    auto existing = m_db.column(u"SELECT id FROM queues"_s);
    if (!existing)
        return existing.error();
    for (const QVariant &id : *existing)
        if (!keep.contains(id.toString()))
            if (Status dropped = dropQueue(uuidOf(id)); !dropped)
                return dropped;
    return Ok{};
}

Result<QList<CachedQueue>> CacheDb::queues()
{
    auto ids = m_db.column(u"SELECT id FROM queues ORDER BY position, name"_s);
    if (!ids)
        return ids.error();
    QList<CachedQueue> out;
    for (const QVariant &id : *ids) {
        auto q = queue(uuidOf(id));
        if (!q)
            return q.error();
        if (*q)
            out.append(**q);
    }
    return out;
}

Result<std::optional<CachedQueue>> CacheDb::queue(const Uuid &id)
{
    auto q = m_db.exec(u"SELECT "_s + kQueueColumns + u" FROM queues WHERE id = ?"_s, {id.toString()});
    if (!q)
        return q.error();
    if (!(*q)->next())
        return std::optional<CachedQueue>();
    CachedQueue c;
    c.id = id;
    c.name = (*q)->value(1).toString();
    c.guide = (*q)->value(2).toString();
    const int version = (*q)->value(3).toInt();
    c.toReview = (*q)->value(4).toInt();
    c.awaitingOthers = (*q)->value(5).toInt();
    c.completed = (*q)->value(6).toInt();
    c.position = (*q)->value(7).toInt();
    (*q)->finish();
    auto r = rubric(id, version);
    if (!r)
        return r.error();
    if (*r)
        c.rubric = **r;
    return std::optional(c);
}

Status CacheDb::saveRubric(const Uuid &queueId, const Rubric &rubric)
{
    auto saved = m_db.exec(u"INSERT OR REPLACE INTO rubrics (queue_id, version, doc) VALUES (?, ?, ?)"_s,
                           {queueId.toString(), rubric.version, compact(rubricToJson(rubric))});
    if (!saved)
        return saved.error();
    auto current = m_db.exec(u"UPDATE queues SET rubric_version = ? WHERE id = ? AND rubric_version < ?"_s,
                             {rubric.version, queueId.toString(), rubric.version});
    if (!current)
        return current.error();
    return Ok{};
}

Result<std::optional<Rubric>> CacheDb::rubric(const Uuid &queueId, int version)
{
    auto doc = m_db.scalar(u"SELECT doc FROM rubrics WHERE queue_id = ? AND version = ?"_s,
                           {queueId.toString(), version});
    if (!doc)
        return doc.error();
    if (!doc->isValid())
        return std::optional<Rubric>();
    auto parsed = rubricFrom(*doc);
    if (!parsed)
        return parsed.error();
    Rubric r = *parsed;
    r.version = version;
    return std::optional(r);
}

Status CacheDb::saveItems(const QList<CachedItem> &items)
{
    for (const CachedItem &i : items) {
        auto saved = m_db.exec(
            u"INSERT INTO items (queue_id, run_id, queue_run_id, reason, added_at, lease_expires_at,"
            " checked_out_at, run_name, removed, run, child_runs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
            " ON CONFLICT (queue_id, run_id) DO UPDATE SET queue_run_id = excluded.queue_run_id,"
            " reason = excluded.reason, lease_expires_at = excluded.lease_expires_at,"
            " checked_out_at = excluded.checked_out_at, run_name = excluded.run_name, removed = 0,"
            " run = excluded.run, child_runs = excluded.child_runs"_s,
            {i.queueId.toString(), i.runId.toString(), text(i.queueRunId), text(i.reason), i.addedAt.micros(),
             i.leaseExpiresAt.micros(), i.checkedOutAt.micros(), text(i.runName), compact(i.run),
             compact(i.childRuns)});
        if (!saved)
            return saved.error();
    }
    return Ok{};
}

namespace {

CachedItem lightItem(const QSqlQuery &q)
{
    CachedItem i;
    i.queueId = uuidOf(q.value(0));
    i.runId = uuidOf(q.value(1));
    i.queueRunId = q.value(2).toString();
    i.reason = q.value(3).toString();
    i.addedAt = Timestamp::fromMicros(q.value(4).toLongLong());
    i.leaseExpiresAt = Timestamp::fromMicros(q.value(5).toLongLong());
    i.checkedOutAt = Timestamp::fromMicros(q.value(6).toLongLong());
    i.runName = q.value(7).toString();
    i.removed = q.value(8).toBool();
    return i;
}

const QString kItemColumns =
    u"queue_id, run_id, queue_run_id, reason, added_at, lease_expires_at, checked_out_at, run_name, removed"_s;

} // namespace

Result<QList<CachedItem>> CacheDb::items(const Uuid &queueId)
{
    auto q =
        m_db.exec(u"SELECT "_s + kItemColumns + u" FROM items WHERE queue_id = ? ORDER BY added_at, run_id"_s,
                  {queueId.toString()});
    if (!q)
        return q.error();
    QList<CachedItem> out;
    while ((*q)->next())
        out.append(lightItem(**q));
    return out;
}

Result<std::optional<CachedItem>> CacheDb::item(const Uuid &queueId, const Uuid &runId)
{
    auto q = m_db.exec(u"SELECT "_s + kItemColumns +
                           u", run, child_runs FROM items WHERE queue_id = ? AND run_id = ?"_s,
                       {queueId.toString(), runId.toString()});
    if (!q)
        return q.error();
    if (!(*q)->next())
        return std::optional<CachedItem>();
    CachedItem i = lightItem(**q);
    i.run = QJsonDocument::fromJson((*q)->value(9).toByteArray()).object();
    i.childRuns = QJsonDocument::fromJson((*q)->value(10).toByteArray()).array();
    (*q)->finish();
    return std::optional(i);
}

Status CacheDb::markRemoved(const Uuid &queueId, const Uuid &runId)
{
    auto q = m_db.exec(u"UPDATE items SET removed = 1 WHERE queue_id = ? AND run_id = ?"_s,
                       {queueId.toString(), runId.toString()});
    if (!q)
        return q.error();
    return Ok{};
}

Status CacheDb::dropQueue(const Uuid &queueId)
{
    for (const QString &table : {u"items"_s, u"rubrics"_s, u"server_answers"_s})
        if (auto q = m_db.exec(u"DELETE FROM %1 WHERE queue_id = ?"_s.arg(table), {queueId.toString()}); !q)
            return q.error();
    if (auto q = m_db.exec(u"DELETE FROM queues WHERE id = ?"_s, {queueId.toString()}); !q)
        return q.error();
    return Ok{};
}

Result<qint64> CacheDb::itemCount()
{
    auto n = m_db.scalar(u"SELECT count(*) FROM items"_s);
    if (!n)
        return n.error();
    return n->toLongLong();
}

Status CacheDb::saveServerAnswer(const Uuid &queueId, const Uuid &runId, const Uuid &annotationId,
                                 const Timestamp &submittedAt)
{
    auto q = m_db.exec(
        u"INSERT INTO server_answers (queue_id, run_id, annotation_id, submitted_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (queue_id, run_id) DO UPDATE SET annotation_id = excluded.annotation_id,"
        " submitted_at = excluded.submitted_at WHERE excluded.submitted_at >= server_answers.submitted_at"_s,
        {queueId.toString(), runId.toString(), annotationId.toString(), submittedAt.micros()});
    if (!q)
        return q.error();
    return Ok{};
}

Result<QSet<Uuid>> CacheDb::serverAnsweredRuns(const Uuid &queueId)
{
    auto ids = m_db.column(u"SELECT run_id FROM server_answers WHERE queue_id = ?"_s, {queueId.toString()});
    if (!ids)
        return ids.error();
    QSet<Uuid> out;
    for (const QVariant &id : *ids)
        out.insert(uuidOf(id));
    return out;
}

Result<qint64> CacheDb::serverAnswerCount(const Uuid &queueId)
{
    auto n = m_db.scalar(u"SELECT count(*) FROM server_answers WHERE queue_id = ?"_s, {queueId.toString()});
    if (!n)
        return n.error();
    return n->toLongLong();
}

Result<QStringList> CacheDb::leasedUnanswered(const Uuid &queueId, const Timestamp &now)
{
    auto ids =
        m_db.column(u"SELECT run_id FROM items WHERE queue_id = ? AND removed = 0 AND lease_expires_at > ?"
                    " AND run_id NOT IN (SELECT run_id FROM server_answers WHERE queue_id = ?)"_s,
                    {queueId.toString(), now.micros(), queueId.toString()});
    if (!ids)
        return ids.error();
    QStringList out;
    for (const QVariant &id : *ids)
        out.append(id.toString());
    return out;
}

Result<qint64> CacheDb::cursor()
{
    auto v = m_db.scalar(u"SELECT value FROM sync WHERE key = 'cursor'"_s);
    if (!v)
        return v.error();
    return v->isValid() ? v->toLongLong() : 0;
}

Status CacheDb::setCursor(qint64 cursor)
{
    auto q = m_db.exec(u"INSERT OR REPLACE INTO sync (key, value) VALUES ('cursor', ?)"_s, {cursor});
    if (!q)
        return q.error();
    return Ok{};
}

Status CacheDb::clear()
{
    for (const QString &table : {u"items"_s, u"rubrics"_s, u"server_answers"_s, u"queues"_s, u"sync"_s})
        if (auto q = m_db.exec(u"DELETE FROM "_s + table); !q)
            return q.error();
    return Ok{};
}

} // namespace assay::client
