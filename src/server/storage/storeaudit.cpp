// The audit log's rows. Hashing and verification live in audit/auditlog.cpp.

#include "store.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

QVariant bytesOrNull(const QByteArray &doc)
{
    return doc.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(doc);
}

QJsonValue valueOf(const QByteArray &doc)
{
    if (doc.isEmpty())
        return QJsonValue(QJsonValue::Null);
    const QJsonDocument parsed = QJsonDocument::fromJson(doc);
    return parsed.isArray() ? QJsonValue(parsed.array()) : QJsonValue(parsed.object());
}

const QString kColumns =
    u"seq, at, actor, action, entity, entity_id, before_doc, after_doc, prev_hash, hash, hash_format"_s;

} // namespace

Result<std::optional<Store::AuditTail>> Store::auditTail()
{
    if (m_auditTail)
        return *m_auditTail;
    if (m_url.dialect == Dialect::Postgres) { // two servers on one database append one at a time
        QSqlQuery lock(m_db);                 // LOCK cannot be a prepared statement
        if (!lock.exec(u"LOCK TABLE audit_log IN EXCLUSIVE MODE"_s))
            return Error{u"cannot lock the audit log: %1"_s.arg(lock.lastError().text()), {}};
    }
    auto row = firstRow(u"SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"_s);
    if (!row)
        return row.error();
    const std::optional<AuditTail> tail =
        row->isEmpty() ? std::nullopt
                       : std::optional(AuditTail{row->at(0).toLongLong(), row->at(1).toString()});
    if (m_inTransaction)
        m_auditTail = tail;
    return tail;
}

Status Store::insertAuditEntry(const AuditEntry &e)
{
    auto q = exec(u"INSERT INTO audit_log ("_s + kColumns + u") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                  {e.seq, e.at.micros(), e.actor, e.action, e.entity, e.entityId, bytesOrNull(e.beforeDoc),
                   bytesOrNull(e.afterDoc), e.prevHash, e.hash, e.hashFormat});
    if (!q)
        return q.error();
    if (m_auditTail)
        m_auditTail = std::optional(AuditTail{e.seq, e.hash});
    return Ok{};
}

// afterSeq < 0 with limit 0 reads the last entry only.
Result<QList<AuditEntry>> Store::auditEntries(qint64 afterSeq, qsizetype limit)
{
    auto q = afterSeq < 0
                 ? exec(u"SELECT "_s + kColumns + u" FROM audit_log ORDER BY seq DESC LIMIT 1"_s)
                 : exec(u"SELECT "_s + kColumns + u" FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"_s,
                        {afterSeq, limit});
    if (!q)
        return q.error();
    QList<AuditEntry> out;
    while (q->next()) {
        AuditEntry e;
        e.seq = q->value(0).toLongLong();
        e.at = Timestamp::fromMicros(q->value(1).toLongLong());
        e.actor = q->value(2).toString();
        e.action = q->value(3).toString();
        e.entity = q->value(4).toString();
        e.entityId = q->value(5).toString();
        e.beforeDoc = q->value(6).toByteArray();
        e.afterDoc = q->value(7).toByteArray();
        e.before = valueOf(e.beforeDoc);
        e.after = valueOf(e.afterDoc);
        e.prevHash = q->value(8).toString();
        e.hash = q->value(9).toString();
        e.hashFormat = q->value(10).toInt();
        out.append(e);
    }
    q->finish();
    return out;
}

} // namespace assay::server
