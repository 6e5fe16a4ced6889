#include "users.h"

#include "audit/auditlog.h"
#include "roles.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

using UserDecision = Decision<UserRecord>;

// Applies the draft's fields to `user`, or says which field is wrong.
std::optional<UserDecision> apply(const UserDraft &draft, UserRecord &user)
{
    if (draft.name) {
        const QString name = draft.name->trimmed();
        if (name.isEmpty())
            return UserDecision::refused(Refusal::Invalid, u"must not be empty"_s, u"name"_s);
        if (name.size() > 200)
            return UserDecision::refused(Refusal::Invalid, u"is longer than 200 characters"_s, u"name"_s);
        user.name = name;
    }
    if (draft.email) {
        const QString email = draft.email->trimmed();
        if (!email.isEmpty() && (!email.contains(u'@') || email.size() > 320))
            return UserDecision::refused(Refusal::Invalid, u"is not an email address: '%1'"_s.arg(email),
                                         u"email"_s);
        user.email = email;
    }
    if (draft.role) {
        if (!isRole(*draft.role))
            return UserDecision::refused(Refusal::Invalid, unknownRoleMessage(*draft.role), u"role"_s);
        user.role = *draft.role;
    }
    if (draft.disabled && *draft.disabled != bool(user.disabledAt))
        user.disabledAt = *draft.disabled ? std::optional(Timestamp::now()) : std::nullopt;
    return std::nullopt;
}

// Refuses a name another user has.
Result<std::optional<UserDecision>> checkNameFree(Store &store, const UserRecord &user)
{
    auto holder = store.userByName(user.name);
    if (!holder)
        return holder.error();
    if (*holder && (*holder)->id != user.id)
        return std::optional(UserDecision::refused(
            Refusal::Conflict, u"a user named '%1' exists already (%2)"_s.arg(user.name, (*holder)->id),
            u"name"_s));
    return std::optional<UserDecision>();
}

} // namespace

QJsonObject userJson(const UserRecord &u)
{
    return QJsonObject{
        {"id"_L1, u.id},
        {"name"_L1, u.name},
        {"email"_L1, u.email.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(u.email)},
        {"role"_L1, u.role},
        {"created_at"_L1, u.createdAt.toIso()},
        {"disabled_at"_L1, u.disabledAt ? u.disabledAt->toJson() : QJsonValue(QJsonValue::Null)}};
}

Result<std::optional<UserRecord>> findUser(Store &store, const QString &idOrName)
{
    auto byId = store.userById(idOrName);
    if (!byId || *byId)
        return byId;
    return store.userByName(idOrName);
}

Result<UserDecision> createUser(Store &store, const QString &actor, const UserDraft &draft)
{
    if (!draft.name)
        return UserDecision::refused(Refusal::Invalid, u"is required"_s, u"name"_s);
    if (!draft.role)
        return UserDecision::refused(Refusal::Invalid, u"is required"_s, u"role"_s);
    UserRecord user{Uuid::v7().toString(), {}, {}, {}, Timestamp::now(), std::nullopt};
    if (auto refused = apply(draft, user))
        return *refused;
    auto taken = checkNameFree(store, user);
    if (!taken)
        return taken.error();
    if (*taken)
        return **taken;
    if (Status inserted = store.insertUser(user); !inserted)
        return inserted.error();
    if (Status recorded =
            recordAudit(store, actor, u"create"_s, u"user"_s, user.id, QJsonValue::Null, userJson(user));
        !recorded)
        return recorded.error();
    return UserDecision{Refusal::None, {}, user};
}

Result<UserDecision> changeUser(Store &store, const QString &actor, const QString &idOrName,
                                const UserDraft &draft, const QString &actingUserId)
{
    auto found = findUser(store, idOrName);
    if (!found)
        return found.error();
    if (!*found)
        return UserDecision::refused(Refusal::Unknown, u"user %1 not found"_s.arg(idOrName));
    const UserRecord before = **found;
    UserRecord after = before;
    if (auto refused = apply(draft, after))
        return *refused;
    if (before.id == actingUserId && (after.role != before.role || after.disabledAt))
        return UserDecision::refused(
            Refusal::Conflict, u"you cannot disable yourself or change your own role; ask another admin"_s);
    if (after.name != before.name) {
        auto taken = checkNameFree(store, after);
        if (!taken)
            return taken.error();
        if (*taken)
            return **taken;
    }
    const QJsonObject beforeJson = userJson(before), afterJson = userJson(after);
    if (beforeJson == afterJson)
        return UserDecision{Refusal::None, {}, after}; // nothing changed: nothing to write or audit
    if (Status updated = store.updateUser(after); !updated)
        return updated.error();
    if (after.role != before.role)
        if (Status keys = store.setRoleOfUserKeys(after.id, after.role); !keys)
            return keys.error();
    const QString action = before.disabledAt == after.disabledAt ? u"update"_s
                           : after.disabledAt                    ? u"disable"_s
                                                                 : u"enable"_s;
    if (Status recorded = recordAudit(store, actor, action, u"user"_s, after.id, beforeJson, afterJson);
        !recorded)
        return recorded.error();
    return UserDecision{Refusal::None, {}, after};
}

} // namespace assay::server
