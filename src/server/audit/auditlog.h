#pragma once

// The audit log: an append-only record of every change to queues, rubrics, routing rules, API keys
// and feedback configs — who, when, what, before and after. Each entry's hash is SHA-256 over the
// previous entry's hash and the entry's canonical JSON, so editing, deleting or reordering any entry
// breaks the chain from there on, and `verifyAuditLog` says where. The canonical JSON of format 2 (every
// entry since schema 12) splices in before and after exactly as stored; docs/architecture.md spells it.

#include "storage/store.h"

namespace assay::server {

// Appends one entry in the caller's transaction (so a change and its record commit together).
Status recordAudit(Store &store, const QString &actor, const QString &action, const QString &entity,
                   const QString &entityId, const QJsonValue &before, const QJsonValue &after);
// The same with before and after already compact JSON (empty for null), for callers that have the bytes.
Status recordAuditDocs(Store &store, const QString &actor, const QString &action, const QString &entity,
                       const QString &entityId, const QByteArray &beforeDoc, const QByteArray &afterDoc);

// The entry's hash: SHA-256 (formats 1 and 2) or HMAC-SHA256 with `key` (format 3).
QString auditHash(const AuditEntry &entry, const QByteArray &key = {});
QJsonObject auditEntryToJson(const AuditEntry &entry);

struct AuditVerification {
    qint64 entries = 0;
    QString lastHash;
};
// Walks the whole log with the store's audit key; an error names the first entry that does not fit the
// chain. `expectedHead` ("SEQ:HASH", what `audit head` printed earlier and was kept elsewhere) must still
// be in the log: entries cut from the end past it are found that way.
Result<AuditVerification> verifyAuditLog(Store &store, const QString &expectedHead = {});

// "SEQ:HASH" of the newest entry ("0:" and the genesis hash for an empty log).
Result<QString> auditHead(Store &store);

} // namespace assay::server
