#pragma once

// The workers that do the server's work while the HTTP thread only reads, parses and writes. One write
// worker takes the write lane in order; several read workers share the read lane, so a slow query holds
// one reader and nothing else. Each worker has its own database connection (SQLite in WAL mode lets
// readers run beside the one writer; PostgreSQL gets a connection per worker). Which lane a request
// takes is its route's (router.h); handlers never see a thread.

#include "worker.h"

#include "http/dispatcher.h"

#include <atomic>
#include <chrono>
#include <vector>

namespace assay::server {

struct PoolOptions {
    DatabaseUrl database;
    QByteArray auditKey;
    int readWorkers = 4;
    RateLimits rateLimits;
    Uuid tenantId;
    qint64 queryBudgetMs = 10000;
    RetentionOptions retention;
    QString name = QStringLiteral("assay-server");
};

class WorkerPool : public RequestDispatcher {
public:
    static Result<std::unique_ptr<WorkerPool>> start(const PoolOptions &options, ServerState &state);
    ~WorkerPool() override;

    void admit(HttpRequest head, std::function<void(Admission)> done) override;
    void dispatch(HttpRequest request, std::function<void(HttpResponse)> done) override;
    void pull(std::shared_ptr<BodyStream> stream, std::function<void(BodyPiece)> done) override;
    // Answers a request and waits for it: for in-process callers (the demo's setup), never a worker.
    HttpResponse call(HttpRequest request);

    // Stops the workers: queued jobs are dropped, running statements interrupted (PostgreSQL's through
    // `control`, a connection of the calling thread) until every thread has ended. What was committed
    // stays; a request cut short is rolled back and never answered.
    void stop(QSqlDatabase &control);

    const Router &routes() const;
    int readWorkerCount() const { return int(m_readers.size()); }

private:
    WorkerPool(const PoolOptions &options, ServerState &state);
    static Urgency urgencyOf(const Router::Match &match);
    void post(Lane lane, Job job, Urgency urgency = Urgency::Bulk);
    void sendDeferred(DeferredWrites writes);
    // Counts an answered request in the metrics and logs it (when logging is on).
    void observe(const HttpRequest &request, const HttpResponse &response, const QString &pattern,
                 std::chrono::steady_clock::time_point dispatched, qint64 databaseNanos);

    ServerState &m_state;
    AccessLimits m_limits;
    JobQueue m_writeQueue;
    JobQueue m_readQueue;
    std::unique_ptr<Worker> m_writer;
    std::vector<std::unique_ptr<Worker>> m_readers;
    Router
        m_lookup; // a copy of the routes for choosing lanes on the HTTP thread; its handlers are never called
    std::atomic<bool> m_stopped{false};
};

} // namespace assay::server
