#include "worker.h"

#include "facetindexer.h"
#include "rules/backfill.h"
#include "rules/ruleengine.h"
#include "storage/store.h"

#include <sqlite3.h>

#include <QDebug>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace assay::server {

using namespace Qt::StringLiterals;

struct Worker::Scope {
    std::unique_ptr<Store> store;
    std::unique_ptr<FacetIndexer> facetIndexer;
    std::unique_ptr<RunRetention> retention;
    std::unique_ptr<RuleEngine> rules;
    std::unique_ptr<RuleBackfill> backfill;
    std::unique_ptr<ApiContext> context;
    Router router;
    std::unique_ptr<RequestRunner> runner;
};

namespace {

// A read worker's connection refuses writes, so a route put on the wrong lane fails loudly in tests
// instead of contending with the write worker for SQLite's lock.
Status refuseWrites(QSqlDatabase &db, Dialect dialect)
{
    QSqlQuery q(db);
    const QString sql = dialect == Dialect::Sqlite
                            ? u"PRAGMA query_only = ON"_s
                            : u"SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"_s;
    if (!q.exec(sql))
        return Error{u"cannot make a read connection: %1"_s.arg(q.lastError().text()), {}};
    return Ok{};
}

} // namespace

Worker::Worker(WorkerSetup setup, JobQueue &queue)
    : m_setup(std::move(setup))
    , m_queue(queue)
    , m_anchor(new QObject)
{
    m_thread.setObjectName(m_setup.connectionName);
    m_anchor->moveToThread(&m_thread);
}

Worker::~Worker()
{
    if (m_thread.isRunning()) {
        requestStop();
        m_thread.wait();
    }
    delete m_anchor; // its thread has finished: deleting it from here is safe
}

Status Worker::start()
{
    m_thread.start();
    Status opened = Ok{};
    QMetaObject::invokeMethod(
        m_anchor, [this, &opened] { opened = open(); }, Qt::BlockingQueuedConnection);
    if (!opened) {
        requestStop();
        m_thread.wait();
    }
    return opened;
}

Status Worker::open()
{
    auto scope = std::make_unique<Scope>();
    auto store = Store::open(m_setup.database, m_setup.connectionName);
    if (!store)
        return store.error();
    scope->store = std::move(*store);
    scope->store->setAuditKey(m_setup.auditKey);
    QSqlDatabase &db = scope->store->database();
    if (!m_setup.writes)
        if (Status readOnly = refuseWrites(db, m_setup.database.dialect); !readOnly)
            return readOnly;
    if (m_setup.database.dialect == Dialect::Sqlite) {
        const QVariant handle = db.driver()->handle();
        if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0) {
            QMutexLocker lock(&m_handleLock);
            m_sqlite = *static_cast<sqlite3 *const *>(handle.data());
        }
    } else {
        QSqlQuery q(db);
        if (q.exec(u"SELECT pg_backend_pid()"_s) && q.next())
            m_postgresBackend = q.value(0).toLongLong();
    }
    if (m_setup.writes) {
        scope->facetIndexer = std::make_unique<FacetIndexer>(*scope->store, *m_setup.state,
                                                             [this] { return m_queue.interactiveWaiting(); });
        if (m_setup.retention.days > 0)
            scope->retention =
                std::make_unique<RunRetention>(*scope->store, *m_setup.state, m_setup.retention);
        scope->rules = std::make_unique<RuleEngine>(*scope->store, &m_setup.state->metrics());
        scope->backfill = std::make_unique<RuleBackfill>(*scope->store, *scope->rules);
    }
    scope->context.reset(new ApiContext{*scope->store, scope->rules.get(), scope->backfill.get(),
                                        *m_setup.state, m_setup.tenantId, m_setup.feedbackLinkUses,
                                        m_setup.queryBudgetMs});
    registerAllRoutes(scope->router, *scope->context);
    auto deferred =
        m_setup.writes
            ? std::function<void(DeferredWrites)>([this](DeferredWrites writes) { runDeferredHere(writes); })
            : m_setup.sendDeferred;
    scope->runner =
        std::make_unique<RequestRunner>(*scope->store, scope->router, *m_setup.limits, std::move(deferred));
    m_scope = std::move(scope);
    return Ok{};
}

void Worker::close()
{
    {
        QMutexLocker lock(&m_handleLock);
        m_sqlite = nullptr;
        m_postgresBackend = 0;
    }
    // The rule engine writes its pending counters while the store is still open.
    m_scope.reset();
}

void Worker::wake()
{
    QMetaObject::invokeMethod(
        m_anchor, [this] { drain(); }, Qt::QueuedConnection);
}

void Worker::drain()
{
    if (!m_scope)
        return;
    if (std::optional<Job> job = m_queue.take())
        (*job)(*this);
    if (!m_queue.empty())
        wake(); // one job at a time: the rule engine's and backfill's timers run in between
}

void Worker::requestStop()
{
    QMetaObject::invokeMethod(
        m_anchor,
        [this] {
            close();
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
}

bool Worker::waitStopped(int ms)
{
    return m_thread.wait(QDeadlineTimer(ms));
}

void Worker::interrupt(QSqlDatabase &control)
{
    QMutexLocker lock(&m_handleLock);
    if (m_sqlite) {
        sqlite3_interrupt(static_cast<sqlite3 *>(m_sqlite));
    } else if (m_postgresBackend && control.isOpen()) {
        QSqlQuery q(control);
        q.prepare(u"SELECT pg_cancel_backend(?)"_s);
        q.addBindValue(m_postgresBackend);
        if (!q.exec())
            qWarning().noquote() << "cannot cancel a worker's query:" << q.lastError().text();
    }
}

const Router &Worker::router() const
{
    return m_scope->router;
}

RequestRunner &Worker::runner()
{
    return *m_scope->runner;
}

Store &Worker::store()
{
    return *m_scope->store;
}

void Worker::runDeferredHere(const DeferredWrites &writes)
{
    Store &store = *m_scope->store;
    for (const DeferredWrite &w : writes) {
        Status done = store.begin();
        if (done)
            done = w.write(store);
        if (done)
            done = store.commit();
        if (!done) {
            store.rollback();
            qWarning().noquote() << "a deferred write failed:" << done.error().message;
        }
    }
}

} // namespace assay::server
