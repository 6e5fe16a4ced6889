#include "servercli.h"

#include "serverharness.h"
#include "storage/connection.h"
#include "storage/store.h"

#include "assay/version.h"

#include <printers.h>

#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <unistd.h>

using namespace Qt::StringLiterals;
using assay::test::runCli;

namespace {

// A queue made directly in the database (the CLI has no queue commands); its id, or empty on failure.
QString createQueue(const QString &db)
{
    auto store = assay::server::Store::open(*assay::server::DatabaseUrl::parse(db), u"cli-queue"_s);
    if (!store)
        return {};
    assay::Queue q;
    q.id = assay::Uuid::v7();
    q.name = u"q"_s;
    return (*store)->saveQueue(q).ok() ? q.id.toString() : QString();
}

} // namespace

TEST(ServerCli, VersionPrintsTheProjectVersion)
{
    const auto r = runCli({u"--version"_s});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, u"assay-server " ASSAY_VERSION "\n"_s);
    EXPECT_TRUE(r.err.isEmpty());
}

TEST(ServerCli, HelpDescribesTheCommands)
{
    const auto r = runCli({u"--help"_s});
    EXPECT_EQ(r.code, 0);
    for (const QString &word :
         {u"LangSmith REST API"_s, u"serve"_s, u"migrate"_s, u"keys create"_s, u"users create"_s,
          u"--listen"_s, u"--database"_s, u"ASSAY_BOOTSTRAP_ADMIN_KEY"_s})
        EXPECT_TRUE(r.out.contains(word)) << word.toStdString();
}

TEST(ServerCli, UnknownOptionsAndCommandsFailWithOneClearLine)
{
    const auto option = runCli({u"--port=5"_s});
    EXPECT_EQ(option.code, 2);
    EXPECT_TRUE(option.err.startsWith(u"assay-server: Unknown option 'port'."_s)) << option.err.toStdString();
    const auto command = runCli({u"frobnicate"_s});
    EXPECT_EQ(command.code, 2);
    EXPECT_TRUE(command.err.startsWith(u"assay-server: unknown command 'frobnicate'"_s))
        << command.err.toStdString();
}

TEST(ServerCli, ServeRefusesBadSettingsWithOneLineAndNoCrash)
{
    QTemporaryDir dir;
    const QString db = dir.filePath(u"a.db"_s);
    auto serve = [&](const QStringList &extra) { return runCli(QStringList{u"serve"_s} + extra); };

    auto badUrl = serve({u"--database"_s, u"mysql://x/y"_s});
    EXPECT_EQ(badUrl.code, 1);
    EXPECT_TRUE(badUrl.err.startsWith(u"assay-server: unsupported database URL scheme 'mysql'"_s))
        << badUrl.err.toStdString();

    auto noDbName = serve({u"--database"_s, u"postgresql://u@127.0.0.1:5432"_s});
    EXPECT_EQ(noDbName.code, 1);
    EXPECT_TRUE(noDbName.err.contains(u"needs a database name"_s)) << noDbName.err.toStdString();

    QTcpServer closed; // a port nobody listens on once this closes
    ASSERT_TRUE(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 deadPort = closed.serverPort();
    closed.close();
    auto unreachable = serve({u"--database"_s, u"postgresql://assay@127.0.0.1:%1/assay"_s.arg(deadPort)});
    EXPECT_EQ(unreachable.code, 1);
    EXPECT_TRUE(unreachable.err.startsWith(
        u"assay-server: cannot connect to the PostgreSQL database 'assay' at 127.0.0.1:"_s))
        << unreachable.err.toStdString();
    EXPECT_EQ(unreachable.err.count(u'\n'), 1) << "one line";

    if (geteuid() != 0) { // root may write anywhere, so only an ordinary user can see this refusal
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner);
        auto unwritable = serve({u"--database"_s, dir.filePath(u"sub/x.db"_s), u"--listen"_s, u"bad"_s});
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        EXPECT_EQ(unwritable.code, 1);
        EXPECT_TRUE(unwritable.err.startsWith(u"assay-server: cannot"_s)) << unwritable.err.toStdString();
    }
    auto notADirectory = serve({u"--database"_s, u"/proc/version/assay.db"_s});
    EXPECT_EQ(notADirectory.code, 1);
    EXPECT_TRUE(notADirectory.err.startsWith(u"assay-server: cannot"_s)) << notADirectory.err.toStdString();

    QTcpServer busy;
    ASSERT_TRUE(busy.listen(QHostAddress::LocalHost, 0));
    auto inUse = serve({u"--database"_s, db, u"--listen"_s, u"127.0.0.1:%1"_s.arg(busy.serverPort())});
    EXPECT_EQ(inUse.code, 1);
    EXPECT_TRUE(
        inUse.err.startsWith(u"assay-server: cannot listen on 127.0.0.1:%1: "_s.arg(busy.serverPort())))
        << inUse.err.toStdString();

    auto badListen = serve({u"--database"_s, db, u"--listen"_s, u"localhost"_s});
    EXPECT_EQ(badListen.code, 1);
    EXPECT_TRUE(badListen.err.contains(u"HOST:PORT"_s)) << badListen.err.toStdString();

    for (const QString &workers : {u"0"_s, u"65"_s, u"many"_s}) {
        auto badWorkers = serve({u"--database"_s, db, u"--read-workers"_s, workers});
        EXPECT_EQ(badWorkers.code, 1);
        EXPECT_EQ(
            badWorkers.err,
            u"assay-server: --read-workers expects a whole number from 1 to 64, not '%1'\n"_s.arg(workers));
    }
}

TEST(ServerCli, ADatabaseFromANewerVersionIsRefusedUntouched)
{
    QTemporaryDir dir;
    const QString db = dir.filePath(u"a.db"_s);
    ASSERT_EQ(runCli({u"migrate"_s, u"--database"_s, db}).code, 0);
    {
        auto conn = assay::server::openDatabase(*assay::server::DatabaseUrl::parse(db), u"newer"_s);
        ASSERT_TRUE(conn.ok());
        QSqlQuery q(*conn);
        ASSERT_TRUE(q.exec(u"UPDATE assay_schema SET version = 99"_s));
    }
    assay::server::closeDatabase(u"newer"_s);
    auto r = runCli({u"serve"_s, u"--database"_s, db, u"--listen"_s, u"127.0.0.1:0"_s});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.startsWith(
        u"assay-server: the database has schema version 99, newer than this assay-server understands"_s))
        << r.err.toStdString();
}

TEST(ServerCli, MigrateThenKeysCreateListRevoke)
{
    QTemporaryDir dir;
    const QString db = dir.filePath(u"keys.db"_s);
    auto migrated = runCli({u"migrate"_s, u"--database"_s, db});
    EXPECT_EQ(migrated.code, 0);
    EXPECT_TRUE(migrated.out.contains(u"from schema version 0 to"_s)) << migrated.out.toStdString();
    EXPECT_TRUE(runCli({u"migrate"_s, u"--database"_s, db}).out.contains(u"up to date"_s));

    auto created =
        runCli({u"keys"_s, u"create"_s, u"--name"_s, u"ci"_s, u"--role"_s, u"ingest"_s, u"--database"_s, db});
    ASSERT_EQ(created.code, 0) << created.err.toStdString();
    const QString key = created.out.trimmed();
    EXPECT_TRUE(key.startsWith(u"assay_"_s));
    EXPECT_EQ(key.size(), 46);
    EXPECT_TRUE(created.err.contains(u"shown once"_s));

    auto listed = runCli({u"keys"_s, u"list"_s, u"--database"_s, db});
    ASSERT_EQ(listed.code, 0);
    EXPECT_TRUE(listed.out.contains(u"\tci\tingest\t"_s)) << listed.out.toStdString();
    EXPECT_FALSE(listed.out.contains(key)) << "secrets are never listed";
    EXPECT_TRUE(listed.out.contains(key.left(10)));

    EXPECT_EQ(runCli({u"keys"_s, u"create"_s, u"--database"_s, db}).code, 1) << "--name is required";
    EXPECT_EQ(
        runCli({u"keys"_s, u"create"_s, u"--name"_s, u"x"_s, u"--role"_s, u"god"_s, u"--database"_s, db})
            .code,
        1);
    auto revoked = runCli({u"keys"_s, u"revoke"_s, key.left(10), u"--database"_s, db});
    EXPECT_EQ(revoked.code, 0) << revoked.err.toStdString();
    EXPECT_TRUE(runCli({u"keys"_s, u"list"_s, u"--database"_s, db}).out.contains(u"revoked"_s));
    EXPECT_EQ(runCli({u"keys"_s, u"revoke"_s, key.left(10), u"--database"_s, db}).code, 1)
        << "already revoked";
}

TEST(ServerCli, ReviewersAreAssignedFromTheCommandLine)
{
    QTemporaryDir dir;
    const QString db = dir.filePath(u"r.db"_s);
    runCli(
        {u"keys"_s, u"create"_s, u"--name"_s, u"alice"_s, u"--role"_s, u"reviewer"_s, u"--database"_s, db});
    runCli({u"keys"_s, u"create"_s, u"--name"_s, u"bob"_s, u"--role"_s, u"member"_s, u"--database"_s, db});
    QString reviewerId, memberId;
    for (const QString &line : runCli({u"keys"_s, u"list"_s, u"--database"_s, db}).out.split(u'\n')) {
        if (line.contains(u"\talice\t"_s))
            reviewerId = line.section(u'\t', 0, 0);
        if (line.contains(u"\tbob\t"_s))
            memberId = line.section(u'\t', 0, 0);
    }
    ASSERT_FALSE(reviewerId.isEmpty());
    const QString queue = createQueue(db);
    ASSERT_FALSE(queue.isEmpty());
    const auto assigned = runCli({u"reviewers"_s, u"assign"_s, queue, reviewerId, u"--database"_s, db});
    EXPECT_EQ(assigned.code, 0) << assigned.err.toStdString();
    EXPECT_EQ(runCli({u"reviewers"_s, u"list"_s, queue, u"--database"_s, db}).out, reviewerId + u"\n"_s);
    const auto again = runCli({u"reviewers"_s, u"assign"_s, queue, reviewerId, u"--database"_s, db});
    EXPECT_EQ(again.code, 0) << "a replay is not an error";
    EXPECT_TRUE(again.out.contains(u"already assigned"_s)) << again.out.toStdString();
    const auto wrongRole = runCli({u"reviewers"_s, u"assign"_s, queue, memberId, u"--database"_s, db});
    EXPECT_EQ(wrongRole.code, 1);
    EXPECT_TRUE(wrongRole.err.contains(u"only reviewer keys"_s)) << wrongRole.err.toStdString();
    EXPECT_EQ(runCli({u"reviewers"_s, u"assign"_s, u"not-a-queue"_s, reviewerId, u"--database"_s, db}).code,
              1);
    EXPECT_EQ(runCli({u"reviewers"_s, u"unassign"_s, queue, reviewerId, u"--database"_s, db}).code, 0);
    EXPECT_TRUE(runCli({u"reviewers"_s, u"list"_s, queue, u"--database"_s, db}).out.isEmpty());
    const auto notAssigned = runCli({u"reviewers"_s, u"unassign"_s, queue, reviewerId, u"--database"_s, db});
    EXPECT_EQ(notAssigned.code, 1);
    EXPECT_TRUE(notAssigned.err.contains(u"is not assigned"_s)) << notAssigned.err.toStdString();
    // One entry per change: the replayed assign and the failed unassign wrote nothing.
    auto store = assay::server::Store::open(*assay::server::DatabaseUrl::parse(db), u"cli-audit"_s);
    ASSERT_TRUE(store.ok());
    auto entries = (*store)->auditEntries(0, 100);
    ASSERT_TRUE(entries.ok());
    QStringList actions;
    for (const auto &e : *entries)
        if (e.entity == u"queue")
            actions.append(e.action);
    EXPECT_EQ(actions.size(), 2) << actions.join(u',').toStdString();
    EXPECT_TRUE(actions.contains(u"assign_reviewer"_s) && actions.contains(u"unassign_reviewer"_s));
}

TEST(ServerCli, UsersAreAdministeredFromTheCommandLine)
{
    QTemporaryDir dir;
    const QString db = dir.filePath(u"u.db"_s);
    const auto created = runCli({u"users"_s, u"create"_s, u"--name"_s, u"Ines"_s, u"--role"_s, u"reviewer"_s,
                                 u"--email"_s, u"ines@example.com"_s, u"--database"_s, db});
    ASSERT_EQ(created.code, 0) << created.err.toStdString();
    const QString userId = created.out.section(u'\t', 0, 0);
    EXPECT_EQ(userId.size(), 36);
    EXPECT_EQ(created.out.section(u'\t', 1, 3), u"Ines\tines@example.com\treviewer"_s);
    const auto twice = runCli(
        {u"users"_s, u"create"_s, u"--name"_s, u"Ines"_s, u"--role"_s, u"member"_s, u"--database"_s, db});
    EXPECT_EQ(twice.code, 1);
    EXPECT_TRUE(twice.err.contains(u"name: a user named 'Ines' exists already"_s)) << twice.err.toStdString();
    EXPECT_EQ(runCli({u"users"_s, u"create"_s, u"--name"_s, u"x"_s, u"--database"_s, db}).err,
              u"assay-server: role: is required\n"_s);

    // A key for the user (by name) acts with the user's role.
    const auto key = runCli(
        {u"keys"_s, u"create"_s, u"--name"_s, u"laptop"_s, u"--user"_s, u"Ines"_s, u"--database"_s, db});
    ASSERT_EQ(key.code, 0) << key.err.toStdString();
    EXPECT_TRUE(key.err.contains(u"(reviewer, user "_s + userId)) << key.err.toStdString();
    EXPECT_TRUE(runCli({u"keys"_s, u"list"_s, u"--database"_s, db}).out.contains(u"\treviewer\t"_s + userId));
    const auto mismatch = runCli({u"keys"_s, u"create"_s, u"--name"_s, u"x"_s, u"--user"_s, u"Ines"_s,
                                  u"--role"_s, u"admin"_s, u"--database"_s, db});
    EXPECT_EQ(mismatch.code, 1);
    EXPECT_TRUE(mismatch.err.contains(u"act with the user's role (reviewer)"_s))
        << mismatch.err.toStdString();

    // Assigned to a queue by name; the assignment names the user.
    const QString queue = createQueue(db);
    ASSERT_FALSE(queue.isEmpty());
    EXPECT_EQ(runCli({u"reviewers"_s, u"assign"_s, queue, u"Ines"_s, u"--database"_s, db}).code, 0);
    EXPECT_EQ(runCli({u"reviewers"_s, u"list"_s, queue, u"--database"_s, db}).out, userId + u"\n"_s);

    // Updated, disabled and enabled by name or id; the list shows the state.
    const auto updated =
        runCli({u"users"_s, u"update"_s, u"Ines"_s, u"--role"_s, u"member"_s, u"--database"_s, db});
    EXPECT_EQ(updated.code, 0) << updated.err.toStdString();
    EXPECT_TRUE(updated.out.contains(u"\tmember\t"_s)) << updated.out.toStdString();
    EXPECT_TRUE(runCli({u"keys"_s, u"list"_s, u"--database"_s, db}).out.contains(u"\tmember\t"_s + userId))
        << "the user's keys follow the new role";
    EXPECT_EQ(runCli({u"users"_s, u"disable"_s, userId, u"--database"_s, db}).code, 0);
    EXPECT_TRUE(runCli({u"users"_s, u"list"_s, u"--database"_s, db}).out.contains(u"\tdisabled\n"_s));
    EXPECT_EQ(runCli({u"users"_s, u"enable"_s, u"Ines"_s, u"--database"_s, db}).code, 0);
    EXPECT_EQ(runCli({u"users"_s, u"disable"_s, u"nobody"_s, u"--database"_s, db}).err,
              u"assay-server: user nobody not found\n"_s);
    EXPECT_EQ(runCli({u"users"_s, u"disable"_s, u"--database"_s, db}).code, 1);

    auto store = assay::server::Store::open(*assay::server::DatabaseUrl::parse(db), u"cli-users-audit"_s);
    ASSERT_TRUE(store.ok());
    auto entries = (*store)->auditEntries(0, 100);
    ASSERT_TRUE(entries.ok());
    QStringList actions;
    for (const auto &e : *entries)
        if (e.entity == u"user")
            actions.append(e.action);
    EXPECT_EQ(actions, (QStringList{u"create"_s, u"update"_s, u"disable"_s, u"enable"_s}));
}

TEST(ServerCli, TheExecutableServesUntilStoppedWithABootstrapKey)
{
    QTemporaryDir dir;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QFile keyFile(dir.filePath(u"bootstrap-key"_s));
    ASSERT_TRUE(keyFile.open(QIODevice::WriteOnly));
    keyFile.write("Zq8vN3kLw2Rt5Yp7Hd9Jf4Gs6Xc1Bm0Ae\n");
    keyFile.close();
    env.insert(u"ASSAY_BOOTSTRAP_ADMIN_KEY_FILE"_s, keyFile.fileName());
    env.insert(u"ASSAY_DATABASE_URL"_s, u"sqlite://"_s + dir.filePath(u"s.db"_s));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ASSAY_SERVER_EXE), {u"serve"_s, u"--listen"_s, u"127.0.0.1:0"_s});
    ASSERT_TRUE(p.waitForReadyRead(30000)) << p.readAllStandardError().toStdString();
    const QString line = QString::fromUtf8(p.readLine());
    EXPECT_TRUE(line.startsWith(u"assay-server " ASSAY_VERSION " listening on http://127.0.0.1:"_s))
        << line.toStdString();
    EXPECT_TRUE(line.contains(u"/api/v1 (SQLite database "_s));
    p.terminate(); // SIGTERM: a clean stop, exit status 0
    ASSERT_TRUE(p.waitForFinished(30000));
    EXPECT_EQ(p.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(p.exitCode(), 0);
    const QByteArray err = p.readAllStandardError();
    EXPECT_TRUE(err.contains("assay-server: stopped"));
    // It says the bootstrap key is active, showing no more of it than a short prefix.
    EXPECT_TRUE(err.contains("the bootstrap admin key Zq8... is active")) << err.toStdString();
    EXPECT_FALSE(err.contains("Zq8vN")) << err.toStdString();
}

// Security review, finding 14: bootstrap and demo keys.
TEST(ServerCli, AWeakBootstrapKeyIsRefused)
{
    QTemporaryDir dir;
    for (const QString &weak : {u"boot-key"_s, u"assay-local-admin-key"_s, QString(40, u'a'),
                                u"abcabcabcabcabcabcabcabcabcabcabcabc"_s}) {
        const auto r = runCli({u"serve"_s, u"--database"_s, dir.filePath(u"s.db"_s), u"--listen"_s,
                               u"127.0.0.1:0"_s, u"--bootstrap-admin-key"_s, weak});
        EXPECT_EQ(r.code, 1) << weak.toStdString();
        EXPECT_TRUE(r.err.contains(u"at least 32 random characters"_s)) << r.err.toStdString();
    }
    const auto missing = runCli({u"serve"_s, u"--database"_s, dir.filePath(u"s.db"_s),
                                 u"--bootstrap-admin-key-file"_s, dir.filePath(u"no-such-file"_s)});
    EXPECT_EQ(missing.code, 1);
    EXPECT_TRUE(missing.err.contains(u"cannot read the bootstrap admin key from"_s))
        << missing.err.toStdString();
}

TEST(ServerCli, ThePublicDemoKeyStaysOnLoopback)
{
    QTemporaryDir dir;
    const QStringList args{u"serve"_s,
                           u"--demo"_s,
                           u"--database"_s,
                           dir.filePath(u"s.db"_s),
                           u"--listen"_s,
                           u"0.0.0.0:0"_s,
                           u"--bootstrap-admin-key"_s,
                           u"Zq8vN3kLw2Rt5Yp7Hd9Jf4Gs6Xc1Bm0Ae"_s};
    const auto r = runCli(args);
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.err.contains(u"assay-demo-reviewer-key is public"_s)) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains(u"--allow-public-demo-key"_s));
    const auto badUrl =
        runCli({u"serve"_s, u"--database"_s, dir.filePath(u"s.db"_s), u"--public-url"_s, u"review"_s});
    EXPECT_EQ(badUrl.code, 1);
    EXPECT_TRUE(badUrl.err.contains(u"--public-url expects"_s)) << badUrl.err.toStdString();
}

TEST(ServerCli, TheBootstrapKeyIsAuditedAndListedByAShortPrefix)
{
    assay::test::ServerHarness srv(assay::server::Dialect::Sqlite);
    ASSERT_TRUE(srv.started());
    bool audited = false;
    for (const QJsonValue &e : srv.auditEntries(u"create"_s))
        audited =
            audited || (e.toObject().value(QLatin1StringView("entity")).toString() == u"api_key" &&
                        e.toObject().value(QLatin1StringView("actor")).toString() == u"system:bootstrap");
    EXPECT_TRUE(audited);
    const QByteArray secret = assay::test::ServerHarness::kAdminKey;
    const QJsonObject made = srv.post(u"/admin/keys"_s, QJsonObject{{QLatin1StringView("name"), u"ci"_s},
                                                                    {QLatin1StringView("role"), u"ingest"_s}})
                                 .object();
    for (const QJsonValue &k : srv.get(u"/admin/keys"_s).array()) {
        const QString prefix = k.toObject().value(QLatin1StringView("prefix")).toString();
        const QString name = k.toObject().value(QLatin1StringView("name")).toString();
        if (name == u"bootstrap admin") {
            EXPECT_LE(prefix.size() * 10, secret.size()) << prefix.toStdString();
        }
        if (name == u"ci") {
            EXPECT_EQ(prefix.size(), 10) << "assay_ and 4 of the 40 random characters";
            EXPECT_TRUE(made.value(QLatin1StringView("key")).toString().startsWith(prefix));
        }
    }
}
