// Ingest throughput of assay-server: POST /runs/batch (100 runs of ~1 KB per request) from several
// concurrent clients, against the raw insert rate of the same rows through the Store (the ceiling),
// measured in the same run. Then a second pass at half the measured rate for per-batch latency.
//
//   cmake --preset release && cmake --build --preset release --target assay_bench_ingest
//   build/release/tests/bench/assay_bench_ingest [--runs 50000] [--clients 4] [--rules 50] [--postgres
//   postgresql://...]
//
// Clients use raw sockets with TCP_NODELAY and keep-alive, so the figures are the server's, not
// QNetworkAccessManager's (design.md §9: Nagle costs ~44 ms per body over 16 KiB).

#include "assayserver.h"
#include "storage/connection.h"

#include "eventloop.h"
#include "rawhttp.h"

#include <samplecorpus.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>

using namespace assay;
using namespace assay::server;
using namespace assay::bench;
using namespace Qt::StringLiterals;

namespace {

constexpr int kRunsPerBatch = 100;
const QByteArray kKey = "bench-admin-key-Hx4Jq8Lz2Wv6Nc1Rb9";

QJsonObject makeRun(int i)
{
    const Uuid id = Uuid::v7();
    const Timestamp start = Timestamp::fromMicros(1796022959343000 + qint64(i) * 1000);
    return QJsonObject{
        {"id"_L1, id.toString()},
        {"trace_id"_L1, id.toString()},
        {"dotted_order"_L1, dottedOrderSegment(start, id)},
        {"session_name"_L1, u"bench"_s},
        {"name"_L1, u"rag_chain"_s},
        {"run_type"_L1, u"chain"_s},
        {"start_time"_L1, start.toIso()},
        {"end_time"_L1, double(start.millis() + 850)},
        {"inputs"_L1,
         QJsonObject{
             {"question"_L1,
              u"How do I rotate my API key without downtime for the services that use it? (%1)"_s.arg(i)},
             {"context"_L1,
              u"Keys are rotated in Settings > Security. Create the new key first, deploy it to every "
              "service, then revoke the old one. Revocation takes effect on the next request, so "
              "services still holding the old key fail immediately; stagger the rollout."_s}}},
        {"outputs"_L1,
         QJsonObject{{"answer"_L1,
                      u"Create a second key, roll it out to every service, then revoke the first one in "
                      "Settings > Security."_s}}},
        {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"eval_score"_L1, (i % 100) / 100.0},
                                                             {"user_id"_L1, u"user-%1"_s.arg(i % 500)}}},
                                 {"runtime"_L1, QJsonObject{{"sdk"_L1, u"langsmith-js"_s},
                                                            {"sdk_version"_L1, u"0.10.5"_s}}}}},
        {"tags"_L1, QJsonArray{u"production"_s}},
    };
}

QList<QByteArray> makeBatches(int runs, double *runBytes)
{
    QList<QByteArray> batches;
    qint64 bytes = 0;
    for (int b = 0; b * kRunsPerBatch < runs; ++b) {
        QJsonArray post;
        for (int i = 0; i < kRunsPerBatch; ++i) {
            const QJsonObject run = makeRun(b * kRunsPerBatch + i);
            bytes += QJsonDocument(run).toJson(QJsonDocument::Compact).size();
            post.append(run);
        }
        batches.append(QJsonDocument(QJsonObject{{"post"_L1, post}, {"patch"_L1, QJsonArray()}})
                           .toJson(QJsonDocument::Compact));
    }
    *runBytes = double(bytes) / (batches.size() * kRunsPerBatch);
    return batches;
}

// The ceiling: the same rows through Store::upsertRuns, one transaction per batch.
double rawInsertRate(const DatabaseUrl &url, const QList<QByteArray> &batches)
{
    auto store = Store::open(url, u"bench-raw"_s);
    if (!store)
        qFatal("%s", qPrintable(store.error().toString()));
    auto project = (*store)->projectIdForName(u"bench"_s);
    QList<QList<Run>> decoded;
    for (const QByteArray &batch : batches) {
        QList<Run> runs;
        for (const QJsonValue &v : QJsonDocument::fromJson(batch).object().value("post"_L1).toArray()) {
            Run r;
            applyRunUpsert(r, *parseRunUpsert(v.toObject()));
            r.sessionId = *project;
            completeDerivedFields(r);
            runs.append(r);
        }
        decoded.append(runs);
    }
    QElapsedTimer t;
    t.start();
    for (const QList<Run> &runs : decoded) {
        (void)(*store)->begin();
        if (auto ok = (*store)->upsertRuns(runs); !ok)
            qFatal("%s", qPrintable(ok.error().toString()));
        (void)(*store)->commit();
    }
    return decoded.size() * kRunsPerBatch / (t.nsecsElapsed() / 1e9);
}

// One client: a keep-alive connection sending its share of the batches, optionally paced.
class Client : public QThread {
public:
    Client(quint16 port, QList<QByteArray> batches, double batchesPerSecond)
        : m_port(port)
        , m_batches(std::move(batches))
        , m_rate(batchesPerSecond)
    {
    }
    QList<double> latenciesMs;
    int failures = 0;

protected:
    void run() override
    {
        RawHttp http;
        if (!http.connectTo(m_port)) {
            failures = int(m_batches.size());
            return;
        }
        QElapsedTimer clock;
        clock.start();
        for (qsizetype i = 0; i < m_batches.size(); ++i) {
            if (m_rate > 0) { // open-loop pacing: batch i is due at i / rate
                const qint64 due = qint64(i / m_rate * 1e9);
                while (clock.nsecsElapsed() < due)
                    QThread::usleep(200);
            }
            const RawResponse r = http.request("POST", "/api/v1/runs/batch", m_batches.at(i), kKey);
            latenciesMs.append(r.ms);
            if (r.status != 202)
                ++failures;
        }
    }

private:
    quint16 m_port;
    QList<QByteArray> m_batches;
    double m_rate;
};

struct HttpFigures {
    double runsPerSecond = 0;
    double p50 = 0, p99 = 0;
    int failures = 0;
};

HttpFigures httpPass(quint16 port, const QList<QByteArray> &batches, int clients,
                     double totalBatchesPerSecond)
{
    std::vector<std::unique_ptr<Client>> threads;
    for (int c = 0; c < clients; ++c) {
        QList<QByteArray> mine;
        for (qsizetype i = c; i < batches.size(); i += clients)
            mine.append(batches.at(i));
        threads.push_back(std::make_unique<Client>(port, mine, totalBatchesPerSecond / clients));
    }
    QElapsedTimer t;
    t.start();
    for (auto &c : threads)
        c->start();
    // The server lives on this thread: serve until every client is done.
    runEventLoopUntil(
        [&] { return std::all_of(threads.begin(), threads.end(), [](auto &c) { return c->isFinished(); }); });
    const double seconds = t.nsecsElapsed() / 1e9;
    HttpFigures f;
    QList<double> all;
    for (auto &c : threads) {
        c->wait();
        all += c->latenciesMs;
        f.failures += c->failures;
    }
    std::sort(all.begin(), all.end());
    f.runsPerSecond = batches.size() * kRunsPerBatch / seconds;
    f.p50 = all.isEmpty() ? 0 : all.at(all.size() / 2);
    f.p99 = all.isEmpty() ? 0 : all.at(std::min(all.size() - 1, qsizetype(all.size() * 0.99)));
    return f;
}

// Puts `count` enabled rules of the benchmark rule set into one queue of the server's store.
void addRules(Store &store, int count, double samplingRate)
{
    Queue queue;
    queue.id = Uuid::v7();
    queue.name = u"bench-routed"_s;
    queue.createdAt = Timestamp::now();
    if (!store.saveQueue(queue))
        qFatal("cannot create the queue");
    const QStringList filters = test::benchmarkRules();
    for (int i = 0; i < count; ++i) {
        RoutingRule rule;
        rule.id = Uuid::v7();
        rule.name = u"rule %1"_s.arg(i);
        rule.queueId = queue.id;
        rule.filter = filters.at(i % filters.size());
        rule.samplingRate = samplingRate;
        rule.createdAt = rule.updatedAt = Timestamp::now();
        if (!store.saveRule(rule))
            qFatal("cannot create rule %d", i);
    }
}

void benchmark(const QString &label, const DatabaseUrl &rawUrl, const DatabaseUrl &serverUrl, int runs,
               int clients, int rules, double ruleSampling, bool textIndex)
{
    double runBytes = 0;
    const QList<QByteArray> rawBatches = makeBatches(runs, &runBytes);
    const double ceiling = rawInsertRate(rawUrl, rawBatches);

    // No rate limits: the benchmark measures what one key can push through.
    ServerOptions options = ServerOptions::with(serverUrl, QString::fromLatin1(kKey), RateLimits{0, 0, 0, 0});
    options.textIndex = textIndex;
    auto server = AssayServer::create(options);
    if (!server)
        qFatal("%s", qPrintable(server.error().toString()));
    addRules((*server)->store(), rules, ruleSampling);
    auto port = (*server)->listen(QHostAddress::LocalHost, 0);
    if (!port)
        qFatal("%s", qPrintable(port.error().toString()));
    const HttpFigures full = httpPass(*port, makeBatches(runs, &runBytes), clients, 0);
    if (textIndex) { // the text indexer works behind ingest: how far behind, and how long to catch up
        QSqlQuery q((*server)->store().database());
        const auto queued = [&] {
            return q.exec(u"SELECT COUNT(*) FROM untexted_runs"_s) && q.next() ? q.value(0).toLongLong() : -1;
        };
        const qint64 behind = queued();
        QElapsedTimer drain;
        drain.start();
        runEventLoopUntil([&] { return queued() <= 0; });
        std::printf("text index: %lld runs queued after the full pass, indexed in %.1f s (%.0f runs/s)\n",
                    behind, drain.elapsed() / 1000.0, behind / std::max(0.001, drain.elapsed() / 1000.0));
    }
    const double halfRate = full.runsPerSecond / 2 / kRunsPerBatch;
    double routedPercent = 0;
    for (const Queue &q : *(*server)->store().listQueues(ListQuery{}))
        routedPercent += 100.0 * *(*server)->store().queueSize(q.id) / runs;
    const HttpFigures half = httpPass(*port, makeBatches(runs / 2, &runBytes), clients, halfRate);
    std::printf(
        "%-10s%s rules=%-2d sampling=%-4g routed=%5.1f%% runs=%d run_bytes=%.0f clients=%d | ceiling %8.0f "
        "runs/s | http %8.0f runs/s (%3.0f%% of ceiling) "
        "p50 %6.1f ms p99 %6.1f ms | at half load (%.0f runs/s): p50 %6.1f ms p99 %6.1f ms | failures %d\n",
        qPrintable(label), textIndex ? " +text" : "", rules, ruleSampling, routedPercent, runs, runBytes,
        clients, ceiling, full.runsPerSecond, 100 * full.runsPerSecond / ceiling, full.p50, full.p99,
        half.runsPerSecond, half.p50, half.p99, full.failures + half.failures);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption runsOpt(u"runs"_s, u"Runs per pass."_s, u"N"_s, u"50000"_s);
    const QCommandLineOption clientsOpt(u"clients"_s, u"Concurrent clients."_s, u"N"_s, u"4"_s);
    const QCommandLineOption rulesOpt(
        u"rules"_s, u"Also measure with this many active routing rules (0: only without)."_s, u"N"_s,
        u"50"_s);
    const QCommandLineOption samplingOpt(u"rule-sampling"_s, u"The rules' sampling rate."_s, u"RATE"_s,
                                         u"1"_s);
    const QCommandLineOption pgOpt(
        u"postgres"_s, u"Also measure PostgreSQL (a maintenance URL; databases are created)."_s, u"URL"_s);
    const QCommandLineOption textOpt(u"text-index"_s, u"Run the server with --text-index."_s);
    parser.addOptions({runsOpt, clientsOpt, rulesOpt, samplingOpt, pgOpt, textOpt});
    parser.addHelpOption();
    parser.process(app);
    const int runs = parser.value(runsOpt).toInt();
    const int clients = parser.value(clientsOpt).toInt();
    QList<int> ruleCounts{0};
    if (parser.value(rulesOpt).toInt() > 0)
        ruleCounts.append(parser.value(rulesOpt).toInt());

    for (int rules : ruleCounts) {
        QTemporaryDir dir;
        benchmark(u"sqlite"_s, *DatabaseUrl::parse(dir.filePath(u"raw.db"_s)),
                  *DatabaseUrl::parse(dir.filePath(u"server.db"_s)), runs, clients, rules,
                  parser.value(samplingOpt).toDouble(), parser.isSet(textOpt));
    }

    if (parser.isSet(pgOpt)) {
        auto admin = DatabaseUrl::parse(parser.value(pgOpt));
        if (!admin)
            qFatal("%s", qPrintable(admin.error().toString()));
        QStringList names{u"assay_bench_raw"_s, u"assay_bench_server"_s};
        {
            auto conn = openDatabase(*admin, u"bench-admin"_s);
            if (!conn)
                qFatal("%s", qPrintable(conn.error().toString()));
            QSqlQuery q(*conn);
            for (const QString &n : names) {
                q.exec(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(n));
                q.exec(u"CREATE DATABASE %1"_s.arg(n));
            }
        }
        closeDatabase(u"bench-admin"_s);
        DatabaseUrl raw = *admin, srv = *admin;
        raw.database = names[0];
        srv.database = names[1];
        benchmark(u"postgresql"_s, raw, srv, runs, clients, 0, 1.0, parser.isSet(textOpt));
    }
    return 0;
}
