#include "reviewerassignments.h"

#include "audit/auditlog.h"
#include "users.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

AssignmentChange refused(AssignmentOutcome outcome, const QString &why)
{
    return AssignmentChange{outcome, {}, why};
}

// The principal id `reviewer` names, or why it cannot be assigned a queue.
Result<AssignmentChange> resolveReviewer(Store &store, const QString &reviewer)
{
    auto user = findUser(store, reviewer);
    if (!user)
        return user.error();
    if (*user) {
        if ((*user)->role != u"reviewer")
            return refused(AssignmentOutcome::NotReviewer,
                           u"only reviewers are assigned to queues; user %1 is %2 and sees every queue"_s.arg(
                               (*user)->name, (*user)->role));
        if ((*user)->disabledAt)
            return refused(AssignmentOutcome::NotReviewer, u"user %1 is disabled"_s.arg((*user)->name));
        return AssignmentChange{AssignmentOutcome::Changed, (*user)->id, {}};
    }
    auto key = store.apiKeyById(reviewer);
    if (!key)
        return key.error();
    if (!*key)
        return refused(AssignmentOutcome::UnknownReviewer, u"no user or API key %1 found"_s.arg(reviewer));
    if (!(*key)->userId.isEmpty())
        return refused(AssignmentOutcome::NotReviewer,
                       u"API key %1 belongs to user %2; assign the user"_s.arg(reviewer, (*key)->userId));
    if ((*key)->role != u"reviewer")
        return refused(AssignmentOutcome::NotReviewer,
                       u"only reviewer keys are assigned to queues; this key is %1"_s.arg((*key)->role));
    return AssignmentChange{AssignmentOutcome::Changed, (*key)->id, {}};
}

Result<AssignmentChange> audited(Store &store, const QString &actor, const QString &action,
                                 const Uuid &queueId, const QString &reviewerId, bool assigned)
{
    const QJsonObject entry{{"reviewer"_L1, reviewerId}};
    if (Status recorded = recordAudit(store, actor, action, u"queue"_s, queueId.toString(),
                                      assigned ? QJsonValue::Null : QJsonValue(entry),
                                      assigned ? QJsonValue(entry) : QJsonValue::Null);
        !recorded)
        return recorded.error();
    return AssignmentChange{AssignmentOutcome::Changed, reviewerId, {}};
}

} // namespace

Result<AssignmentChange> assignQueueReviewer(Store &store, const QString &actor, const Uuid &queueId,
                                             const QString &reviewer)
{
    auto resolved = resolveReviewer(store, reviewer);
    if (!resolved || resolved->outcome != AssignmentOutcome::Changed)
        return resolved;
    auto assigned = store.assignReviewer(queueId, resolved->reviewerId);
    if (!assigned)
        return assigned.error();
    if (!*assigned)
        return AssignmentChange{AssignmentOutcome::AlreadySo, resolved->reviewerId, {}};
    return audited(store, actor, u"assign_reviewer"_s, queueId, resolved->reviewerId, true);
}

Result<AssignmentChange> unassignQueueReviewer(Store &store, const QString &actor, const Uuid &queueId,
                                               const QString &reviewer)
{
    // Whatever the reviewer is now (a user since disabled, a revoked key), an assignment can be removed.
    auto user = findUser(store, reviewer);
    if (!user)
        return user.error();
    const QString reviewerId = *user ? (*user)->id : reviewer;
    auto removed = store.unassignReviewer(queueId, reviewerId);
    if (!removed)
        return removed.error();
    if (!*removed)
        return AssignmentChange{AssignmentOutcome::AlreadySo, reviewerId, {}};
    return audited(store, actor, u"unassign_reviewer"_s, queueId, reviewerId, false);
}

} // namespace assay::server
