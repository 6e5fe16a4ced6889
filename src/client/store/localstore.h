#pragma once

// The desktop app's local store for one server profile: a directory with the cache (rebuildable) and
// the work database (precious). Opening it migrates both, refuses files from a newer Assay, rebuilds a
// damaged cache, and quarantines a damaged work database: the file is moved aside, every readable row
// is exported to JSON, the readable answers are carried into a fresh database, and the user is told where.

#include "cachedb.h"
#include "workdb.h"

#include <QObject>

#include <functional>
#include <memory>

namespace assay::client {

class FaultPlan;

struct StoreNotice {
    enum class Kind { WorkQuarantined, CacheRebuilt, IntegrityProblem };
    Kind kind;
    QString message;         // for the reviewer
    QString quarantinedPath; // where the damaged file went
    QString rescuedPath;     // the JSON export of its readable rows
    qint64 rescuedRows = 0;
};

class LocalStore {
public:
    // `connectionPrefix` names the QtSql connections (one store per thread and profile).
    static Result<std::unique_ptr<LocalStore>> open(const QString &directory, const QString &connectionPrefix,
                                                    QList<StoreNotice> *notices = nullptr);
    ~LocalStore();

    CacheDb &cache() { return *m_cache; }
    WorkDb &work() { return *m_work; }
    QString directory() const { return m_directory; }
    QString cachePath() const;
    QString workPath() const;

    // Empties the cache (never the work database), for a rebuild from the server.
    Status rebuildCache();

    // Runs PRAGMA quick_check on both files on a worker thread and calls `done` on `context`'s thread
    // with what it found (empty: both fine). A damaged work database is exported at once and set aside
    // at the next start; a damaged cache is emptied by the caller (rebuildCache).
    void checkIntegrity(QObject *context, std::function<void(QList<StoreNotice>)> done);

    void setFaultPlan(FaultPlan *plan);

private:
    LocalStore() = default;

    QString m_directory;
    std::unique_ptr<SqliteDb> m_cacheDb, m_workDb;
    std::unique_ptr<CacheDb> m_cache;
    std::unique_ptr<WorkDb> m_work;
};

} // namespace assay::client
