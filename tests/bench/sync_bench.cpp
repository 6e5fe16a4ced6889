// The desktop client's sync against a real assay-server on its own thread, over loopback:
//   - an offline checkout of 10,000 items (~4 KB runs) into an empty cache (target <= 1.5 s)
//   - a push of 10,000 answers (target <= 1 s)
//   - a sync with nothing new (target <= 50 ms), repeated for p50/p99
//
//   cmake --preset release && cmake --build --preset release --target assay_bench_sync
//   build/release/tests/bench/assay_bench_sync [--items 10000] [--idle-syncs 50]
// ASSAY_BENCH_TRACE=1 prints the engine's states and each thread's CPU time during the push;
// ASSAY_BENCH_PERF_CTL=<fifo> with `perf record -D -1 --control fifo:<fifo>` profiles the push alone.

#include "api/apiclient.h"
#include "assayserver.h"
#include "auth/apikeys.h"
#include "percentile.h"
#include "store/localstore.h"
#include "sync/syncengine.h"

#include <samplecorpus.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QMap>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QThread>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace assay;
using namespace assay::client;
using namespace assay::server;
using namespace assay::bench;
using namespace Qt::StringLiterals;

namespace {

const QString kAdminKey = u"bench-admin-key-Hx4Jq8Lz2Wv6Nc1Rb9"_s;
const QString kReviewerKey = u"assay_benchreviewer000000000000000000000000000"_s;

// The server and its data, on a thread of its own (as a separate process would be).
class ServerThread : public QThread {
public:
    ServerThread(QString dbPath, int items)
        : m_dbPath(std::move(dbPath))
        , m_items(items)
    {
    }
    quint16 port = 0;
    QString queueId;
    QString error;
    QSemaphore ready;

protected:
    void run() override
    {
        auto server = AssayServer::create(
            ServerOptions::with(*DatabaseUrl::parse(m_dbPath), kAdminKey, RateLimits{0, 0, 0, 0}));
        if (!server) {
            error = server.error().toString();
            ready.release();
            return;
        }
        if (Status seeded = seed((*server)->store()); !seeded) {
            error = seeded.error().toString();
            ready.release();
            return;
        }
        auto listening = (*server)->listen(QHostAddress::LocalHost, 0);
        if (!listening)
            error = listening.error().toString();
        else
            port = *listening;
        ready.release();
        exec();
    }

private:
    Status seed(Store &store)
    {
        if (Status begun = store.begin(); !begun)
            return begun;
        // RAG runs padded to ~4 KB: the question, three retrieved documents, the answer, metadata.
        QList<Run> runs;
        const QString padding = QString(1800, u'x');
        for (auto &s : test::makeRagCorpus(m_items, 7)) {
            Run r = s.run;
            // Time-ordered ids, as the LangSmith SDK sends them (uuid v7: see the captured requests in
            // ../shared/fixtures/langsmith-wire); the corpus's ids are random.
            r.id = Uuid::v7();
            r.traceId = r.id;
            r.sessionId = Uuid::v5(Uuid(), "bench");
            r.outputs.insert("reasoning"_L1, padding);
            runs.append(r);
        }
        if (Status stored = store.upsertRuns(runs); !stored)
            return stored;
        Queue queue;
        queue.id = Uuid::v7();
        queue.name = u"support answers"_s;
        queue.rubric = *parseRubric(QJsonDocument::fromJson(R"({"fields":[
            {"name":"overall_quality","type":"categorical","options":["good","acceptable","bad"],"required":true},
            {"name":"groundedness","type":"categorical","options":["grounded","partially","hallucinated"],"required":true},
            {"name":"reviewer_note","type":"freeform"}]})")
                                        .object());
        queue.createdAt = Timestamp::now();
        if (Status saved = store.saveQueue(queue); !saved)
            return saved;
        QList<QueueItem> items;
        for (const Run &r : runs)
            items.append(QueueItem{
                Uuid::v7(), queue.id, r.id, Timestamp::now(), AddedBy::Sdk, {}, u"sampled 1%"_s, {}});
        if (auto added = store.addQueueItems(items); !added)
            return added.error();
        const UserRecord user{Uuid::v7().toString(), u"bench reviewer"_s, {},
                              u"reviewer"_s,         Timestamp::now(),    std::nullopt};
        if (Status u = store.insertUser(user); !u)
            return u;
        NewApiKey key = apiKeyFromSecret(kReviewerKey, u"bench"_s, u"reviewer"_s);
        key.record.userId = user.id;
        if (Status k = ensureApiKey(store, key); !k)
            return k;
        if (auto assigned = store.assignReviewer(queue.id, user.id); !assigned)
            return assigned.error();
        queueId = queue.id.toString();
        return store.commit();
    }

    QString m_dbPath;
    int m_items;
};

// Runs one cycle; returns its wall time in ms, and the time until the engine left Pushing.
struct Cycle {
    double totalMs = 0;
    double pushMs = 0;
    bool ok = false;
};

Cycle syncOnce(SyncEngine &engine, const std::function<void()> &start)
{
    if (engine.busy()) { // a cycle asked for earlier finishes first
        QEventLoop earlier;
        QObject::connect(&engine, &SyncEngine::cycleFinished, &earlier, [&] {
            if (!engine.busy())
                earlier.quit();
        });
        earlier.exec();
    }
    Cycle c;
    // An event loop that sleeps while it waits: QCoreApplication::processEvents drops WaitForMoreEvents,
    // so polling it in a loop would spin a core the server and Qt's network thread need.
    QEventLoop loop;
    QElapsedTimer t;
    auto finished = QObject::connect(&engine, &SyncEngine::cycleFinished, [&](bool ok) {
        c.ok = ok;
        c.totalMs = double(t.nsecsElapsed()) / 1e6;
        loop.quit();
    });
    auto states = QObject::connect(&engine, &SyncEngine::stateChanged, [&](SyncEngine::State s) {
        if (s == SyncEngine::State::Pulling && c.pushMs == 0)
            c.pushMs = double(t.nsecsElapsed()) / 1e6;
    });
    t.start();
    start();
    loop.exec();
    QObject::disconnect(finished);
    QObject::disconnect(states);
    return c;
}

// CPU time per thread name (ms), from /proc: which of the process's threads a phase keeps busy.
QMap<QString, double> threadCpuMs()
{
    QMap<QString, double> cpu;
    const double msPerTick = 1000.0 / double(sysconf(_SC_CLK_TCK));
    for (const QString &task : QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(u"/proc/self/task/%1/stat"_s.arg(task));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const qsizetype open = line.indexOf('('), close = line.lastIndexOf(')');
        const QList<QByteArray> fields = line.mid(close + 2).split(' '); // from field 3, "state"
        if (open < 0 || close < 0 || fields.size() < 13)
            continue;
        cpu[QString::fromUtf8(line.mid(open + 1, close - open - 1))] +=
            (fields.at(11).toDouble() + fields.at(12).toDouble()) * msPerTick; // utime, stime
    }
    return cpu;
}

// `perf record --control fifo:CTL -D -1` with ASSAY_BENCH_PERF_CTL=CTL profiles the push alone.
void perfControl(const char *command)
{
    const QByteArray fifo = qgetenv("ASSAY_BENCH_PERF_CTL");
    if (fifo.isEmpty())
        return;
    if (FILE *f = std::fopen(fifo.constData(), "w")) {
        std::fprintf(f, "%s\n", command);
        std::fclose(f);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption itemsOpt(u"items"_s, u"Items to check out and answer."_s, u"N"_s, u"10000"_s);
    const QCommandLineOption idleOpt(u"idle-syncs"_s, u"Syncs with nothing new, for p50/p99."_s, u"N"_s,
                                     u"50"_s);
    parser.addOptions({itemsOpt, idleOpt});
    parser.addHelpOption();
    parser.process(app);
    const int items = parser.value(itemsOpt).toInt();
    const int idleSyncs = parser.value(idleOpt).toInt();

    QTemporaryDir dir;
    ServerThread server(dir.filePath(u"server.db"_s), items);
    server.setObjectName(u"assay-server"_s); // the thread's name, for profilers
    server.start();
    server.ready.acquire();
    if (!server.error.isEmpty())
        qFatal("server: %s", qPrintable(server.error));

    auto store = LocalStore::open(dir.filePath(u"client"_s), u"bench"_s);
    if (!store)
        qFatal("%s", qPrintable(store.error().message));
    ApiClient api(QUrl(u"http://127.0.0.1:%1/api/v1"_s.arg(server.port)), kReviewerKey.toUtf8());
    SyncSettings settings;
    settings.intervalMs = 3600 * 1000;
    SyncEngine engine(**store, api, settings);
    QElapsedTimer sinceLastState;
    sinceLastState.start();
    if (qEnvironmentVariableIsSet("ASSAY_BENCH_TRACE"))
        QObject::connect(&engine, &SyncEngine::stateChanged, [&](SyncEngine::State s) {
            std::fprintf(stderr, "-> state %d after %.1f ms\n", int(s),
                         double(sinceLastState.nsecsElapsed()) / 1e6);
            sinceLastState.restart();
        });
    if (qEnvironmentVariableIsSet("ASSAY_BENCH_TRACE"))
        QObject::connect(&engine, &SyncEngine::cycleFinished,
                         [](bool ok) { std::fprintf(stderr, "finished %d\n", ok); });
    const Uuid queue = *Uuid::parse(server.queueId);

    // 1. The offline batch into an empty cache.
    const Cycle checkout = syncOnce(engine, [&] { engine.takeOffline(queue, items, 24 * 60); });
    const qint64 cached = *(*store)->cache().itemCount();

    // 2. Every item answered offline, then one push.
    QElapsedTimer saving;
    saving.start();
    auto list = (*store)->cache().items(queue);
    for (const CachedItem &item : *list) {
        Annotation a;
        a.id = Uuid::v7();
        a.queueId = queue;
        a.runId = item.runId;
        a.values = QJsonObject{{"overall_quality"_L1, u"good"_s},
                               {"groundedness"_L1, u"grounded"_s},
                               {"reviewer_note"_L1, u"clear, cites the right article"_s}};
        a.submittedAt = Timestamp::now();
        a.activeSeconds = 38.5;
        if (!(*store)->work().saveAnswer(a))
            qFatal("cannot save an answer");
    }
    const double saveMs = double(saving.nsecsElapsed()) / 1e6;
    const QMap<QString, double> cpuBefore = threadCpuMs();
    perfControl("enable");
    const Cycle push = syncOnce(engine, [&] { engine.syncNow(); });
    perfControl("disable");
    if (qEnvironmentVariableIsSet("ASSAY_BENCH_TRACE")) {
        const QMap<QString, double> cpuAfter = threadCpuMs();
        for (auto it = cpuAfter.begin(); it != cpuAfter.end(); ++it)
            std::fprintf(stderr, "push cycle CPU: %s %.0f ms\n", qPrintable(it.key()),
                         it.value() - cpuBefore.value(it.key()));
    }
    const qint64 sent = *(*store)->work().count(AnswerState::Sent);
    if (!push.ok || sent != cached)
        std::fprintf(stderr, "push: %s; %lld sent, %lld unsent, %lld need attention; %s\n",
                     push.ok ? "ok" : "failed", sent, *(*store)->work().count(AnswerState::Unsent),
                     *(*store)->work().count(AnswerState::NeedsAttention), qPrintable(engine.lastError()));

    // 3. Nothing new.
    QList<double> idle;
    for (int i = 0; i < idleSyncs; ++i)
        idle.append(syncOnce(engine, [&] { engine.syncNow(); }).totalMs);

    std::printf(
        "sync items=%d | checkout of %lld items into an empty cache: %.0f ms (%s) | push of %lld answers: "
        "%.0f ms (whole cycle with the feed: %.0f ms; saving them locally one by one: %.0f ms) | sync with "
        "nothing new: p50 %.1f ms p99 %.1f ms over %d\n",
        items, cached, checkout.totalMs, checkout.ok ? "ok" : "FAILED", sent, push.pushMs, push.totalMs,
        saveMs, percentile(idle, 0.5), percentile(idle, 0.99), idleSyncs);
    if (qEnvironmentVariableIsSet("ASSAY_BENCH_HOLD")) { // keep the server up for a look with curl
        std::fprintf(stderr, "server on port %d, key %s; Ctrl+C to end\n", server.port,
                     qPrintable(kReviewerKey));
        QThread::sleep(600);
    }
    server.quit();
    server.wait();
    return checkout.ok && push.ok && cached >= items && sent == cached ? 0 : 1;
}
