#include "identitycommands.h"

#include "audit/auditlog.h"
#include "auth/apikeys.h"
#include "auth/reviewerassignments.h"
#include "auth/users.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

const QString kActor = u"cli"_s;

int createKey(const Cli &cli, Store &store, QTextStream &out, QTextStream &err)
{
    KeyDraft draft;
    draft.name = cli.parser.value(cli.name);
    draft.user = cli.parser.value(cli.user);
    draft.role = cli.optional(cli.role);
    if (draft.user.isEmpty() && !draft.role)
        draft.role = u"admin"_s; // a service key without --role: the first admin's key
    if (!cli.parser.isSet(cli.name))
        return fail(err, u"keys create needs --name, to tell keys apart later"_s);
    if (cli.parser.isSet(cli.expiresInDays)) {
        bool ok = false;
        const double days = cli.parser.value(cli.expiresInDays).toDouble(&ok);
        if (!ok || days <= 0 || days > 3650)
            return fail(err, u"--expires-in-days must be a number of days from 0 to 3650"_s);
        draft.expiresAt = Timestamp::fromMicros(Timestamp::now().micros() + qint64(days * 86400e6));
    }
    auto created = transacted(store, [&] { return createApiKey(store, kActor, draft); });
    if (!created || !created->done())
        return fail(err, refusalText(created));
    const ApiKeyRecord &record = created->value.record;
    out << created->value.key << '\n';
    err << "Created key " << record.id << " (" << record.role
        << (record.userId.isEmpty() ? QString() : u", user "_s + record.userId)
        << "). It is shown once; store it now.\n";
    return 0;
}

int listKeys(Store &store, QTextStream &out, QTextStream &err)
{
    auto keys = store.listApiKeys();
    if (!keys)
        return fail(err, keys.error().message);
    out << "id\tprefix\tname\trole\tuser\tcreated\tlast used\tstate\n";
    for (const ApiKeyRecord &k : *keys)
        out << k.id << '\t' << k.prefix << "…\t" << k.name << '\t' << k.role << '\t'
            << (k.userId.isEmpty() ? u"-"_s : k.userId) << '\t' << k.createdAt.toIso() << '\t'
            << (k.lastUsedAt ? k.lastUsedAt->toIso() : u"never"_s) << '\t'
            << (k.revokedAt ? u"revoked"_s : u"active"_s) << '\n';
    return 0;
}

int revokeKey(const QString &idOrPrefix, Store &store, QTextStream &out, QTextStream &err)
{
    if (idOrPrefix.isEmpty())
        return fail(err, u"keys revoke needs the key's id or prefix (see keys list)"_s);
    auto revoked = transacted(store, [&]() -> Result<Decision<bool>> {
        auto done = store.revokeApiKey(idOrPrefix);
        if (!done)
            return done.error();
        if (!*done)
            return Decision<bool>::refused(Refusal::Unknown,
                                           u"no active key has the id or prefix '%1'"_s.arg(idOrPrefix));
        if (Status recorded = recordAudit(store, kActor, u"revoke"_s, u"api_key"_s, idOrPrefix,
                                          QJsonValue::Null, QJsonValue::Null);
            !recorded)
            return recorded.error();
        return Decision<bool>{Refusal::None, {}, true};
    });
    if (!revoked || !revoked->done())
        return fail(err, refusalText(revoked));
    out << "Revoked " << idOrPrefix << ".\n";
    return 0;
}

void printUser(QTextStream &out, const UserRecord &u)
{
    out << u.id << '\t' << u.name << '\t' << (u.email.isEmpty() ? u"-"_s : u.email) << '\t' << u.role << '\t'
        << u.createdAt.toIso() << '\t' << (u.disabledAt ? u"disabled"_s : u"active"_s) << '\n';
}

} // namespace

int keysCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString sub = args.value(1);
    if (sub != u"create" && sub != u"list" && sub != u"revoke")
        return fail(err, u"keys needs create, list or revoke"_s);
    auto store = openStore(cli);
    if (!store)
        return fail(err, store.error().message);
    if (sub == u"create")
        return createKey(cli, **store, out, err);
    if (sub == u"list")
        return listKeys(**store, out, err);
    return revokeKey(args.value(2), **store, out, err);
}

int usersCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString sub = args.value(1);
    const QStringList subs = {u"create"_s, u"list"_s, u"update"_s, u"disable"_s, u"enable"_s};
    if (!subs.contains(sub))
        return fail(err, u"users needs create, list, update, disable or enable"_s);
    if (sub != u"create" && sub != u"list" && args.value(2).isEmpty())
        return fail(err, u"users %1 needs the user's id or name (see users list)"_s.arg(sub));
    auto store = openStore(cli);
    if (!store)
        return fail(err, store.error().message);
    if (sub == u"list") {
        auto users = (*store)->listUsers();
        if (!users)
            return fail(err, users.error().message);
        out << "id\tname\temail\trole\tcreated\tstate\n";
        for (const UserRecord &u : *users)
            printUser(out, u);
        return 0;
    }
    UserDraft draft{cli.optional(cli.name), cli.optional(cli.email), cli.optional(cli.role), std::nullopt};
    if (sub == u"disable" || sub == u"enable")
        draft.disabled = sub == u"disable";
    auto changed = transacted(**store, [&] {
        return sub == u"create" ? createUser(**store, kActor, draft)
                                : changeUser(**store, kActor, args.value(2), draft, {});
    });
    if (!changed || !changed->done())
        return fail(err, refusalText(changed));
    printUser(out, changed->value);
    return 0;
}

int reviewersCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString sub = args.value(1);
    if (sub != u"list" && sub != u"assign" && sub != u"unassign")
        return fail(err, u"reviewers needs list, assign or unassign"_s);
    auto queueId = Uuid::parse(args.value(2));
    if (!queueId)
        return fail(err, u"reviewers %1 needs a queue id: %2"_s.arg(sub, queueId.error().message));
    auto store = openStore(cli);
    if (!store)
        return fail(err, store.error().message);
    auto queue = (*store)->queueById(*queueId);
    if (!queue || !*queue)
        return fail(err, queue ? u"annotation queue %1 not found"_s.arg(queueId->toString())
                               : queue.error().message);
    if (sub == u"list") {
        auto reviewers = (*store)->reviewersOf(*queueId);
        if (!reviewers)
            return fail(err, reviewers.error().message);
        for (const QString &k : *reviewers)
            out << k << '\n';
        return 0;
    }
    const QString reviewer = args.value(3);
    if (reviewer.isEmpty())
        return fail(err,
                    u"reviewers %1 needs a reviewer: a user's id or name, or a reviewer key's id"_s.arg(sub));
    const bool assign = sub == u"assign";
    auto change = transacted(**store, [&]() -> Result<Decision<AssignmentChange>> {
        auto c = assign ? assignQueueReviewer(**store, kActor, *queueId, reviewer)
                        : unassignQueueReviewer(**store, kActor, *queueId, reviewer);
        if (!c)
            return c.error();
        if (!c->refusal.isEmpty())
            return Decision<AssignmentChange>::refused(Refusal::Invalid, c->refusal);
        if (!assign && c->outcome == AssignmentOutcome::AlreadySo)
            return Decision<AssignmentChange>::refused(
                Refusal::Unknown, u"%1 is not assigned to %2"_s.arg(reviewer, queueId->toString()));
        return Decision<AssignmentChange>{Refusal::None, {}, *c};
    });
    if (!change || !change->done())
        return fail(err, refusalText(change));
    if (change->value.outcome == AssignmentOutcome::AlreadySo)
        out << reviewer << " was already assigned to " << queueId->toString() << ".\n";
    else
        out << (assign ? "Assigned " : "Unassigned ") << change->value.reviewerId
            << (assign ? " to " : " from ") << queueId->toString() << ".\n";
    return 0;
}

} // namespace assay::server
