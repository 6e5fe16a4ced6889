// Exports at scale: a queue of N items (default 100,000) whose runs are ~4 KB chat conversations with
// retrieved context, each answered (90 %; a tenth of those by a second reviewer too), exported over
// HTTP as JSONL and as OpenAI fine-tuning JSONL. For each: time to the headers and to the first record,
// throughput (items/s, records/s, MB/s), the server's peak RSS growth over its resting RSS (sampled every
// 10 ms; the server runs in this process, the client discards what it reads), and review checkouts of
// 10 items made every 50 ms by another connection while the export runs (p50 / max):
//   build/release/tests/bench/assay_bench_export [--items 100000] [--postgres postgresql://...]

#include "eventloop.h"
#include "percentile.h"
#include "rawhttp.h"

#include "assayserver.h"
#include "services/queueexport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <atomic>
#include <cstdio>

using namespace assay;
using namespace assay::bench;
using namespace assay::server;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kKey = "bench-admin-key-Hx4Jq8Lz2Wv6Nc1Rb9";

void check(const Status &s)
{
    if (!s)
        qFatal("%s", qPrintable(s.error().toString()));
}

qint64 rssKb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return 0;
}

QString filler(QRandomGenerator &rng, int chars)
{
    static const QStringList words{u"refund"_s, u"annual"_s, u"plan"_s,    u"billing"_s, u"settings"_s,
                                   u"export"_s, u"notes"_s,  u"sync"_s,    u"device"_s,  u"account"_s,
                                   u"team"_s,   u"policy"_s, u"within"_s,  u"days"_s,    u"support"_s};
    QString s;
    while (s.size() < chars)
        s += words.at(rng.bounded(words.size())) + u' ';
    return s;
}

// A ~4 KB run: a system prompt, retrieved context, the user's question and the answer.
Run chatRun(QRandomGenerator &rng, const Uuid &session)
{
    Run r;
    r.id = Uuid::v7();
    r.traceId = r.id;
    r.sessionId = session;
    r.name = u"support_chat"_s;
    r.runType = u"chain"_s;
    r.startTime = Timestamp::now();
    r.endTime = r.startTime;
    QJsonArray context;
    for (int d = 0; d < 3; ++d)
        context.append(QJsonObject{{"page_content"_L1, filler(rng, 800)},
                                   {"metadata"_L1, QJsonObject{{"source"_L1, u"kb/article-%1"_s.arg(d)}}}});
    r.inputs = QJsonObject{
        {"messages"_L1,
         QJsonArray{QJsonObject{{"role"_L1, u"system"_s}, {"content"_L1, filler(rng, 500)}},
                    QJsonObject{{"role"_L1, u"user"_s}, {"content"_L1, filler(rng, 150) + u"?"_s}}}},
        {"context"_L1, context}};
    r.outputs = QJsonObject{{"answer"_L1, filler(rng, 600)}};
    r.extra = QJsonObject{{"metadata"_L1, QJsonObject{{"app_version"_L1, u"2.14.0"_s}, {"eval_score"_L1, 0.4}}}};
    return r;
}

Uuid seed(Store &store, int count)
{
    QElapsedTimer clock;
    clock.start();
    QRandomGenerator rng(5);
    Queue queue;
    queue.id = Uuid::v7();
    queue.name = u"export bench"_s;
    queue.createdAt = Timestamp::now();
    queue.rubric = *parseRubric(QJsonDocument::fromJson(R"({"fields":[
        {"name":"overall_quality","type":"categorical","options":["good","bad"],"required":true},
        {"name":"note","type":"freeform"}]})")
                                    .object());
    check(store.begin());
    check(store.saveQueue(queue));
    check(store.commit());
    const Uuid session = Uuid::v5(Uuid(), "export-bench");
    qint64 bytes = 0;
    for (int done = 0; done < count;) {
        const int chunk = std::min(2000, count - done);
        QList<Run> runs;
        QList<QueueItem> items;
        for (int i = 0; i < chunk; ++i) {
            runs.append(chatRun(rng, session));
            bytes += QJsonDocument(runToJson(runs.last())).toJson(QJsonDocument::Compact).size();
            items.append(QueueItem{Uuid::v7(), queue.id, runs.last().id, Timestamp::now(), AddedBy::Sdk, {},
                                   u"bench"_s, {}});
        }
        check(store.begin());
        check(store.upsertRuns(runs));
        if (!store.addQueueItems(items))
            qFatal("items");
        for (int i = 0; i < chunk; ++i) {
            if ((done + i) % 10 == 9)
                continue; // a tenth stays open: what the checkouts take
            for (int k = 0; k < ((done + i) % 10 == 0 ? 2 : 1); ++k) {
                Annotation a;
                a.id = Uuid::v7();
                a.queueId = queue.id;
                a.runId = runs[i].id;
                a.reviewerId = u"reviewer-%1"_s.arg(k);
                a.values = QJsonObject{{"overall_quality"_L1, rng.bounded(5) == 0 ? u"bad"_s : u"good"_s}};
                a.submittedAt = Timestamp::now();
                a.activeSeconds = 30;
                check(store.saveAnnotation({a, u"applied"_s, {}}));
            }
        }
        check(store.commit());
        done += chunk;
    }
    std::printf("export  %d items, runs of %.1f KB on average, stored in %.1f s\n", count,
                bytes / 1024.0 / count, clock.elapsed() / 1000.0);
    return queue.id;
}

struct StreamFigures {
    double headersMs = 0, firstRecordMs = 0, totalMs = 0;
    qint64 bytes = 0, records = 0;
    bool complete = false;
};

// GET a streamed export on a fresh connection, decoding the chunks and counting lines; the body is dropped.
StreamFigures stream(quint16 port, const QByteArray &path)
{
    StreamFigures f;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        qFatal("cannot connect");
    QElapsedTimer clock;
    clock.start();
    socket.write("GET " + path + " HTTP/1.1\r\nHost: bench\r\nx-api-key: " + kKey + "\r\n\r\n");
    QByteArray buffer;
    bool inHeaders = true;
    qint64 chunkLeft = -1; // -1: a size line is next
    while (!f.complete) {
        if (!socket.waitForReadyRead(30000))
            qFatal("the export stalled");
        buffer += socket.readAll();
        if (inHeaders) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                continue;
            if (!buffer.startsWith("HTTP/1.1 200"))
                qFatal("export: %s", buffer.left(300).constData());
            f.headersMs = clock.nsecsElapsed() / 1e6;
            buffer.remove(0, end + 4);
            inHeaders = false;
        }
        for (;;) {
            if (chunkLeft == 0) { // a chunk's data is in: its CRLF next
                if (buffer.size() < 2)
                    break;
                buffer.remove(0, 2);
                chunkLeft = -1;
            }
            if (chunkLeft < 0) {
                const qsizetype eol = buffer.indexOf("\r\n");
                if (eol < 0)
                    break;
                chunkLeft = buffer.left(eol).toLongLong(nullptr, 16);
                buffer.remove(0, eol + 2);
                if (chunkLeft == 0) {
                    f.complete = true;
                    break;
                }
            }
            const qint64 take = std::min<qint64>(chunkLeft, buffer.size());
            if (take == 0)
                break;
            const qint64 lines = buffer.left(take).count('\n');
            if (lines > 0 && f.records == 0)
                f.firstRecordMs = clock.nsecsElapsed() / 1e6;
            f.records += lines;
            f.bytes += take;
            chunkLeft -= take;
            buffer.remove(0, take);
        }
    }
    f.totalMs = clock.nsecsElapsed() / 1e6;
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption itemsOpt(u"items"_s, u"Items in the queue."_s, u"N"_s, u"100000"_s);
    const QCommandLineOption pgOpt(u"postgres"_s, u"A PostgreSQL database URL instead of SQLite."_s, u"URL"_s);
    parser.addOptions({itemsOpt, pgOpt});
    parser.addHelpOption();
    parser.process(app);
    const int items = parser.value(itemsOpt).toInt();

    QTemporaryDir dir;
    const auto url = DatabaseUrl::parse(parser.isSet(pgOpt) ? parser.value(pgOpt) : dir.filePath(u"export.db"_s));
    if (!url)
        qFatal("%s", qPrintable(url.error().toString()));
    auto server = AssayServer::create(ServerOptions::with(*url, QString::fromLatin1(kKey), RateLimits{0, 0, 0, 0}));
    if (!server)
        qFatal("%s", qPrintable(server.error().toString()));
    const Uuid queue = seed((*server)->store(), items);
    if (url->dialect == Dialect::Postgres)
        (void)QSqlQuery(u"VACUUM ANALYZE"_s, (*server)->store().database());
    auto port = (*server)->listen(QHostAddress::LocalHost, 0);
    if (!port)
        qFatal("%s", qPrintable(port.error().toString()));

    // The service alone, on the server's own connection: the ceiling of what one worker makes.
    for (const char *format : {"jsonl", "openai"}) {
        Store &store = (*server)->store();
        auto queueRow = store.queueById(queue);
        ExportRequest request;
        request.format = *exportFormatNamed(QString::fromLatin1(format));
        auto opened = QueueExport::open(store, **queueRow, request);
        if (!opened || !opened->done())
            qFatal("cannot open the export");
        QElapsedTimer clock;
        clock.start();
        qint64 bytes = 0;
        for (;;) {
            check(store.begin());
            auto piece = opened->value->next(store);
            store.rollback();
            if (!piece)
                qFatal("%s", qPrintable(piece.error().toString()));
            bytes += piece->bytes.size();
            if (piece->last)
                break;
        }
        const double seconds = clock.nsecsElapsed() / 1e9;
        std::printf("  %-7s QueueExport alone: %.0f items/s, %.1f MB/s\n", format, items / seconds, bytes / 1e6 / seconds);
    }

    for (const char *format : {"jsonl", "openai", "jsonl", "openai"}) {
        const qint64 restingKb = rssKb();
        std::atomic<qint64> peakKb{restingKb};
        std::atomic<bool> exporting{true};
        QList<double> checkoutMs;
        StreamFigures figures;
        QThread *sampler = QThread::create([&] {
            while (exporting) {
                peakKb = std::max(peakKb.load(), rssKb());
                QThread::msleep(10);
            }
        });
        QThread *reviewer = QThread::create([&] {
            RawHttp http;
            if (!http.connectTo(*port))
                qFatal("cannot connect");
            const QByteArray body = QJsonDocument(QJsonObject{{"queue_id"_L1, queue.toString()},
                                                              {"count"_L1, 10},
                                                              {"lease_minutes"_L1, 1}})
                                        .toJson(QJsonDocument::Compact);
            while (exporting) {
                const RawResponse r = http.request("POST", "/api/v1/review/checkout", body, kKey);
                if (r.status != 200)
                    qFatal("checkout: %d %s", r.status, r.body.left(200).constData());
                checkoutMs.append(r.ms);
                QThread::msleep(50);
            }
        });
        QThread *exporter = QThread::create([&] {
            figures = stream(*port, "/api/v1/annotation-queues/" + queue.toString().toLatin1() +
                                        "/export?format=" + format);
            exporting = false;
        });
        sampler->start();
        reviewer->start();
        exporter->start();
        runEventLoopUntil([&] { return exporter->isFinished() && reviewer->isFinished() && sampler->isFinished(); });
        for (QThread *t : {sampler, reviewer, exporter}) {
            t->wait();
            delete t;
        }
        const double seconds = figures.totalMs / 1000.0;
        std::printf("  %-7s %lld records, %.1f MB in %.2f s: %.0f items/s, %.0f records/s, %.1f MB/s; headers "
                    "%.1f ms, first record %.1f ms; RSS %lld MB resting, +%lld MB at peak; checkout during it "
                    "p50 %.1f ms max %.1f ms (%lld)\n",
                    format, figures.records, figures.bytes / 1e6, seconds, items / seconds, figures.records / seconds,
                    figures.bytes / 1e6 / seconds, figures.headersMs, figures.firstRecordMs, restingKb / 1024,
                    (peakKb - restingKb) / 1024, percentile(checkoutMs, 0.5), percentile(checkoutMs, 1.0),
                    qint64(checkoutMs.size()));
        std::fflush(stdout);
    }
    return 0;
}
