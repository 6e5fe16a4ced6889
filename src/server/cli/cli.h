#pragma once

// What the assay-server commands share: the parsed command line, the database it names, and how a
// command fails (one line on stderr, exit status 1).

#include "auth/principal.h"
#include "auth/refusal.h"
#include "settings.h"
#include "storage/databaseurl.h"
#include "storage/store.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <memory>

namespace assay::server {

struct Cli {
    QCommandLineParser parser;
    QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")}};
    QCommandLineOption version{{QStringLiteral("v"), QStringLiteral("version")}};
    QCommandLineOption listen{QStringLiteral("listen"), {}, QStringLiteral("HOST:PORT")};
    QCommandLineOption database{QStringLiteral("database"), {}, QStringLiteral("URL")};
    QCommandLineOption bootstrapKey{QStringLiteral("bootstrap-admin-key"), {}, QStringLiteral("KEY")};
    QCommandLineOption name{QStringLiteral("name"), {}, QStringLiteral("NAME")};
    QCommandLineOption role{QStringLiteral("role"), {}, QStringLiteral("ROLE")};
    QCommandLineOption email{QStringLiteral("email"), {}, QStringLiteral("EMAIL")};
    QCommandLineOption user{QStringLiteral("user"), {}, QStringLiteral("USER")};
    QCommandLineOption expiresInDays{QStringLiteral("expires-in-days"), {}, QStringLiteral("DAYS")};
    QCommandLineOption demo{QStringLiteral("demo")};
    QCommandLineOption trustedProxy{QStringLiteral("trusted-proxy"), {}, QStringLiteral("CIDR")};
    QCommandLineOption bootstrapKeyFile{
        QStringLiteral("bootstrap-admin-key-file"), {}, QStringLiteral("FILE")};
    QCommandLineOption allowPublicDemoKey{QStringLiteral("allow-public-demo-key")};
    QCommandLineOption publicUrl{QStringLiteral("public-url"), {}, QStringLiteral("URL")};
    QCommandLineOption auditKeyFile{QStringLiteral("audit-hmac-key-file"), {}, QStringLiteral("FILE")};
    QCommandLineOption expectHead{QStringLiteral("expect-head"), {}, QStringLiteral("SEQ:HASH")};
    QCommandLineOption queryBudget{QStringLiteral("query-budget-seconds"), {}, QStringLiteral("SECONDS")};
    QCommandLineOption readWorkers{QStringLiteral("read-workers"), {}, QStringLiteral("N")};
    QCommandLineOption retainRunsDays{QStringLiteral("retain-runs-days"), {}, QStringLiteral("DAYS")};
    QCommandLineOption textIndex{QStringLiteral("text-index")};
    QCommandLineOption demoReviewerKey{QStringLiteral("demo-reviewer-key"), {}, QStringLiteral("KEY")};
    QCommandLineOption json{QStringLiteral("json")};
    QCommandLineOption out{QStringLiteral("out"), {}, QStringLiteral("FILE")};
    QCommandLineOption config{QStringLiteral("config"), {}, QStringLiteral("FILE")};
    QCommandLineOption to{QStringLiteral("to"), {}, QStringLiteral("FILE")};
    QCommandLineOption from{QStringLiteral("from"), {}, QStringLiteral("FILE")};
    QCommandLineOption replace{QStringLiteral("replace")};
    QCommandLineOption tlsCert{QStringLiteral("tls-cert"), {}, QStringLiteral("FILE")};
    QCommandLineOption tlsKey{QStringLiteral("tls-key"), {}, QStringLiteral("FILE")};
    QCommandLineOption metricsListen{QStringLiteral("metrics-listen"), {}, QStringLiteral("HOST:PORT")};
    QCommandLineOption logFormat{QStringLiteral("log-format"), {}, QStringLiteral("FORMAT")};
    QCommandLineOption accessLog{QStringLiteral("access-log")};
    // Flags, then environment, then the configuration file (settings.h); loaded after parsing.
    Settings settings;

    Cli()
    {
        parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
        parser.addOptions({help,
                           version,
                           listen,
                           database,
                           bootstrapKey,
                           name,
                           role,
                           email,
                           user,
                           expiresInDays,
                           demo,
                           demoReviewerKey,
                           json,
                           out,
                           config,
                           to,
                           from,
                           replace,
                           tlsCert,
                           tlsKey,
                           metricsListen,
                           logFormat,
                           accessLog,
                           trustedProxy,
                           bootstrapKeyFile,
                           allowPublicDemoKey,
                           publicUrl,
                           auditKeyFile,
                           expectHead,
                           queryBudget,
                           readWorkers,
                           retainRunsDays,
                           textIndex});
    }

    // A setting's value wherever it was given (settings.h); empty when nowhere.
    QString setting(QLatin1StringView key) const { return settings.value(key); }
    std::optional<QString> optional(const QCommandLineOption &option) const
    {
        return parser.isSet(option) ? std::optional(parser.value(option)) : std::nullopt;
    }
};

// "assay-server: <message>" on one line; returns the exit status 1.
int fail(QTextStream &err, const QString &message);
Result<DatabaseUrl> databaseOf(const Cli &cli);
// A secret kept in a file (so it never shows in argv): its contents without surrounding white space.
// `what` names it in the error ("the audit key").
Result<QByteArray> readSecretFile(const QString &path, const QString &what);
// The audit HMAC key named by --audit-hmac-key-file or $ASSAY_AUDIT_HMAC_KEY_FILE (at least 32 bytes);
// empty when none is.
Result<QByteArray> auditKeyOf(const Cli &cli);
// Opens the database for the maintenance commands: migrations run on open; the audit key is set.
Result<std::unique_ptr<Store>> openStore(const Cli &cli);
// The CLI acting on the data: an admin principal named "cli" (what the audit log says did it).
Principal cliAdmin();
// The queue a command names by id or exact name; the error to print when there is none.
Result<Queue> queueNamed(Store &store, const QString &idOrName);

// Runs `change` (returning Result<Decision<T>>) in a transaction, committed only when the change was
// made; the refusal or error otherwise, as the one line to print.
template<typename Change>
auto transacted(Store &store, Change change) -> decltype(change())
{
    if (Status begun = store.begin(); !begun)
        return begun.error();
    auto result = change();
    if (!result || !result->done()) {
        store.rollback();
        return result;
    }
    if (Status committed = store.commit(); !committed) {
        store.rollback();
        return committed.error();
    }
    return result;
}

// The message for a failed or refused change ("role: expected admin, …").
template<typename T>
QString refusalText(const Result<Decision<T>> &result)
{
    return !result ? result.error().toString() : result->error.toString();
}

} // namespace assay::server
