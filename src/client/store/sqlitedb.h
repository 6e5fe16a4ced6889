#pragma once

// One local SQLite file: opened with the pragmas its durability needs, migrated by numbered steps kept in
// PRAGMA user_version, refused when it is newer than this binary, with prepared statements cached.

#include "core/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <functional>
#include <memory>

namespace assay::client {

class FaultPlan;

struct LocalMigration {
    int version;
    const char *description;
    QList<const char *> statements;
};

enum class Durability {
    Rebuildable, // the cache: synchronous=NORMAL (a crash may lose the last commits; the server has them)
    Precious,    // the work database: synchronous=FULL ("saved" means on disk)
};

enum class OpenProblem {
    None,
    Corrupt, // not a database, or damaged: quarantine it
    TooNew,  // written by a newer assay: refuse, never downgrade
    Other,   // I/O, permissions: tell the user
};

class SqliteDb {
public:
    struct Opened;
    static Opened open(const QString &path, const QString &connectionName, Durability durability,
                       const QList<LocalMigration> &migrations);
    ~SqliteDb();
    SqliteDb(const SqliteDb &) = delete;
    SqliteDb &operator=(const SqliteDb &) = delete;

    // Runs a statement (prepared once and reused); the query stays valid until the same SQL runs again.
    Result<QSqlQuery *> exec(const QString &sql, const QVariantList &binds = {});
    // The first column of every row, as variants.
    Result<QVariantList> column(const QString &sql, const QVariantList &binds = {});
    // The first value of the first row, or an invalid QVariant when there is no row.
    Result<QVariant> scalar(const QString &sql, const QVariantList &binds = {});

    Status begin();
    Status commit();
    void rollback();
    // Runs `work` in a transaction: committed when it succeeds, rolled back (and its error returned) when
    // not.
    Status transaction(const std::function<Status()> &work);

    QString path() const { return m_path; }
    QString connectionName() const { return m_connectionName; }
    int schemaVersion() const { return m_version; }
    void setFaultPlan(FaultPlan *plan) { m_faults = plan; }

private:
    SqliteDb(QString path, QString connectionName);
    Status injectedFault(const QString &what);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    int m_version = 0;
    FaultPlan *m_faults = nullptr;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
};

struct SqliteDb::Opened {
    std::unique_ptr<SqliteDb> db;
    OpenProblem problem = OpenProblem::None;
    QString message; // for a problem: what happened, in words for the user
};

// SQLite's own result codes that mean the file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB).
bool isCorruptionError(const QSqlError &error);

} // namespace assay::client
