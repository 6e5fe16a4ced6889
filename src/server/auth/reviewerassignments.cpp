#include "reviewerassignments.h"

#include "audit/auditlog.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

Result<AssignmentChange> audited(Store &store, const QString &actor, const QString &action,
                                 const Uuid &queueId, const QJsonValue &before, const QJsonValue &after)
{
    if (Status recorded = recordAudit(store, actor, action, u"queue"_s, queueId.toString(), before, after);
        !recorded)
        return recorded.error();
    return AssignmentChange{AssignmentOutcome::Changed, {}};
}

} // namespace

Result<AssignmentChange> assignReviewerKey(Store &store, const QString &actor, const Uuid &queueId,
                                           const QString &keyId)
{
    auto key = store.apiKeyById(keyId);
    if (!key)
        return key.error();
    if (!*key)
        return AssignmentChange{AssignmentOutcome::UnknownKey, u"API key %1 not found"_s.arg(keyId)};
    if ((*key)->role != u"reviewer")
        return AssignmentChange{
            AssignmentOutcome::NotReviewerKey,
            u"only reviewer keys are assigned to queues; this key is %1"_s.arg((*key)->role)};
    auto assigned = store.assignReviewer(queueId, keyId);
    if (!assigned)
        return assigned.error();
    if (!*assigned)
        return AssignmentChange{AssignmentOutcome::AlreadySo, {}};
    return audited(store, actor, u"assign_reviewer"_s, queueId, QJsonValue::Null,
                   QJsonObject{{"key_id"_L1, keyId}});
}

Result<AssignmentChange> unassignReviewerKey(Store &store, const QString &actor, const Uuid &queueId,
                                             const QString &keyId)
{
    auto removed = store.unassignReviewer(queueId, keyId);
    if (!removed)
        return removed.error();
    if (!*removed)
        return AssignmentChange{AssignmentOutcome::AlreadySo, {}};
    return audited(store, actor, u"unassign_reviewer"_s, queueId, QJsonObject{{"key_id"_L1, keyId}},
                   QJsonValue::Null);
}

} // namespace assay::server
