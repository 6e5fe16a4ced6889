#pragma once

// Giving a reviewer key a queue or taking it away: the one place that checks the key, changes the
// assignment and writes the audit entry, for the admin REST routes and the `reviewers` CLI alike.
// Runs in the caller's transaction.

#include "storage/store.h"

namespace assay::server {

enum class AssignmentOutcome {
    Changed,       // assigned or unassigned now, and audited
    AlreadySo,     // nothing to do: already assigned, or not assigned to begin with
    UnknownKey,    // no API key with that id (assign only)
    NotReviewerKey // only reviewer keys are scoped to queues (assign only)
};

struct AssignmentChange {
    AssignmentOutcome outcome = AssignmentOutcome::Changed;
    QString refusal; // what to tell the caller for UnknownKey and NotReviewerKey
};

Result<AssignmentChange> assignReviewerKey(Store &store, const QString &actor, const Uuid &queueId,
                                           const QString &keyId);
Result<AssignmentChange> unassignReviewerKey(Store &store, const QString &actor, const Uuid &queueId,
                                             const QString &keyId);

} // namespace assay::server
