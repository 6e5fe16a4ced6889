#pragma once

// Creating and changing users: the one place that validates, writes and audits them, for the admin
// REST routes and the `users` CLI alike. Runs in the caller's transaction.

#include "refusal.h"
#include "storage/store.h"

#include <QJsonObject>

#include <optional>

namespace assay::server {

// What to set; what is not set stays as it is (for a new user, name and role are required).
struct UserDraft {
    std::optional<QString> name;
    std::optional<QString> email;
    std::optional<QString> role;
    std::optional<bool> disabled;
};

QJsonObject userJson(const UserRecord &user);

// A user by id or, failing that, by exact name.
Result<std::optional<UserRecord>> findUser(Store &store, const QString &idOrName);

Result<Decision<UserRecord>> createUser(Store &store, const QString &actor, const UserDraft &draft);

// `actingUserId` is the user making the change (empty for the CLI): nobody can disable themselves or
// change their own role, so the last admin cannot lock everyone out by accident.
Result<Decision<UserRecord>> changeUser(Store &store, const QString &actor, const QString &idOrName,
                                        const UserDraft &draft, const QString &actingUserId);

} // namespace assay::server
