#include "auditlog.h"

#include <QMessageAuthenticationCode>

#include "core/jsonwriter.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

const QString kGenesis = QString(64, u'0');

QJsonObject hashedFields(const AuditEntry &e)
{
    return QJsonObject{{"seq"_L1, double(e.seq)},
                       {"at"_L1, e.at.toIso()},
                       {"actor"_L1, e.actor},
                       {"action"_L1, e.action},
                       {"entity"_L1, e.entity},
                       {"entity_id"_L1, e.entityId},
                       {"before"_L1, e.before.isUndefined() ? QJsonValue(QJsonValue::Null) : e.before},
                       {"after"_L1, e.after.isUndefined() ? QJsonValue(QJsonValue::Null) : e.after}};
}

// Format 2: the fields in a fixed order, before and after exactly as stored, so verifying never depends on
// how a JSON library re-encodes them.
QByteArray canonicalBytes(const AuditEntry &e)
{
    JsonWriter w;
    w.key("action");
    w.string(e.action);
    w.key("actor");
    w.string(e.actor);
    w.key("after");
    w.raw(e.afterDoc.isEmpty() ? QByteArray("null") : e.afterDoc);
    w.key("at");
    w.string(e.at.toIso());
    w.key("before");
    w.raw(e.beforeDoc.isEmpty() ? QByteArray("null") : e.beforeDoc);
    w.key("entity");
    w.string(e.entity);
    w.key("entity_id");
    w.string(e.entityId);
    w.key("seq");
    w.raw(QByteArray::number(e.seq));
    return w.finish();
}

QByteArray docOf(const QJsonValue &v)
{
    return v.isNull() || v.isUndefined() ? QByteArray() : compactJson(v);
}

} // namespace

QString auditHash(const AuditEntry &e, const QByteArray &key)
{
    if (e.hashFormat == 3)
        return QString::fromLatin1(
            QMessageAuthenticationCode::hash(e.prevHash.toLatin1() + '\n' + canonicalBytes(e), key,
                                             QCryptographicHash::Sha256)
                .toHex());
    QCryptographicHash sha(QCryptographicHash::Sha256);
    sha.addData(e.prevHash.toLatin1());
    sha.addData("\n");
    if (e.hashFormat == 1) // QJsonObject keeps keys sorted, so its compact form was taken as canonical
        sha.addData(QJsonDocument(hashedFields(e)).toJson(QJsonDocument::Compact));
    else
        sha.addData(canonicalBytes(e));
    return QString::fromLatin1(sha.result().toHex());
}

QJsonObject auditEntryToJson(const AuditEntry &e)
{
    QJsonObject json = hashedFields(e);
    json.insert("prev_hash"_L1, e.prevHash);
    json.insert("hash"_L1, e.hash);
    json.insert("hash_format"_L1, e.hashFormat);
    return json;
}

Status recordAudit(Store &store, const QString &actor, const QString &action, const QString &entity,
                   const QString &entityId, const QJsonValue &before, const QJsonValue &after)
{
    return recordAuditDocs(store, actor, action, entity, entityId, docOf(before), docOf(after));
}

Status recordAuditDocs(Store &store, const QString &actor, const QString &action, const QString &entity,
                       const QString &entityId, const QByteArray &beforeDoc, const QByteArray &afterDoc)
{
    auto last = store.auditTail();
    if (!last)
        return last.error();
    AuditEntry e;
    e.seq = *last ? (*last)->seq + 1 : 1;
    e.at = Timestamp::now();
    e.actor = actor;
    e.action = action;
    e.entity = entity;
    e.entityId = entityId;
    e.beforeDoc = beforeDoc;
    e.afterDoc = afterDoc;
    e.hashFormat = store.auditKey().isEmpty() ? 2 : 3;
    e.prevHash = *last ? (*last)->hash : kGenesis;
    e.hash = auditHash(e, store.auditKey());
    return store.insertAuditEntry(e);
}

Result<AuditVerification> verifyAuditLog(Store &store, const QString &expectedHead)
{
    qint64 headSeq = -1;
    QString headHash;
    if (!expectedHead.isEmpty()) {
        bool ok = false;
        headSeq = expectedHead.section(u':', 0, 0).toLongLong(&ok);
        headHash = expectedHead.section(u':', 1);
        if (!ok || headSeq < 0 || headHash.size() != 64)
            return Error{
                u"--expect-head takes SEQ:HASH as `audit head` prints it, not '%1'"_s.arg(expectedHead), {}};
    }
    bool headSeen = headSeq <= 0;
    AuditVerification v;
    QString prev = kGenesis;
    qint64 expectedSeq = 1;
    while (true) {
        auto page = store.auditEntries(expectedSeq - 1, 1000);
        if (!page)
            return page.error();
        for (const AuditEntry &e : *page) {
            if (e.seq != expectedSeq)
                return Error{
                    u"entry %1 is missing (the next entry is %2): entries were deleted"_s.arg(expectedSeq)
                        .arg(e.seq),
                    {}};
            if (e.prevHash != prev)
                return Error{u"entry %1 does not follow entry %2: its previous hash differs"_s.arg(e.seq).arg(
                                 e.seq - 1),
                             {}};
            if (e.hashFormat == 3 && store.auditKey().isEmpty())
                return Error{
                    u"entry %1 is keyed with an HMAC: verify with --audit-hmac-key-file"_s.arg(e.seq), {}};
            if (auditHash(e, store.auditKey()) != e.hash)
                return Error{
                    u"entry %1 was changed after it was written: its hash does not match its content"_s.arg(
                        e.seq),
                    {}};
            if (e.seq == headSeq) {
                if (e.hash != headHash)
                    return Error{
                        u"entry %1 is not the one recorded as the head: its hash differs"_s.arg(e.seq), {}};
                headSeen = true;
            }
            prev = e.hash;
            ++expectedSeq;
            ++v.entries;
        }
        if (page->size() < 1000)
            break;
    }
    if (!headSeen)
        return Error{u"the log ends at entry %1, before the recorded head %2: entries were cut from its end"_s
                         .arg(expectedSeq - 1)
                         .arg(headSeq),
                     {}};
    v.lastHash = prev;
    return v;
}

Result<QString> auditHead(Store &store)
{
    auto tail = store.auditTail();
    if (!tail)
        return tail.error();
    if (!*tail)
        return u"0:"_s + kGenesis;
    return u"%1:%2"_s.arg((*tail)->seq).arg((*tail)->hash);
}

} // namespace assay::server
