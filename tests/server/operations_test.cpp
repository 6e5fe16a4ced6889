// Running the server for real: its settings (flag, environment, configuration file), the probes a
// supervisor asks (/healthz, /readyz), and backups of a live SQLite database and their restore.

#include "cli/cli.h"
#include "reviewprogram.h"

#include <printers.h>

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

// The settings for `flags` (argv after the program name), an environment and a configuration file's text
// (none when empty).
Result<server::Settings> settingsFor(const QStringList &flags, const QHash<QString, QString> &env,
                                     const QByteArray &configText, QTemporaryDir &dir)
{
    server::Cli cli;
    EXPECT_TRUE(cli.parser.parse(QStringList{u"assay-server"_s} + flags))
        << cli.parser.errorText().toStdString();
    QProcessEnvironment environment;
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        environment.insert(it.key(), it.value());
    QString path;
    if (!configText.isEmpty()) {
        path = dir.filePath(u"assay-server.conf"_s);
        QFile file(path);
        EXPECT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(configText);
    }
    return server::Settings::load(cli.parser, environment, path);
}

} // namespace

TEST(ServerSettings, AFlagWinsOverTheEnvironmentWhichWinsOverTheFile)
{
    QTemporaryDir dir;
    const QByteArray file = "# the file\n"
                            "listen = 0.0.0.0:8080\n"
                            "read-workers = 8\n"
                            "query-budget-seconds = \"30\"\n"
                            "trusted-proxy = 10.0.0.0/8, 192.168.1.1\n"
                            "trusted-proxy = ::1\n"
                            "text-index = yes\n";
    auto s =
        settingsFor({u"--listen"_s, u"127.0.0.1:9"_s},
                    {{u"ASSAY_READ_WORKERS"_s, u"2"_s}, {u"ASSAY_LISTEN"_s, u"127.0.0.1:7"_s}}, file, dir);
    ASSERT_TRUE(s) << s.error().message.toStdString();
    EXPECT_EQ(s->value("listen"_L1), u"127.0.0.1:9"_s);
    EXPECT_EQ(s->lookup("listen"_L1).origin, u"--listen"_s);
    EXPECT_EQ(s->value("read-workers"_L1), u"2"_s);
    EXPECT_EQ(s->lookup("read-workers"_L1).origin, u"$ASSAY_READ_WORKERS"_s);
    EXPECT_EQ(s->value("query-budget-seconds"_L1), u"30"_s);
    EXPECT_TRUE(s->lookup("query-budget-seconds"_L1).origin.endsWith(u"assay-server.conf:4"_s));
    EXPECT_EQ(s->values("trusted-proxy"_L1), (QStringList{u"10.0.0.0/8"_s, u"192.168.1.1"_s, u"::1"_s}));
    EXPECT_TRUE(s->enabled("text-index"_L1));
    EXPECT_FALSE(s->lookup("public-url"_L1).isSet());
    EXPECT_TRUE(s->value("public-url"_L1).isEmpty());

    // An empty variable (ASSAY_X= in a unit's environment file) sets nothing; a flag switch is true.
    auto t = settingsFor({u"--text-index"_s}, {{u"ASSAY_LISTEN"_s, QString()}}, file, dir);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->value("listen"_L1), u"0.0.0.0:8080"_s);
    EXPECT_EQ(t->lookup("text-index"_L1).origin, u"--text-index"_s);
}

TEST(ServerSettings, ABadConfigurationFileIsRefusedNamingTheLine)
{
    QTemporaryDir dir;
    auto refused = [&](const QByteArray &text, const QString &expected) {
        auto s = settingsFor({}, {}, text, dir);
        ASSERT_FALSE(s) << text.toStdString();
        EXPECT_TRUE(s.error().message.contains(expected)) << s.error().message.toStdString();
    };
    refused("listen = 1:2\nport = 80\n", u"assay-server.conf:2: unknown setting 'port'"_s);
    refused("\n\nlisten 1.2.3.4:5\n", u"assay-server.conf:3: expected 'name = value'"_s);
    refused("listen = a:1\nlisten = b:2\n", u"assay-server.conf:2: listen is set twice"_s);
    refused("text-index = maybe\n", u"assay-server.conf:1: text-index expects true or false, not 'maybe'"_s);

    auto badEnv = settingsFor({}, {{u"ASSAY_TEXT_INDEX"_s, u"sometimes"_s}}, {}, dir);
    ASSERT_FALSE(badEnv);
    EXPECT_TRUE(badEnv.error().message.contains(u"$ASSAY_TEXT_INDEX"_s))
        << badEnv.error().message.toStdString();

    // A file named explicitly must be there; the CLI says so in one line.
    const auto missing = runCli({u"config"_s, u"show"_s, u"--config"_s, dir.filePath(u"nope.conf"_s)});
    EXPECT_EQ(missing.code, 1);
    EXPECT_TRUE(missing.err.startsWith(u"assay-server: cannot read the configuration file"_s))
        << missing.err.toStdString();
}

TEST(ServerSettings, ConfigShowMasksSecretsAndReadsBackAsAConfigurationFile)
{
    QTemporaryDir dir;
    const QByteArray file = "database = postgresql://assay:db-password-1@db.internal:5432/assay\n"
                            "demo-reviewer-key = reviewer-secret-123456\n"
                            "trusted-proxy = 10.1.0.0/16\n";
    QFile conf(dir.filePath(u"shown-from.conf"_s));
    ASSERT_TRUE(conf.open(QIODevice::WriteOnly));
    conf.write(file);
    conf.close();
    qputenv("ASSAY_BOOTSTRAP_ADMIN_KEY", "bootstrap-secret-abcdefghijklmnopqrstuvwxyz");
    const auto shown =
        runCli({u"config"_s, u"show"_s, u"--config"_s, conf.fileName(), u"--read-workers"_s, u"3"_s});
    qunsetenv("ASSAY_BOOTSTRAP_ADMIN_KEY");
    ASSERT_EQ(shown.code, 0) << shown.err.toStdString();
    for (const QString &secret : {u"db-password-1"_s, u"reviewer-secret"_s, u"bootstrap-secret"_s})
        EXPECT_FALSE(shown.out.contains(secret)) << secret.toStdString() << " shown in\n"
                                                 << shown.out.toStdString();
    EXPECT_TRUE(shown.out.contains(u"database = postgresql://assay:********@db.internal:5432/assay\n"_s))
        << shown.out.toStdString();
    EXPECT_TRUE(shown.out.contains(u"# from $ASSAY_BOOTSTRAP_ADMIN_KEY\nbootstrap-admin-key = ********\n"_s));
    EXPECT_TRUE(shown.out.contains(u"# from --read-workers\nread-workers = 3\n"_s));
    EXPECT_TRUE(shown.out.contains(u"# query-budget-seconds = 10"_s)); // a default, as a comment

    // What it printed is a configuration file again: the same values, now from that file.
    auto again = settingsFor({}, {}, shown.out.toUtf8(), dir);
    ASSERT_TRUE(again) << again.error().message.toStdString();
    EXPECT_EQ(again->value("read-workers"_L1), u"3"_s);
    EXPECT_EQ(again->values("trusted-proxy"_L1), QStringList{u"10.1.0.0/16"_s});
    EXPECT_FALSE(again->lookup("query-budget-seconds"_L1).isSet());
}

TEST(ServerSettings, ServeTakesItsSettingsFromTheFile)
{
    QTemporaryDir dir;
    QFile conf(dir.filePath(u"serve.conf"_s));
    ASSERT_TRUE(conf.open(QIODevice::WriteOnly));
    conf.write("database = " + dir.filePath(u"a.db"_s).toUtf8() + "\nread-workers = 99\n");
    conf.close();
    // The file's value is checked like the flag's: the error names the setting and the value.
    const auto r = runCli({u"serve"_s, u"--config"_s, conf.fileName()});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains(u"--read-workers expects a whole number from 1 to 64, not '99'"_s))
        << r.err.toStdString();
}

class Probes : public ServerTest {};

TEST_P(Probes, LivenessAndReadinessAnswerWithoutAKey)
{
    const HttpResult live = srv().request("GET", u"/healthz"_s, {}, {});
    EXPECT_EQ(live.status, 200) << live.body.toStdString();
    EXPECT_EQ(live.object().value("status"_L1).toString(), u"ok"_s);
    const HttpResult ready = srv().request("GET", u"/readyz"_s, {}, {});
    EXPECT_EQ(ready.status, 200) << ready.body.toStdString();
    EXPECT_EQ(ready.object().value("status"_L1).toString(), u"ready"_s);
    EXPECT_GT(ready.object().value("schema_version"_L1).toInt(), 20);
    EXPECT_FALSE(ready.body.contains("/tmp")) << "a public route must not name the database's path";

    // A schema this binary does not run (a newer server migrated it, or a restore of an older one that
    // was not migrated yet): not ready, and the answer says what to do.
    const int version = ready.object().value("schema_version"_L1).toInt();
    ASSERT_TRUE(srv().execSql(u"UPDATE assay_schema SET version = %1"_s.arg(version - 1)));
    const HttpResult stale = srv().request("GET", u"/readyz"_s, {}, {});
    EXPECT_EQ(stale.status, 503);
    EXPECT_TRUE(stale.detail().contains(u"run assay-server migrate"_s)) << stale.body.toStdString();
    EXPECT_EQ(srv().request("GET", u"/healthz"_s, {}, {}).status, 200); // alive all the same
    ASSERT_TRUE(srv().execSql(u"UPDATE assay_schema SET version = %1"_s.arg(version)));
    EXPECT_EQ(srv().request("GET", u"/readyz"_s, {}, {}).status, 200);
}

ASSAY_SERVER_TEST_SUITE(Probes);

namespace {

QVariant countIn(const QString &sqliteFile, const QString &sql)
{
    auto store = server::Store::open(*server::DatabaseUrl::parse(sqliteFile), u"backup-count"_s);
    if (!store)
        return {};
    QSqlQuery q((*store)->database());
    return q.exec(sql) && q.next() ? q.value(0) : QVariant();
}

} // namespace

TEST(SqliteBackup, ABackupTakenDuringIngestRestoresWithAnIntactAuditChain)
{
    ServerHarness srv(Dialect::Sqlite);
    ASSERT_TRUE(srv.started());
    QTemporaryDir dir;
    // ~40 MB of pages, so that the copy takes a while and the ingest below runs while it does (first: a
    // write this long from another connection would hold up the server's own writes).
    ASSERT_TRUE(
        srv.execSql(u"CREATE TABLE ballast AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                    "FROM n WHERE i < 10000) SELECT i, randomblob(4000) AS b FROM n"_s));
    const QString queue = createQueue(srv, u"backed-up"_s, R"({"fields":[]})");
    queueNewRuns(srv, queue, 20);
    const qint64 runsBefore = srv.scalar(u"SELECT count(*) FROM runs"_s).toLongLong();

    const QString backup = dir.filePath(u"live.backup.db"_s);
    std::atomic<bool> copying{true};
    CliResult backedUp{};
    std::thread copier([&] {
        backedUp = runCli({u"backup"_s, u"--database"_s, srv.databaseArgument(), u"--to"_s, backup});
        copying = false;
    });
    int roundsDuringCopy = 0;
    while (copying) {
        queueNewRuns(srv, queue, 5); // runs sent, then queued: each queued run is an audit entry
        if (copying)
            ++roundsDuringCopy;
    }
    copier.join();
    queueNewRuns(srv, queue, 5);
    const qint64 runsAfter = srv.scalar(u"SELECT count(*) FROM runs"_s).toLongLong();
    ASSERT_EQ(backedUp.code, 0) << backedUp.err.toStdString();
    EXPECT_TRUE(backedUp.out.startsWith(u"Backed up "_s)) << backedUp.out.toStdString();
    EXPECT_GE(roundsDuringCopy, 1) << "the ingest did not overlap the backup";
    EXPECT_FALSE(QFile::exists(backup + u".partial"_s));
    EXPECT_FALSE(QFile::exists(backup + u"-wal"_s)) << "a backup is one file";

    // Restored into a fresh file: one moment of the live database, its audit chain whole.
    const QString restored = dir.filePath(u"restored.db"_s);
    const auto restore = runCli({u"restore"_s, u"--database"_s, restored, u"--from"_s, backup});
    ASSERT_EQ(restore.code, 0) << restore.err.toStdString();
    const auto verified = runCli({u"audit"_s, u"verify"_s, u"--database"_s, restored});
    EXPECT_EQ(verified.code, 0) << verified.err.toStdString();
    EXPECT_TRUE(verified.out.startsWith(u"The audit log is intact"_s)) << verified.out.toStdString();
    const qint64 runsInCopy = countIn(restored, u"SELECT count(*) FROM runs"_s).toLongLong();
    EXPECT_GE(runsInCopy, runsBefore);
    EXPECT_LT(runsInCopy, runsAfter);
    EXPECT_EQ(countIn(restored, u"SELECT count(*) FROM ballast"_s).toInt(), 10000);
    // Consistent: every queued item's run is in the copy.
    EXPECT_EQ(countIn(restored, u"SELECT count(*) FROM queue_items qi WHERE NOT EXISTS (SELECT 1 FROM runs r "
                                "WHERE r.id = qi.run_id)"_s)
                  .toInt(),
              0);

    // A server started on the restored file answers from it.
    ServerHarness again(Dialect::Sqlite, {}, {}, [&](server::ServerOptions &o) {
        o.database = *server::DatabaseUrl::parse(restored);
    });
    ASSERT_TRUE(again.started());
    EXPECT_EQ(again.get(u"/annotation-queues/"_s + queue).status, 200);
}

TEST(SqliteBackup, WhatWouldLoseDataIsRefused)
{
    ServerHarness srv(Dialect::Sqlite);
    ASSERT_TRUE(srv.started());
    QTemporaryDir dir;
    const QString backup = dir.filePath(u"b.db"_s);
    ASSERT_EQ(runCli({u"backup"_s, u"--database"_s, srv.databaseArgument(), u"--to"_s, backup}).code, 0);

    const auto overwrite = runCli({u"backup"_s, u"--database"_s, srv.databaseArgument(), u"--to"_s, backup});
    EXPECT_EQ(overwrite.code, 1);
    EXPECT_TRUE(overwrite.err.contains(u"already exists; pass --replace"_s)) << overwrite.err.toStdString();
    EXPECT_EQ(
        runCli({u"backup"_s, u"--database"_s, srv.databaseArgument(), u"--to"_s, backup, u"--replace"_s})
            .code,
        0);

    // Restoring over a database with data needs --replace.
    const auto over = runCli({u"restore"_s, u"--database"_s, srv.databaseArgument(), u"--from"_s, backup});
    EXPECT_EQ(over.code, 1);
    EXPECT_TRUE(over.err.contains(u"holds data; pass --replace"_s)) << over.err.toStdString();

    // A damaged backup is refused before anything is written.
    const QString damaged = dir.filePath(u"damaged.db"_s);
    ASSERT_TRUE(QFile::copy(backup, damaged));
    {
        QFile f(damaged);
        ASSERT_TRUE(f.open(QIODevice::ReadWrite));
        f.resize(f.size() / 2);
    }
    const QString target = dir.filePath(u"target.db"_s);
    const auto fromDamaged = runCli({u"restore"_s, u"--database"_s, target, u"--from"_s, damaged});
    EXPECT_EQ(fromDamaged.code, 1);
    EXPECT_TRUE(fromDamaged.err.contains(damaged)) << fromDamaged.err.toStdString();
    EXPECT_FALSE(QFile::exists(target) && QFileInfo(target).size() > 0);

    // Not an Assay database at all.
    const QString other = dir.filePath(u"other.db"_s);
    {
        auto conn = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"other"_s);
        conn.setDatabaseName(other);
        ASSERT_TRUE(conn.open());
        QSqlQuery(conn).exec(u"CREATE TABLE t (x)"_s);
        conn.close();
    }
    QSqlDatabase::removeDatabase(u"other"_s);
    const auto notAssay = runCli({u"restore"_s, u"--database"_s, target, u"--from"_s, other});
    EXPECT_EQ(notAssay.code, 1);
    EXPECT_TRUE(notAssay.err.contains(u"is not an Assay database"_s)) << notAssay.err.toStdString();

    // PostgreSQL is pg_dump's.
    const auto pg =
        runCli({u"backup"_s, u"--database"_s, u"postgresql://u@127.0.0.1:1/db"_s, u"--to"_s, backup});
    EXPECT_EQ(pg.code, 1);
    EXPECT_TRUE(pg.err.contains(u"pg_dump"_s)) << pg.err.toStdString();
}
