#pragma once

#include <QString>
#include <QStringList>

namespace assay::server {

// Who is calling. A user's key acts as the user: `id` is the user's id, used for everything that names a
// person (queue assignments, leases, answers, feedback_source.user_id, the audit log), so two keys of one
// reviewer are one reviewer. A service key (no user) is its own principal: `id` is the key's id.
struct Principal {
    QString id;
    QString keyId;        // the key used, for per-key rate limits and revocation checks
    QString userId;       // empty for a service key
    QString role;         // admin, member, ingest, reviewer
    QStringList queueIds; // a reviewer's assigned queues
    QString name;         // the user's name, or a service key's; shown as feedback_source.user_name
    bool isReviewer() const { return role == QLatin1StringView("reviewer"); }
    // Who did it, for the audit log: "user:<id>" for a user's key, "key:<id>" for a service key.
    QString actor() const
    {
        if (!userId.isEmpty())
            return QStringLiteral("user:") + userId;
        return keyId.isEmpty() ? QStringLiteral("anonymous") : QStringLiteral("key:") + keyId;
    }
    // A reviewer sees only their assigned queues; members and admins see every queue.
    bool mayReview(const QString &queueId) const { return !isReviewer() || queueIds.contains(queueId); }
};

} // namespace assay::server
