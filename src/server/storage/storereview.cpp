// Review leases and annotations.

#include "store.h"

#include "core/jsonwriter.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

Result<StoredAnnotation> annotationFromDoc(const QByteArray &bytes)
{
    const QJsonObject o = decodeDoc(bytes);
    auto a = parseAnnotation(o.value("annotation"_L1).toObject());
    if (!a)
        return Error{u"stored annotation is unreadable: %1"_s.arg(a.error().toString()), {}};
    a->reviewerId = o.value("annotation"_L1).toObject().value("reviewer_id"_L1).toString();
    QStringList flags;
    for (const QJsonValue &f : o.value("flags"_L1).toArray())
        flags.append(f.toString());
    return StoredAnnotation{*a, o.value("status"_L1).toString(), flags};
}

} // namespace

Status Store::lockQueue(const Uuid &queueId)
{
    if (m_url.dialect != Dialect::Postgres)
        return Ok{};
    auto q = exec(u"SELECT id FROM queues WHERE id = ? FOR UPDATE"_s, {queueId.toString()});
    if (!q)
        return q.error();
    q->finish();
    return Ok{};
}

Result<QList<Uuid>> uuidList(const Result<QStringList> &column)
{
    if (!column)
        return column.error();
    QList<Uuid> out;
    out.reserve(column->size());
    for (const QString &id : *column)
        if (auto u = Uuid::parse(id))
            out.append(*u);
    return out;
}

std::optional<Timestamp> timeOrNothing(const QVariantList &row)
{
    if (row.isEmpty() || row.first().isNull())
        return std::nullopt;
    return Timestamp::fromMicros(row.first().toLongLong());
}

Result<QSet<Uuid>> uuidSet(const Result<QStringList> &column)
{
    auto list = uuidList(column);
    if (!list)
        return list.error();
    return QSet<Uuid>(list->cbegin(), list->cend());
}

namespace {

std::optional<Uuid> optionalUuid(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    auto id = Uuid::parse(v.toString());
    return id ? std::optional(*id) : std::nullopt;
}

} // namespace

Result<QSet<Uuid>> Store::runsOfQueueTable(const QString &table, const Uuid &queueId,
                                           const QList<Uuid> &runIds)
{
    // In chunks: a dry run may ask about 100,000 runs, past what a statement may bind.
    constexpr qsizetype kChunk = 1000;
    QSet<Uuid> found;
    for (qsizetype at = 0; at < runIds.size(); at += kChunk) {
        QVariantList binds{queueId.toString()};
        const QString in = inList(runIds.mid(at, kChunk), binds);
        auto chunk = uuidSet(
            firstColumn(u"SELECT run_id FROM %1 WHERE queue_id = ? AND run_id IN "_s.arg(table) + in, binds));
        if (!chunk)
            return chunk.error();
        found.unite(*chunk);
    }
    return found;
}

Result<QSet<Uuid>> Store::queuedRunsAmong(const Uuid &queueId, const QList<Uuid> &runIds)
{
    return runsOfQueueTable(u"queue_items"_s, queueId, runIds);
}

Result<QSet<Uuid>> Store::removedRunsAmong(const Uuid &queueId, const QList<Uuid> &runIds)
{
    return runsOfQueueTable(u"queue_removals"_s, queueId, runIds);
}

Result<QHash<Uuid, QSet<QString>>> Store::reviewersAmong(const Uuid &queueId, const QList<Uuid> &runIds)
{
    QHash<Uuid, QSet<QString>> out;
    if (runIds.isEmpty())
        return out;
    QVariantList binds{queueId.toString()};
    const QString in = inList(runIds, binds);
    auto q = exec(
        u"SELECT run_id, reviewer FROM annotations WHERE queue_id = ? AND status = 'applied' AND run_id IN "_s +
            in,
        binds);
    if (!q)
        return q.error();
    while (q->next())
        if (auto id = Uuid::parse(q->value(0).toString()))
            out[*id].insert(q->value(1).toString());
    return out;
}

Result<QList<Lease>> Store::leasesAmong(const Uuid &queueId, const QList<Uuid> &runIds, const Timestamp &now)
{
    QList<Lease> out;
    if (runIds.isEmpty())
        return out;
    QVariantList binds{queueId.toString(), now.micros()};
    const QString in = inList(runIds, binds);
    auto q = exec(
        u"SELECT run_id, reviewer, expires_at FROM leases WHERE queue_id = ? AND expires_at > ? AND run_id IN "_s +
            in,
        binds);
    if (!q)
        return q.error();
    while (q->next())
        if (auto id = Uuid::parse(q->value(0).toString()))
            out.append(
                Lease{queueId, *id, q->value(1).toString(), Timestamp::fromMicros(q->value(2).toLongLong())});
    return out;
}

Result<Store::ReviewCounts> Store::reviewCounts(const Uuid &queueId, const QString &reviewer,
                                                qsizetype needed)
{
    ReviewCounts c;
    auto total = count(u"SELECT COUNT(*) FROM queue_items WHERE queue_id = ?"_s, {queueId.toString()});
    if (!total)
        return total.error();
    c.total = *total;
    // From each item's count of reviewers (queue_items.reviewers): completed items are a range of the
    // index, and those awaiting others are among the partly reviewed ones — never a pass over every answer.
    auto completed = count(u"SELECT COUNT(*) FROM queue_items WHERE queue_id = ? AND reviewers >= ?"_s,
                           {queueId.toString(), qint64(needed)});
    if (!completed)
        return completed.error();
    c.completed = *completed;
    auto awaiting =
        count(u"SELECT COUNT(*) FROM queue_items q WHERE q.queue_id = ? AND q.reviewers >= 1"
              " AND q.reviewers < ? AND EXISTS (SELECT 1 FROM annotations a WHERE a.queue_id ="
              " q.queue_id AND a.run_id = q.run_id AND a.reviewer = ? AND a.status = 'applied')"_s,
              {queueId.toString(), qint64(needed), reviewer});
    if (!awaiting)
        return awaiting.error();
    c.awaitingOthers = *awaiting;
    // Everything I answered in this queue, including items removed since.
    auto mine = count(
        u"SELECT COUNT(DISTINCT run_id) FROM annotations WHERE queue_id = ? AND reviewer = ? AND status = 'applied'"_s,
        {queueId.toString(), reviewer});
    if (!mine)
        return mine.error();
    c.answeredByMe = *mine;
    return c;
}

Result<QHash<Uuid, Store::RunHead>> Store::runHeads(const QList<Uuid> &runIds)
{
    QHash<Uuid, RunHead> out;
    if (runIds.isEmpty())
        return out;
    QVariantList binds;
    const QString in = inList(runIds, binds);
    auto q = exec(u"SELECT id, session_id, trace_id FROM runs WHERE id IN "_s + in, binds);
    if (!q)
        return q.error();
    while (q->next())
        if (auto id = Uuid::parse(q->value(0).toString()))
            out.insert(*id, RunHead{optionalUuid(q->value(1)), optionalUuid(q->value(2))});
    return out;
}

Status Store::saveLease(const Lease &l)
{
    auto q =
        exec(u"INSERT INTO leases (queue_id, run_id, reviewer, expires_at) VALUES (?, ?, ?, ?)"
             " ON CONFLICT (queue_id, run_id, reviewer) DO UPDATE SET expires_at = excluded.expires_at"_s,
             {l.queueId.toString(), l.runId.toString(), l.reviewer, l.expiresAt.micros()});
    if (!q)
        return q.error();
    return Ok{};
}

Result<qsizetype> Store::releaseLeases(const Uuid &queueId, const QString &reviewer,
                                       const QList<Uuid> &runIds)
{
    qsizetype released = 0;
    for (const Uuid &run : runIds) {
        auto q = exec(u"DELETE FROM leases WHERE queue_id = ? AND run_id = ? AND reviewer = ?"_s,
                      {queueId.toString(), run.toString(), reviewer});
        if (!q)
            return q.error();
        released += q->numRowsAffected();
    }
    return released;
}

Result<std::optional<StoredAnnotation>> Store::annotationById(const Uuid &id)
{
    return doc(u"SELECT doc FROM annotations WHERE id = ?"_s, {id.toString()}, annotationFromDoc);
}

Result<std::optional<StoredAnnotation>> Store::currentAnnotation(const Uuid &queueId, const Uuid &runId,
                                                                 const QString &reviewer)
{
    return doc(
        u"SELECT doc FROM annotations WHERE queue_id = ? AND run_id = ? AND reviewer = ? AND status = 'applied'"_s,
        {queueId.toString(), runId.toString(), reviewer}, annotationFromDoc);
}

Result<QList<StoredAnnotation>> Store::currentAnnotationsOf(const Uuid &queueId, const QList<Uuid> &runIds)
{
    if (runIds.isEmpty())
        return QList<StoredAnnotation>();
    QVariantList binds{queueId.toString()};
    const QString in = inList(runIds, binds);
    return docs(u"SELECT doc FROM annotations WHERE queue_id = ? AND status = 'applied' AND run_id IN "_s +
                    in + u" ORDER BY run_id, reviewer"_s,
                binds, annotationFromDoc);
}

Status Store::saveAnnotation(const StoredAnnotation &s)
{
    return saveAnnotation(s, encodeDoc(annotationToJson(s.annotation)));
}

Status Store::saveAnnotation(const StoredAnnotation &s, const QByteArray &annotationDoc)
{
    JsonWriter doc; // {"annotation": ..., "flags": [...], "status": ...}
    doc.key("annotation");
    doc.raw(annotationDoc);
    doc.key("flags");
    doc.value(QJsonArray::fromStringList(s.flags));
    doc.key("status");
    doc.string(s.status);
    auto q = exec(
        u"INSERT INTO annotations (id, queue_id, run_id, reviewer, submitted_at, status, doc, active_ms) "
        u"VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET status = excluded.status, doc = excluded.doc"_s,
        {s.annotation.id.toString(), s.annotation.queueId.toString(), s.annotation.runId.toString(),
         s.annotation.reviewerId, s.annotation.submittedAt.micros(), s.status, doc.finish(),
         qRound64(s.annotation.activeSeconds * 1000)});
    if (!q)
        return q.error();
    // The item's count of reviewers with a current answer (what checkout seeks by), recounted rather than
    // incremented: right whatever order answers and supersessions arrive in.
    const QString queueId = s.annotation.queueId.toString(), runId = s.annotation.runId.toString();
    auto counted = exec(u"UPDATE queue_items SET reviewers = (%1) WHERE queue_id = ? AND run_id = ?"_s.arg(
                            itemReviewersSql()),
                        {queueId, runId, queueId, runId});
    if (!counted)
        return counted.error();
    return Ok{};
}

Status Store::appendReviewEvent(ReviewEvent e)
{
    if (!m_lastEventSeq) { // once per transaction: later appends in it follow on
        if (m_url.dialect == Dialect::Postgres) {
            QSqlQuery lock(m_db); // LOCK cannot be prepared; it holds until the request's transaction ends
            if (!lock.exec(u"LOCK TABLE review_events IN EXCLUSIVE MODE"_s))
                return Error{u"cannot lock the changes feed: %1"_s.arg(lock.lastError().text()), {}};
        }
        auto last = lastReviewEventSeq();
        if (!last)
            return last.error();
        if (!m_inTransaction) {
            e.seq = *last + 1;
        } else {
            m_lastEventSeq = *last;
        }
    }
    if (m_lastEventSeq)
        e.seq = ++*m_lastEventSeq;
    auto q = exec(
        u"INSERT INTO review_events (seq, queue_id, kind, reviewer, run_id, at, doc) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
        {e.seq, e.queueId.toString(), e.kind,
         e.reviewer.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(e.reviewer),
         e.runId ? QVariant(e.runId->toString()) : QVariant(QMetaType(QMetaType::QString)), e.at.micros(),
         e.payloadDoc.isEmpty() ? encodeDoc(e.payload) : e.payloadDoc});
    if (!q)
        return q.error();
    return Ok{};
}

Result<qint64> Store::lastReviewEventSeq()
{
    auto row = firstRow(u"SELECT MAX(seq) FROM review_events"_s);
    if (!row)
        return row.error();
    return row->isEmpty() || row->first().isNull() ? 0 : row->first().toLongLong();
}

Result<QList<ReviewEvent>> Store::reviewEvents(qint64 afterSeq, const QStringList &queueIds,
                                               const QString &reviewer, qsizetype limit)
{
    QString sql = u"SELECT seq, queue_id, kind, reviewer, run_id, at, doc FROM review_events WHERE seq > ?"
                  " AND (reviewer IS NULL OR reviewer = ?)"_s;
    QVariantList binds{afterSeq, reviewer};
    if (!queueIds.isEmpty()) {
        sql += u" AND queue_id IN ("_s + placeholders(queueIds.size()) + u")"_s;
        for (const QString &id : queueIds)
            binds << id;
    }
    sql += u" ORDER BY seq LIMIT ?"_s;
    binds << limit;
    auto q = exec(sql, binds);
    if (!q)
        return q.error();
    QList<ReviewEvent> out;
    while (q->next()) {
        ReviewEvent e;
        e.seq = q->value(0).toLongLong();
        e.queueId = *Uuid::parse(q->value(1).toString());
        e.kind = q->value(2).toString();
        e.reviewer = q->value(3).toString();
        if (!q->value(4).isNull())
            e.runId = *Uuid::parse(q->value(4).toString());
        e.at = Timestamp::fromMicros(q->value(5).toLongLong());
        e.payload = decodeDoc(q->value(6).toByteArray());
        out.append(e);
    }
    return out;
}

} // namespace assay::server
