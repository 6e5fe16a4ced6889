#pragma once

// One request worker: a thread with its own database connection, the routes bound to it (an ApiContext
// of its own) and a RequestRunner. The write worker also owns the rule engine and the backfill jobs:
// they write, and their timers need its event loop. All of a worker's objects are created, used and
// destroyed on its thread, as QtSql requires of a connection.

#include "jobqueue.h"
#include "requestrunner.h"
#include "runretention.h"

#include "api/apicontext.h"
#include "storage/databaseurl.h"

#include <QThread>

#include <memory>

class QSqlDatabase;

namespace assay::server {

struct WorkerSetup {
    DatabaseUrl database;
    QString connectionName;
    bool writes = false; // the write worker; the others' connections refuse writes
    QByteArray auditKey;
    ServerState *state = nullptr;
    Uuid tenantId;
    std::shared_ptr<RateLimiter> feedbackLinkUses;
    qint64 queryBudgetMs = 10000;
    RetentionOptions retention; // the write worker runs it
    AccessLimits *limits = nullptr;
    // Where a read worker sends the writes its requests defer (the write worker's queue).
    std::function<void(DeferredWrites)> sendDeferred;
};

class Worker {
public:
    Worker(WorkerSetup setup, JobQueue &queue);
    ~Worker();
    Worker(const Worker &) = delete;
    Worker &operator=(const Worker &) = delete;

    // Starts the thread and opens the connection on it; the error when it cannot.
    Status start();
    // Wakes the worker to take jobs from its queue. Any thread.
    void wake();
    // Asks the thread to close once its current job is done; then waitStopped.
    void requestStop();
    bool waitStopped(int ms);
    // Stops the statement the connection runs now (SQLite: sqlite3_interrupt; PostgreSQL: the backend
    // is cancelled through `control`, a connection of the calling thread). Any thread.
    void interrupt(QSqlDatabase &control);

    // The routes bound to this worker; read only while the worker is idle (the pool copies them once
    // to look up lanes).
    const Router &router() const;

    // On the worker's own thread, inside a job.
    RequestRunner &runner();
    Store &store();
    // Runs deferred writes, each in a transaction of its own (the write worker only).
    void runDeferredHere(const DeferredWrites &writes);

private:
    struct Scope;
    Status open();
    void close();
    void drain();

    WorkerSetup m_setup;
    JobQueue &m_queue;
    QThread m_thread;
    QObject *m_anchor; // lives on m_thread: queued calls to it run there
    std::unique_ptr<Scope> m_scope;
    QMutex m_handleLock; // interrupt() against close()
    void *m_sqlite = nullptr;
    qint64 m_postgresBackend = 0;
};

} // namespace assay::server
