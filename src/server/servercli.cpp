#include "servercli.h"

#include "assayserver.h"
#include "audit/auditlog.h"
#include "auth/apikeys.h"
#include "cli/backupcommands.h"
#include "cli/cli.h"
#include "cli/exportcommand.h"
#include "cli/identitycommands.h"
#include "cli/reportcommand.h"
#include "demo/demoproject.h"
#include "shutdownsignals.h"
#include "storage/connection.h"
#include "storage/migrations.h"

#include "assay/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDebug>
#include <QTextStream>
#include <QUrl>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

const char *const kUsage = R"(Usage: assay-server <command> [options]

A self-hostable annotation-queue server that speaks the LangSmith REST API.
Point the LangSmith SDK at it with LANGSMITH_ENDPOINT=http://HOST:PORT/api/v1 and LANGSMITH_API_KEY.

Commands:
  serve                 Run the server (until stopped).
  migrate               Create or upgrade the database schema, then exit.
  users create --name N --role R [--email E]
                        Add a person (admin, member, ingest or reviewer). Their keys act as them.
  users list            List users.
  users update USER [--name N] [--email E] [--role R]
                        Change a user (by id or name); a new role applies to all their keys.
  users disable USER | users enable USER
                        Stop (or allow again) every key of a user, from the next request on.
  keys create --name N  Create an API key and print it (shown once). --user USER for a person's
                        key (it acts with the user's role), or --role admin (default), member,
                        ingest or reviewer for a service key; --expires-in-days D to make it expire.
  keys list             List API keys (never the secrets).
  keys revoke ID        Revoke a key by its id or prefix; takes effect on the next request.
  reviewers list QUEUE  The reviewers assigned to a queue (by id): user ids and service key ids.
  reviewers assign QUEUE REVIEWER | reviewers unassign QUEUE REVIEWER
                        Give a reviewer (a user's id or name, or a reviewer key's id) a queue,
                        or take it away.
  report QUEUE [--json]  A queue's health (its id or exact name): open items, backlog in days with the
                        alarm, time per answer, the reviewer-hours it needs, each reviewer's progress,
                        the last 14 days; --json prints what GET /annotation-queues/{id}/health answers.
  report QUEUE calibration [ROUND] [--json]
                        A calibration round (the latest closed one unless named): progress, agreement
                        per rubric field, the items most disagreed on; --json as the REST route.
  export QUEUE [NAME=VALUE...] [--out FILE] [--json]
                        Export a queue's annotated items (docs/exports.md) with the options the REST
                        route takes: format=jsonl|csv|openai|sharegpt|alpaca|dpo, "where=overall_quality
                        = good", match=all|any, status=any|completed|open, reviewer=NAME, from=, until=,
                        bom=true. To FILE (renamed into place only when complete) or stdout; what was
                        left out goes to stderr (with --out and --json, the summary as JSON on stdout).
  audit verify [--expect-head SEQ:HASH]
                        Check the audit log's hash chain; exit status 1 names the first broken entry.
                        With --expect-head, the entry `audit head` printed earlier must still be there
                        with that hash (so entries cut from the end are found).
  audit head            Print SEQ:HASH of the newest audit entry: keep it somewhere else (another
                        machine, a ticket) to check the log against later.

  backup --to FILE [--replace]
                        Copy a SQLite database to FILE while the server keeps serving (SQLite's online
                        backup: one consistent moment), checked before it is renamed into place.
                        PostgreSQL: pg_dump (docs/operations.md).
  restore --from FILE [--replace]
                        Put a backup back as the database (stop the server first); --replace to
                        overwrite a database that holds data. Then `audit verify` and start the server.
  config show           Print every setting (flags, environment, configuration file, defaults) as
                        lines of a configuration file, with where each came from; secrets masked.

Every option below can also be set by its environment variable or in the configuration file
(--config FILE, else $ASSAY_CONFIG, else /etc/assay-server.conf when it exists), one "name = value"
per line with the option's name: "listen = 0.0.0.0:1984". A flag wins over the environment, the
environment over the file. Switches take true or false there; lists are comma-separated.

Options:
  --config FILE         The configuration file to read (it must exist).
  --listen HOST:PORT    Where to listen (serve). Default 127.0.0.1:1984, or $ASSAY_LISTEN.
  --database URL        A SQLite file path, sqlite:///path or postgresql://user:pass@host:port/db.
                        Default: $ASSAY_DATABASE_URL, else assay.db in the user's data directory.
  --bootstrap-admin-key-file FILE
                        Make sure an admin key with the secret in FILE exists (serve), for the first
                        start and containers: at least 32 random characters. Default:
                        $ASSAY_BOOTSTRAP_ADMIN_KEY_FILE, else $ASSAY_BOOTSTRAP_ADMIN_KEY (the secret
                        itself). --bootstrap-admin-key KEY also works but puts it in the process list.
  --public-url URL      Where clients reach this server (https://review.example.com), for the
                        feedback links it hands out. Default: $ASSAY_PUBLIC_URL, else the
                        --listen address over http.
  --audit-hmac-key-file FILE
                        Key the audit chain with HMAC-SHA256 (a secret of at least 32 bytes kept
                        apart from the database): serve writes keyed entries, audit verify checks
                        them. Default: $ASSAY_AUDIT_HMAC_KEY_FILE.
  --query-budget-seconds S
                        How long one run query may scan (default 10, or $ASSAY_QUERY_BUDGET_SECONDS):
                        past it, it answers the runs found so far with a cursor to go on from.
  --retain-runs-days N  Delete traces whose runs all started more than N days ago (default: kept for
                        ever, or $ASSAY_RETAIN_RUNS_DAYS), hourly, unless a run of the trace is queued,
                        answered, has feedback or is the source of a dataset example.
  --text-index          Keep a trigram index of each run's text (FTS5 on SQLite, pg_trgm on
                        PostgreSQL) so that search("...") in run filters is answered from it rather
                        than by scanning (or $ASSAY_TEXT_INDEX=1). Costs ~300 µs of the write worker
                        per run of ~1 KB and ~3 KB of disk per run. Starting without it drops it; all
                        servers on one database must agree.
  --read-workers N      Threads (each with its own database connection) that answer reads beside the
                        one that writes (default 4, or $ASSAY_READ_WORKERS; 1 to 64): a slow query
                        holds one of them, never the others.
  --trusted-proxy CIDR  A reverse proxy (address or range, repeatable; default: $ASSAY_TRUSTED_PROXIES,
                        comma-separated) whose Forwarded / X-Forwarded-For headers name the
                        client. Limits per address then apply to the clients, not the proxy.
  --demo                Add the demo project first (serve): a RAG help bot's traces, the queue
                        production-rag-review with its rubric and routing rules, and the reviewer
                        demo-reviewer. Needs --bootstrap-admin-key. Done once; later starts keep it.
  --demo-reviewer-key KEY
                        The demo reviewer's API key (at least 16 characters).
                        Default: $ASSAY_DEMO_REVIEWER_KEY, else the public assay-demo-reviewer-key,
                        which is refused on an address other than loopback unless
                        --allow-public-demo-key is given.
  --tls-cert FILE, --tls-key FILE
                        Serve the API over TLS (1.2 or later) with this certificate chain and private
                        key, both PEM (or $ASSAY_TLS_CERT, $ASSAY_TLS_KEY). SIGHUP (systemctl reload)
                        reads them again: new connections get the renewed certificate, open ones are
                        not dropped; a pair that does not work is refused and the old one stays.
  --metrics-listen HOST:PORT
                        Also answer GET /metrics (Prometheus) and the probes on this address, without
                        a key (or $ASSAY_METRICS_LISTEN): keep it on a private network. Without it,
                        /metrics on the API's address needs an admin key.
  --log-format text|json
                        How the server logs (default text, or $ASSAY_LOG_FORMAT): json writes one
                        JSON object per line for a log shipper.
  --access-log          A line per answered request (or $ASSAY_ACCESS_LOG=true): request id, method,
                        route, status, duration, who called and from where; never a key or a body.
  -h, --help            Show this help and exit.
  -v, --version         Show the version and exit.
)";

// HOST:PORT as --listen and --metrics-listen take it; `option` names the setting in the error.
Result<std::pair<QHostAddress, quint16>> parseListenAddress(const QString &text, const QString &option)
{
    const qsizetype colon = text.lastIndexOf(u':');
    bool ok = false;
    const uint port = colon >= 0 ? text.mid(colon + 1).toUInt(&ok) : 0;
    QString host = colon >= 0 ? text.left(colon) : QString();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host == u"localhost" ? u"127.0.0.1"_s : host);
    if (colon < 0 || !ok || port > 65535 || address.isNull())
        return Error{
            u"--%1 expects HOST:PORT, such as 127.0.0.1:1984 or 0.0.0.0:8080, not '%2'"_s.arg(option, text),
            {}};
    return std::pair{address, quint16(port)};
}

Result<std::pair<QHostAddress, quint16>> listenAddressOf(const Cli &cli)
{
    QString text = cli.setting("listen"_L1);
    if (text.isEmpty())
        text = u"127.0.0.1:1984"_s;
    return parseListenAddress(text, u"listen"_s);
}

constexpr auto kPublicDemoReviewerKey = "assay-demo-reviewer-key"_L1;

// The bootstrap admin key: from a file (what the docs recommend), else the environment, else argv.
Result<QString> bootstrapKeyOf(const Cli &cli)
{
    QString path = cli.setting("bootstrap-admin-key-file"_L1);
    if (path.isEmpty())
        return cli.setting("bootstrap-admin-key"_L1);
    auto key = readSecretFile(path, u"the bootstrap admin key"_s);
    if (!key)
        return key.error();
    return QString::fromUtf8(*key);
}

int serve(const Cli &cli, QTextStream &out, QTextStream &err)
{
    auto db = databaseOf(cli);
    if (!db)
        return fail(err, db.error().message);
    auto address = listenAddressOf(cli);
    if (!address)
        return fail(err, address.error().message);
    ServerOptions options;
    options.database = *db;
    auto bootstrapKey = bootstrapKeyOf(cli);
    if (!bootstrapKey)
        return fail(err, bootstrapKey.error().message);
    options.bootstrapAdminKey = *bootstrapKey;
    QString reviewerKey = cli.setting("demo-reviewer-key"_L1);
    if (reviewerKey.isEmpty())
        reviewerKey = kPublicDemoReviewerKey;
    const bool publicDemoKey = cli.parser.isSet(cli.demo) && reviewerKey == kPublicDemoReviewerKey;
    if (publicDemoKey && !address->first.isLoopback() && !cli.parser.isSet(cli.allowPublicDemoKey))
        return fail(err, u"the demo reviewer's key %1 is public: on %2 anyone could review with it. Pass "
                         "--demo-reviewer-key with a secret of your own, or --allow-public-demo-key"_s.arg(
                             kPublicDemoReviewerKey, address->first.toString()));
    auto trusted = TrustedProxies::parse(cli.settings.values("trusted-proxy"_L1));
    if (!trusted)
        return fail(err, trusted.error().message);
    options.trustedProxies = *trusted;
    options.publicUrl = cli.setting("public-url"_L1);
    if (const QString budget = cli.setting("query-budget-seconds"_L1); !budget.isEmpty()) {
        bool ok = false;
        const double seconds = budget.toDouble(&ok);
        if (!ok || seconds < 0.1 || seconds > 3600)
            return fail(err,
                        u"--query-budget-seconds expects a number from 0.1 to 3600, not '%1'"_s.arg(budget));
        options.queryBudgetMs = qint64(seconds * 1000);
    }
    if (const QString days = cli.setting("retain-runs-days"_L1); !days.isEmpty()) {
        bool ok = false;
        const int n = days.toInt(&ok);
        if (!ok || n < 1 || n > 36500)
            return fail(
                err,
                u"--retain-runs-days expects a whole number of days from 1 to 36500, not '%1'"_s.arg(days));
        options.retention.days = n;
    }
    options.textIndex = cli.settings.enabled("text-index"_L1);
    if (const QString workers = cli.setting("read-workers"_L1); !workers.isEmpty()) {
        bool ok = false;
        const int n = workers.toInt(&ok);
        if (!ok || n < 1 || n > 64)
            return fail(err, u"--read-workers expects a whole number from 1 to 64, not '%1'"_s.arg(workers));
        options.readWorkers = n;
    }
    auto auditKey = auditKeyOf(cli);
    if (!auditKey)
        return fail(err, auditKey.error().message);
    options.auditKey = *auditKey;
    if (!options.publicUrl.isEmpty()) {
        const QUrl url(options.publicUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http") || url.host().isEmpty())
            return fail(
                err,
                u"--public-url expects an http(s) URL such as https://review.example.com, not '%1'"_s.arg(
                    options.publicUrl));
    }
    auto logFormat = parseLogFormat(cli.setting("log-format"_L1));
    if (!logFormat)
        return fail(err, logFormat.error().message);
    if (*logFormat == LogFormat::Json)
        logQtMessagesAsJson();
    options.requestLog = cli.settings.enabled("access-log"_L1) ? *logFormat : LogFormat::None;
    std::optional<std::pair<QHostAddress, quint16>> metricsAddress;
    if (const QString text = cli.setting("metrics-listen"_L1); !text.isEmpty()) {
        auto parsed = parseListenAddress(text, u"metrics-listen"_s);
        if (!parsed)
            return fail(err, parsed.error().message);
        metricsAddress = *parsed;
    }
    options.tls = TlsFiles{cli.setting("tls-cert"_L1), cli.setting("tls-key"_L1)};
    auto server = AssayServer::create(options);
    if (!server)
        return fail(err, server.error().message);
    if (!options.bootstrapAdminKey.isEmpty())
        err << "assay-server: the bootstrap admin key " << visiblePrefixOf(options.bootstrapAdminKey)
            << "... is active; once you have an admin key of your own, revoke it (keys list, keys revoke "
               "ID)\n";
    if (publicDemoKey)
        err << "assay-server: the demo reviewer's public key " << kPublicDemoReviewerKey << " is active\n";
    err.flush();
    if (cli.parser.isSet(cli.demo)) {
        auto demo = addDemoProject(**server, {options.bootstrapAdminKey, reviewerKey});
        if (!demo)
            return fail(err, demo.error().message);
        out << (demo->created ? "demo project added: " : "demo project already there: ") << "queue "
            << demo->queueId << " (production-rag-review) with " << demo->items
            << " items; reviewer demo-reviewer, key " << reviewerKey << '\n';
    }
    AssayServer *running = server->get();
    // Before "listening": a supervisor may stop us (or reload us) right after.
    quitOnTerminationSignals(&running->http(), [running] {
        if (!running->http().usesTls())
            return; // nothing to reload
        auto reloaded = running->reloadTls();
        if (reloaded)
            qInfo().noquote() << "assay-server: TLS certificate reloaded:" << describeCertificate(*reloaded);
        else
            qWarning().noquote() << "assay-server: TLS not reloaded, the certificate in use stays:"
                                 << reloaded.error().message;
    });
    auto port = (*server)->listen(address->first, address->second);
    if (!port)
        return fail(err, port.error().message);
    const char *scheme = running->http().usesTls() ? "https" : "http";
    out << "assay-server " << ASSAY_VERSION << " listening on " << scheme << "://" << urlHost(address->first)
        << ':' << *port << "/api/v1 (" << db->describe() << ")\n";
    if (running->http().usesTls()) // what a desktop app pins when the certificate is self-signed
        out << "TLS certificate " << describeCertificate(running->http().tlsCertificate()) << '\n';
    if (metricsAddress) {
        auto metricsPort = (*server)->listenForMetrics(metricsAddress->first, metricsAddress->second);
        if (!metricsPort)
            return fail(err, metricsPort.error().message);
        out << "metrics on http://" << urlHost(metricsAddress->first) << ':' << *metricsPort << "/metrics\n";
    }
    out.flush();
    const int code = QCoreApplication::exec();
    err << "assay-server: stopped\n";
    return code;
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

int auditCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.value(1) != u"verify" && args.value(1) != u"head")
        return fail(err, u"audit needs verify or head"_s);
    auto store = openStore(cli);
    if (!store)
        return fail(err, store.error().message);
    if (args.value(1) == u"head") {
        auto head = auditHead(**store);
        if (!head)
            return fail(err, head.error().message);
        out << *head << '\n';
        return 0;
    }
    auto verified = verifyAuditLog(**store, cli.parser.value(cli.expectHead));
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
    auto settings =
        Settings::load(cli.parser, QProcessEnvironment::systemEnvironment(), cli.parser.value(cli.config));
    if (!settings)
        return fail(err, settings.error().message);
    cli.settings = *settings;
    const QString command = args.first();
    if (command == u"config") {
        if (args.value(1) != u"show")
            return fail(err, u"config needs show"_s);
        out << cli.settings.show();
        return 0;
    }
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
    if (command == u"users")
        return usersCommand(cli, args, out, err);
    if (command == u"report")
        return reportCommand(cli, args, out, err);
    if (command == u"export")
        return exportCommand(cli, args, out, err);
    if (command == u"backup")
        return backupCommand(cli, out, err);
    if (command == u"restore")
        return restoreCommand(cli, out, err);
    err << "assay-server: unknown command '" << command << "'\nTry 'assay-server --help'.\n";
    return 2;
}

} // namespace assay::server
