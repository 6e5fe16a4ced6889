#include "servercli.h"

#include "assayserver.h"
#include "audit/auditlog.h"
#include "auth/apikeys.h"
#include "auth/reviewerassignments.h"
#include "shutdownsignals.h"
#include "storage/connection.h"
#include "storage/migrations.h"

#include "assay/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

const char *const kUsage = R"(Usage: assay-server <command> [options]

A self-hostable annotation-queue server that speaks the LangSmith REST API.
Point the LangSmith SDK at it with LANGSMITH_ENDPOINT=http://HOST:PORT/api/v1 and LANGSMITH_API_KEY.

Commands:
  serve                 Run the server (until stopped).
  migrate               Create or upgrade the database schema, then exit.
  keys create --name N  Create an API key and print it (shown once). --role admin (default),
                        member, ingest or reviewer; --expires-in-days D for a key that expires
  keys list             List API keys (never the secrets).
  keys revoke ID        Revoke a key by its id or prefix; takes effect on the next request.
  reviewers list QUEUE  The reviewer keys assigned to a queue (by id).
  reviewers assign QUEUE KEY | reviewers unassign QUEUE KEY
                        Give a reviewer key a queue, or take it away.
  audit verify          Check the audit log's hash chain; exit status 1 names the first broken entry.

Options:
  --listen HOST:PORT    Where to listen (serve). Default 127.0.0.1:1984, or $ASSAY_LISTEN.
  --database URL        A SQLite file path, sqlite:///path or postgresql://user:pass@host:port/db.
                        Default: $ASSAY_DATABASE_URL, else assay.db in the user's data directory.
  --bootstrap-admin-key KEY
                        Make sure an admin key with this secret exists (serve), for tests and
                        containers. Default: $ASSAY_BOOTSTRAP_ADMIN_KEY.
  -h, --help            Show this help and exit.
  -v, --version         Show the version and exit.
)";

struct Cli {
    QCommandLineParser parser;
    QCommandLineOption help{{u"h"_s, u"help"_s}};
    QCommandLineOption version{{u"v"_s, u"version"_s}};
    QCommandLineOption listen{u"listen"_s, {}, u"HOST:PORT"_s};
    QCommandLineOption database{u"database"_s, {}, u"URL"_s};
    QCommandLineOption bootstrapKey{u"bootstrap-admin-key"_s, {}, u"KEY"_s};
    QCommandLineOption name{u"name"_s, {}, u"NAME"_s};
    QCommandLineOption role{u"role"_s, {}, u"ROLE"_s, u"admin"_s};
    QCommandLineOption expiresInDays{u"expires-in-days"_s, {}, u"DAYS"_s};

    Cli()
    {
        parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
        parser.addOptions({help, version, listen, database, bootstrapKey, name, role, expiresInDays});
    }

    QString valueOrEnv(const QCommandLineOption &option, const char *env) const
    {
        return parser.isSet(option) ? parser.value(option) : qEnvironmentVariable(env);
    }
};

Result<DatabaseUrl> databaseOf(const Cli &cli)
{
    const QString url = cli.valueOrEnv(cli.database, "ASSAY_DATABASE_URL");
    return url.isEmpty() ? DatabaseUrl::defaultLocation() : DatabaseUrl::parse(url);
}

Result<std::pair<QHostAddress, quint16>> listenAddressOf(const Cli &cli)
{
    QString text = cli.valueOrEnv(cli.listen, "ASSAY_LISTEN");
    if (text.isEmpty())
        text = u"127.0.0.1:1984"_s;
    const qsizetype colon = text.lastIndexOf(u':');
    bool ok = false;
    const uint port = colon >= 0 ? text.mid(colon + 1).toUInt(&ok) : 0;
    QString host = colon >= 0 ? text.left(colon) : QString();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host == u"localhost" ? u"127.0.0.1"_s : host);
    if (colon < 0 || !ok || port > 65535 || address.isNull())
        return Error{
            u"--listen expects HOST:PORT, such as 127.0.0.1:1984 or 0.0.0.0:8080, not '%1'"_s.arg(text), {}};
    return std::pair{address, quint16(port)};
}

int fail(QTextStream &err, const QString &message)
{
    err << "assay-server: " << message.simplified() << '\n'; // one line, whatever the driver said
    err.flush();
    return 1;
}

int serve(const Cli &cli, QTextStream &out, QTextStream &err)
{
    auto db = databaseOf(cli);
    if (!db)
        return fail(err, db.error().message);
    auto address = listenAddressOf(cli);
    if (!address)
        return fail(err, address.error().message);
    auto server = AssayServer::create(
        {*db, cli.valueOrEnv(cli.bootstrapKey, "ASSAY_BOOTSTRAP_ADMIN_KEY"), RateLimits{}, HttpLimits{}});
    if (!server)
        return fail(err, server.error().message);
    quitOnTerminationSignals(&(*server)->http()); // before "listening": a supervisor may stop us right after
    auto port = (*server)->listen(address->first, address->second);
    if (!port)
        return fail(err, port.error().message);
    const QString host = address->first.protocol() == QAbstractSocket::IPv6Protocol
                             ? u"[%1]"_s.arg(address->first.toString())
                             : address->first.toString();
    out << "assay-server " << ASSAY_VERSION << " listening on http://" << host << ':' << *port << "/api/v1 ("
        << db->describe() << ")\n";
    out.flush();
    const int code = QCoreApplication::exec();
    err << "assay-server: stopped\n";
    return code;
}

// Opens the database for the maintenance commands (migrate, keys): migrations run on open.
Result<std::unique_ptr<Store>> openStore(const Cli &cli)
{
    auto db = databaseOf(cli);
    if (!db)
        return db.error();
    return Store::open(*db, u"assay-server-cli"_s);
}

int migrateCommand(const Cli &cli, QTextStream &out, QTextStream &err)
{
    auto db = databaseOf(cli);
    if (!db)
        return fail(err, db.error().message);
    auto conn = openDatabase(*db, u"assay-server-migrate"_s);
    if (!conn)
        return fail(err, conn.error().message);
    auto from = migrate(*conn, db->dialect);
    *conn = QSqlDatabase();
    closeDatabase(u"assay-server-migrate"_s);
    if (!from)
        return fail(err, from.error().message);
    if (*from == latestSchemaVersion())
        out << "The " << db->describe() << " is up to date (schema version " << *from << ").\n";
    else
        out << "Migrated the " << db->describe() << " from schema version " << *from << " to "
            << latestSchemaVersion() << ".\n";
    return 0;
}

int keysCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString sub = args.value(1);
    if (sub != u"create" && sub != u"list" && sub != u"revoke")
        return fail(err, u"keys needs create, list or revoke"_s);
    auto store = openStore(cli);
    if (!store)
        return fail(err, store.error().message);
    if (sub == u"create") {
        if (!cli.parser.isSet(cli.name) || cli.parser.value(cli.name).trimmed().isEmpty())
            return fail(err, u"keys create needs --name, to tell keys apart later"_s);
        const QString role = cli.parser.value(cli.role);
        if (role != u"admin" && role != u"member" && role != u"reviewer" && role != u"ingest")
            return fail(err, u"--role must be admin, member, reviewer or ingest, not '%1'"_s.arg(role));
        NewApiKey key = generateApiKey(cli.parser.value(cli.name).trimmed(), role);
        if (cli.parser.isSet(cli.expiresInDays)) {
            bool ok = false;
            const double days = cli.parser.value(cli.expiresInDays).toDouble(&ok);
            if (!ok || days <= 0 || days > 3650)
                return fail(err, u"--expires-in-days must be a number of days from 0 to 3650"_s);
            key.record.expiresAt = Timestamp::fromMicros(Timestamp::now().micros() + qint64(days * 86400e6));
        }
        if (Status begun = (*store)->begin(); !begun)
            return fail(err, begun.error().message);
        auto inserted = (*store)->insertApiKey(key.record, hashApiKey(key.key));
        if (inserted)
            inserted = recordAudit(
                **store, u"cli"_s, u"create"_s, u"api_key"_s, key.record.id, QJsonValue::Null,
                QJsonObject{
                    {"name"_L1, key.record.name}, {"role"_L1, role}, {"prefix"_L1, key.record.prefix}});
        if (!inserted || !(*store)->commit()) {
            (*store)->rollback();
            return fail(err, inserted ? u"cannot commit the new key"_s : inserted.error().message);
        }
        out << key.key << '\n';
        err << "Created key " << key.record.id << " (" << role << "). It is shown once; store it now.\n";
        return 0;
    }
    if (sub == u"list") {
        auto keys = (*store)->listApiKeys();
        if (!keys)
            return fail(err, keys.error().message);
        out << "id\tprefix\tname\trole\tcreated\tlast used\tstate\n";
        for (const ApiKeyRecord &k : *keys)
            out << k.id << '\t' << k.prefix << "…\t" << k.name << '\t' << k.role << '\t'
                << k.createdAt.toIso() << '\t' << (k.lastUsedAt ? k.lastUsedAt->toIso() : u"never"_s) << '\t'
                << (k.revokedAt ? u"revoked"_s : u"active"_s) << '\n';
        return 0;
    }
    if (args.size() < 3)
        return fail(err, u"keys revoke needs the key's id or prefix (see keys list)"_s);
    if (Status begun = (*store)->begin(); !begun)
        return fail(err, begun.error().message);
    auto revoked = (*store)->revokeApiKey(args.at(2));
    if (!revoked || !*revoked) {
        (*store)->rollback();
        return fail(err, revoked ? u"no active key has the id or prefix '%1'"_s.arg(args.at(2))
                                 : revoked.error().message);
    }
    if (auto recorded = recordAudit(**store, u"cli"_s, u"revoke"_s, u"api_key"_s, args.at(2),
                                    QJsonValue::Null, QJsonValue::Null);
        !recorded || !(*store)->commit()) {
        (*store)->rollback();
        return fail(err, u"cannot record the revocation"_s);
    }
    out << "Revoked " << args.at(2) << ".\n";
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
    const QString keyId = args.value(3);
    if (Status begun = (*store)->begin(); !begun)
        return fail(err, begun.error().message);
    const bool assign = sub == u"assign";
    auto change = assign ? assignReviewerKey(**store, u"cli"_s, *queueId, keyId)
                         : unassignReviewerKey(**store, u"cli"_s, *queueId, keyId);
    QString refusal = !change ? change.error().message : change->refusal;
    if (refusal.isEmpty() && !assign && change->outcome == AssignmentOutcome::AlreadySo)
        refusal = u"API key %1 is not assigned to %2"_s.arg(keyId, queueId->toString());
    if (refusal.isEmpty() && !(*store)->commit())
        refusal = u"cannot commit"_s;
    if (!refusal.isEmpty()) {
        (*store)->rollback();
        return fail(err, refusal);
    }
    if (change->outcome == AssignmentOutcome::AlreadySo)
        out << keyId << " was already assigned to " << queueId->toString() << ".\n";
    else
        out << (assign ? "Assigned " : "Unassigned ") << keyId << (assign ? " to " : " from ")
            << queueId->toString() << ".\n";
    return 0;
}

int auditCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.value(1) != u"verify")
        return fail(err, u"audit needs verify"_s);
    auto store = openStore(cli);
    if (!store)
        return fail(err, store.error().message);
    auto verified = verifyAuditLog(**store);
    if (!verified)
        return fail(err, u"the audit log is broken: "_s + verified.error().message);
    out << "The audit log is intact: " << verified->entries << " entries, last hash " << verified->lastHash
        << ".\n";
    return 0;
}

} // namespace

int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    Cli cli;
    if (!cli.parser.parse(arguments)) {
        err << "assay-server: " << cli.parser.errorText() << "\nTry 'assay-server --help'.\n";
        return 2;
    }
    if (cli.parser.isSet(cli.version)) {
        out << "assay-server " << ASSAY_VERSION << '\n';
        return 0;
    }
    const QStringList args = cli.parser.positionalArguments();
    if (cli.parser.isSet(cli.help) || args.isEmpty()) {
        out << QString::fromUtf8(kUsage);
        return 0;
    }
    const QString command = args.first();
    if (command == u"serve")
        return serve(cli, out, err);
    if (command == u"migrate")
        return migrateCommand(cli, out, err);
    if (command == u"keys")
        return keysCommand(cli, args, out, err);
    if (command == u"audit")
        return auditCommand(cli, args, out, err);
    if (command == u"reviewers")
        return reviewersCommand(cli, args, out, err);
    err << "assay-server: unknown command '" << command << "'\nTry 'assay-server --help'.\n";
    return 2;
}

} // namespace assay::server
