// Review leases and annotations.

#include "store.h"

#include <QJsonArray>

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

Result<QList<Lease>> Store::activeLeases(const Uuid &queueId, const Timestamp &now)
{
    auto q = exec(u"SELECT run_id, reviewer, expires_at FROM leases WHERE queue_id = ? AND expires_at > ?"_s,
                  {queueId.toString(), now.micros()});
    if (!q)
        return q.error();
    QList<Lease> out;
    while (q->next())
        out.append(Lease{queueId, *Uuid::parse(q->value(0).toString()), q->value(1).toString(),
                         Timestamp::fromMicros(q->value(2).toLongLong())});
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

Status Store::saveAnnotation(const StoredAnnotation &s)
{
    QJsonObject annotation = annotationToJson(s.annotation);
    const QJsonObject doc{{"annotation"_L1, annotation},
                          {"status"_L1, s.status},
                          {"flags"_L1, QJsonArray::fromStringList(s.flags)}};
    auto q = exec(u"INSERT INTO annotations (id, queue_id, run_id, reviewer, submitted_at, status, doc) "
                  u"VALUES (?, ?, ?, ?, ?, ?, ?)"
                  " ON CONFLICT (id) DO UPDATE SET status = excluded.status, doc = excluded.doc"_s,
                  {s.annotation.id.toString(), s.annotation.queueId.toString(), s.annotation.runId.toString(),
                   s.annotation.reviewerId, s.annotation.submittedAt.micros(), s.status, encodeDoc(doc)});
    if (!q)
        return q.error();
    return Ok{};
}

Result<QHash<Uuid, QSet<QString>>> Store::reviewersByRun(const Uuid &queueId)
{
    auto q = exec(u"SELECT run_id, reviewer FROM annotations WHERE queue_id = ? AND status = 'applied'"_s,
                  {queueId.toString()});
    if (!q)
        return q.error();
    QHash<Uuid, QSet<QString>> out;
    while (q->next())
        out[*Uuid::parse(q->value(0).toString())].insert(q->value(1).toString());
    return out;
}

} // namespace assay::server
