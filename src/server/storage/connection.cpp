#include "connection.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

Status execAll(QSqlDatabase &db, const QStringList &statements)
{
    for (const QString &sql : statements) {
        QSqlQuery q(db);
        if (!q.exec(sql))
            return Error{u"%1: %2"_s.arg(sql, q.lastError().text()), {}};
    }
    return Ok{};
}

Result<QSqlDatabase> openSqlite(const DatabaseUrl &url, const QString &name)
{
    const QFileInfo file(url.path);
    QDir dir = file.absoluteDir();
    if (!dir.exists() && !QDir().mkpath(dir.absolutePath()))
        return Error{u"cannot create the directory %1 for the SQLite database"_s.arg(dir.absolutePath()), {}};
    if (file.exists() ? !file.isWritable() : !QFileInfo(dir.absolutePath()).isWritable())
        return Error{u"cannot write the SQLite database %1: permission denied"_s.arg(url.path), {}};
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    db.setDatabaseName(url.path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open())
        return Error{
            u"cannot open the SQLite database %1: %2"_s.arg(url.path, db.lastError().text().simplified()),
            {}};
    // Checkpoints run on the server's own thread (WalCheckpointer), never inside a commit: SQLite's
    // automatic checkpoint counts the log's frames since it was last restarted, not since the last
    // checkpoint, so while readers keep the log from restarting every commit past the threshold copied
    // and fsynced (150–230 ms a commit at 20,000 pages, 330–490 ms at 262,144, measured during a
    // retention pass beside a reviewer; none without it). Without a server (the CLI), the log is
    // checkpointed when the connection closes.
    auto pragmas = execAll(db, {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=NORMAL"_s,
                                u"PRAGMA foreign_keys=ON"_s, u"PRAGMA temp_store=MEMORY"_s,
                                u"PRAGMA cache_size=-65536"_s, u"PRAGMA wal_autocheckpoint=0"_s});
    if (!pragmas)
        return Error{u"cannot use the SQLite database %1: %2"_s.arg(url.path, pragmas.error().message), {}};
    return db;
}

Result<QSqlDatabase> openPostgres(const DatabaseUrl &url, const QString &name)
{
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return Error{u"the Qt PostgreSQL driver (QPSQL) is not installed; install libqt6sql6-psql"_s, {}};
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
    db.setHostName(url.host);
    db.setPort(url.port);
    db.setUserName(url.user);
    db.setPassword(url.password);
    db.setDatabaseName(url.database);
    db.setConnectOptions(u"connect_timeout=10"_s);
    if (!db.open())
        return Error{
            u"cannot connect to the %1: %2"_s.arg(url.describe(), db.lastError().text().simplified()), {}};
    auto settings = execAll(db, {u"SET client_encoding TO 'UTF8'"_s, u"SET TIME ZONE 'UTC'"_s,
                                 u"SET client_min_messages TO WARNING"_s});
    if (!settings)
        return Error{u"cannot use the %1: %2"_s.arg(url.describe(), settings.error().message), {}};
    return db;
}

} // namespace

Result<QSqlDatabase> openDatabase(const DatabaseUrl &url, const QString &connectionName)
{
    auto db =
        url.dialect == Dialect::Sqlite ? openSqlite(url, connectionName) : openPostgres(url, connectionName);
    if (!db)
        closeDatabase(connectionName);
    return db;
}

void closeDatabase(const QString &connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

} // namespace assay::server
