#include "workerpool.h"

#include "api/storebodystream.h"

#include <QDebug>
#include <QElapsedTimer>

#include <future>

namespace assay::server {

using namespace Qt::StringLiterals;

Result<std::unique_ptr<WorkerPool>> WorkerPool::start(const PoolOptions &options, ServerState &state)
{
    auto pool = std::unique_ptr<WorkerPool>(new WorkerPool(options, state));
    auto feedbackLinkUses = std::make_shared<RateLimiter>(30.0 / 60, 30);
    auto setupFor = [&](bool writes, int index) {
        WorkerSetup s;
        s.database = options.database;
        s.connectionName = u"%1-%2"_s.arg(options.name, writes ? u"writer"_s : u"reader-%1"_s.arg(index));
        s.writes = writes;
        s.auditKey = options.auditKey;
        s.state = &state;
        s.tenantId = options.tenantId;
        s.feedbackLinkUses = feedbackLinkUses;
        s.queryBudgetMs = options.queryBudgetMs;
        s.retention = options.retention;
        s.limits = &pool->m_limits;
        s.sendDeferred = [p = pool.get()](DeferredWrites deferred) { p->sendDeferred(std::move(deferred)); };
        return s;
    };
    pool->m_writer = std::make_unique<Worker>(setupFor(true, 0), pool->m_writeQueue);
    if (Status started = pool->m_writer->start(); !started)
        return started.error();
    pool->m_lookup = pool->m_writer->router();
    for (int i = 0; i < std::max(1, options.readWorkers); ++i) {
        pool->m_readers.push_back(std::make_unique<Worker>(setupFor(false, i + 1), pool->m_readQueue));
        if (Status started = pool->m_readers.back()->start(); !started)
            return started.error();
    }
    return pool;
}

WorkerPool::WorkerPool(const PoolOptions &options, ServerState &state)
    : m_state(state)
    , m_limits(options.rateLimits)
{
}

WorkerPool::~WorkerPool()
{
    QSqlDatabase none;
    stop(none);
}

const Router &WorkerPool::routes() const
{
    return m_lookup;
}

Urgency WorkerPool::urgencyOf(const Router::Match &match)
{
    // The review protocol is what people wait on; everything else is programs (SDKs, scripts).
    return match.handler && match.access == Access::Review ? Urgency::Interactive : Urgency::Bulk;
}

void WorkerPool::post(Lane lane, Job job, Urgency urgency)
{
    if (m_stopped)
        return;
    if (lane == Lane::Write) {
        m_writeQueue.push(std::move(job), urgency);
        m_writer->wake();
        return;
    }
    m_readQueue.push(std::move(job), urgency);
    for (const auto &reader : m_readers)
        reader->wake(); // whichever is free takes it; the others find the queue empty
}

void WorkerPool::sendDeferred(DeferredWrites writes)
{
    // From a read worker: the write worker runs them; an awaited one is waited for (a failed
    // authentication's audit entry is there before the 401 is).
    std::vector<std::future<void>> awaited;
    for (DeferredWrite &w : writes) {
        auto done = std::make_shared<std::promise<void>>();
        if (w.awaited)
            awaited.push_back(done->get_future());
        post(Lane::Write, [w = std::move(w), done](Worker &writer) {
            writer.runDeferredHere({w});
            done->set_value();
        });
    }
    for (auto &f : awaited)
        f.wait(); // also ends when the job is dropped at stop: its promise is destroyed unset
}

void WorkerPool::admit(HttpRequest head, std::function<void(Admission)> done)
{
    const Router::Match match = routes().route(head);
    if (!match.handler || match.access == Access::Public) {
        done(Admission{}); // answered (404, or by a public handler) once the body is in
        return;
    }
    // Admission only reads (a key's last use is deferred): a read worker does it, so a request's check
    // never waits behind the writes queued before it.
    post(
        Lane::Read,
        [this, head = std::move(head), done = std::move(done), pattern = match.pattern,
         dispatched = std::chrono::steady_clock::now()](Worker &worker) mutable {
            const qint64 databaseBefore = worker.store().databaseNanos();
            Admission admission;
            admission.refused = worker.runner().admit(head);
            admission.principal = head.principal;
            if (admission.refused) // answered now, without its body: counted and logged here
                observe(head, *admission.refused, pattern, dispatched,
                        worker.store().databaseNanos() - databaseBefore);
            done(std::move(admission));
        },
        urgencyOf(match));
}

void WorkerPool::dispatch(HttpRequest request, std::function<void(HttpResponse)> done)
{
    const Router::Match match = routes().route(request);
    const Lane lane = match.handler ? match.lane : Lane::Read; // a 404 needs no writer
    post(
        lane,
        [this, request = std::move(request), done = std::move(done), pattern = match.pattern,
         dispatched = std::chrono::steady_clock::now()](Worker &worker) mutable {
            const qint64 databaseBefore = worker.store().databaseNanos();
            HttpResponse response = worker.runner().run(request);
            observe(request, response, pattern, dispatched, worker.store().databaseNanos() - databaseBefore);
            done(std::move(response));
        },
        urgencyOf(match));
}

void WorkerPool::observe(const HttpRequest &request, const HttpResponse &response, const QString &pattern,
                         std::chrono::steady_clock::time_point dispatched, qint64 databaseNanos)
{
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - dispatched).count();
    const QString route = pattern.isEmpty() ? u"(no route)"_s : pattern;
    m_state.metrics().recordRequest(routeFamily(pattern), response.status, seconds,
                                    double(databaseNanos) / 1e9);
    if (m_state.requestLogFormat == LogFormat::None)
        return;
    writeLogLine(
        requestLogLine(m_state.requestLogFormat,
                       RequestRecord{request.header("x-request-id"), request.method, route, response.status,
                                     seconds, request.principal.actor(), request.remoteAddress}));
}

void WorkerPool::pull(std::shared_ptr<BodyStream> stream, std::function<void(BodyPiece)> done)
{
    auto *fromStore = dynamic_cast<StoreBodyStream *>(stream.get());
    if (!fromStore) {
        done(BodyPiece{{}, false, true});
        return;
    }
    // Bulk: a checkout queued meanwhile goes before the export's next piece.
    post(Lane::Read, [stream = std::move(stream), fromStore, done = std::move(done)](Worker &worker) {
        done(worker.runner().pull(*fromStore));
    });
}

HttpResponse WorkerPool::call(HttpRequest request)
{
    auto answer = std::make_shared<std::promise<HttpResponse>>();
    std::future<HttpResponse> future = answer->get_future();
    dispatch(std::move(request), [answer](HttpResponse response) { answer->set_value(std::move(response)); });
    try {
        return future.get();
    } catch (const std::future_error &) {
        return HttpResponse::error(503, u"the server is stopping"_s);
    }
}

void WorkerPool::stop(QSqlDatabase &control)
{
    if (m_stopped.exchange(true))
        return;
    m_state.stop();
    m_readQueue.clear();
    m_writeQueue.clear();
    std::vector<Worker *> running;
    if (m_writer)
        running.push_back(m_writer.get());
    for (const auto &reader : m_readers)
        running.push_back(reader.get());
    for (Worker *w : running)
        w->requestStop();
    // A statement that is running ends when interrupted; one that starts after an interrupt is not
    // reached by it, so interrupting repeats until every worker has closed.
    QElapsedTimer waited;
    waited.start();
    bool warned = false;
    for (Worker *w : running) {
        while (!w->waitStopped(50)) {
            w->interrupt(control);
            if (!warned && waited.elapsed() > 4000) {
                qWarning() << "assay-server: a worker is still finishing its request";
                warned = true;
            }
        }
    }
}

} // namespace assay::server
