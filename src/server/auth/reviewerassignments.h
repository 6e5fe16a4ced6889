#pragma once

// Giving a reviewer a queue or taking it away: the one place that resolves the reviewer, changes the
// assignment and writes the audit entry, for the admin REST routes and the `reviewers` CLI alike.
// A reviewer is a user with the reviewer role (named by id or name) or a reviewer service key (by id).
// Runs in the caller's transaction.

#include "storage/store.h"

namespace assay::server {

enum class AssignmentOutcome {
    Changed,         // assigned or unassigned now, and audited
    AlreadySo,       // nothing to do: already assigned, or not assigned to begin with
    UnknownReviewer, // no user or API key by that id or name (assign only)
    NotReviewer      // not a reviewer, disabled, or a user's key (assign the user) (assign only)
};

struct AssignmentChange {
    AssignmentOutcome outcome = AssignmentOutcome::Changed;
    QString reviewerId; // the principal id the assignment names
    QString refusal;    // what to tell the caller for UnknownReviewer and NotReviewer
};

Result<AssignmentChange> assignQueueReviewer(Store &store, const QString &actor, const Uuid &queueId,
                                             const QString &reviewer);
Result<AssignmentChange> unassignQueueReviewer(Store &store, const QString &actor, const Uuid &queueId,
                                               const QString &reviewer);

} // namespace assay::server
