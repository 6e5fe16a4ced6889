#pragma once

// What the People page asks of the server (admin keys): invite someone (a user, their key, their
// queues, and the invitation that carries the key), assign and unassign queues, disable and enable,
// rotate a key (a new one in an invitation, the old ones revoked). Every change is in the audit log.

#include "api/apiclient.h"
#include "core/uuid.h"
#include "invitation.h"

#include <QSet>

#include <functional>

namespace assay::client {

struct Invited {
    Uuid userId;
    Invitation invitation; // holds the new key: shown once
};

// Creates the user with `role` (a reviewer, usually), a key of theirs, and assigns them `queues`.
void invitePerson(ApiClient &api, const QString &name, const QString &email, const QString &role,
                  const QList<Uuid> &queues, std::function<void(Result<Invited>)> done);
void setAssigned(ApiClient &api, const Uuid &queueId, const Uuid &userId, bool assigned,
                 std::function<void(Status)> done);
// Of these queues, the ones the user is assigned to.
void assignedQueues(ApiClient &api, const Uuid &userId, const QList<Uuid> &queues,
                    std::function<void(Result<QSet<Uuid>>)> done);
void setDisabled(ApiClient &api, const Uuid &userId, bool disabled, std::function<void(Status)> done);
// A new key for the user in an invitation; every key they had before is revoked.
void rotateKey(ApiClient &api, const Uuid &userId, std::function<void(Result<Invitation>)> done);

} // namespace assay::client
