// Run queries at scale: N runs of ~1 KB (the RAG corpus, with an eval score, tags, a start time spread
// over 30 days and feedback on ~1%) stored through the Store, then first pages of the filters
// over HTTP, a deep unfiltered page, and a queue listing, each repeated for p50/max; beside them a
// reviewer checks out and answers the queue, and its checkouts' p50/p99 are reported at the end.
// --retention instead restarts the server with --retain-runs-days set so that half of the runs expire
// (those queued or with feedback are kept) and times the pass, with the reviewer beside it.
//
//   cmake --preset release && cmake --build --preset release --target assay_bench_query
//   build/release/tests/bench/assay_bench_query [--runs 1000000] [--repeat 5] [--postgres postgresql://...]
//       [--text-index] [--reuse] [--retention]

#include "assayserver.h"
#include "percentile.h"

#include "eventloop.h"
#include "rawhttp.h"
#include "runseed.h"

#include <samplecorpus.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>

using namespace assay;
using namespace assay::server;
using namespace assay::bench;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kKey = "bench-admin-key-Hx4Jq8Lz2Wv6Nc1Rb9";
// What the database takes on disk, indexes included (SQLite: the file and its write-ahead log).
double databaseBytes(Store &store)
{
    if (store.dialect() == Dialect::Sqlite) {
        QSqlQuery checkpoint(store.database());
        checkpoint.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        return double(QFileInfo(store.url().path).size() + QFileInfo(store.url().path + u"-wal"_s).size());
    }
    QSqlQuery q(store.database());
    return q.exec(u"SELECT pg_database_size(current_database())"_s) && q.next() ? q.value(0).toDouble() : 0;
}

struct Case {
    QString name;
    std::function<RawResponse(RawHttp &)> run;
};

RawResponse query(RawHttp &http, const QString &filter, const QString &cursor = {})
{
    QJsonObject body{{"limit"_L1, 100}, {"session"_L1, QJsonArray{Uuid::v5(Uuid(), "bench").toString()}}};
    if (!filter.isEmpty())
        body.insert("filter"_L1, filter);
    if (!cursor.isEmpty())
        body.insert("cursor"_L1, cursor);
    return http.request("POST", "/api/v1/runs/query", QJsonDocument(body).toJson(QJsonDocument::Compact),
                        kKey);
}

class Client : public QThread {
public:
    Client(quint16 port, QList<Case> cases, int repeat)
        : m_port(port)
        , m_cases(std::move(cases))
        , m_repeat(repeat)
    {
    }
    void run() override
    {
        RawHttp http;
        if (!http.connectTo(m_port))
            qFatal("cannot connect");
        for (const Case &c : m_cases) {
            QList<double> ms;
            int runs = -1, status = 0;
            for (int i = 0; i < m_repeat; ++i) {
                const RawResponse r = c.run(http);
                ms.append(r.ms);
                status = r.status;
                runs = int(QJsonDocument::fromJson(r.body).object().value("runs"_L1).toArray().size());
            }
            std::printf("  %-52s p50 %8.1f ms  max %8.1f ms  (status %d, %d runs)\n", qPrintable(c.name),
                        percentile(ms, 0.5), percentile(ms, 1.0), status, runs);
            std::fflush(stdout);
        }
    }

private:
    quint16 m_port;
    QList<Case> m_cases;
    int m_repeat;
};

// A reviewer beside the queries: checks out 20 items of the queue and answers them, again and again, so
// the answered head of the queue grows while checkout is timed.
class Reviewer : public QThread {
public:
    Reviewer(quint16 port, Uuid queueId, const std::atomic<bool> &stop)
        : m_port(port)
        , m_queueId(queueId)
        , m_stop(stop)
    {
    }
    void run() override
    {
        RawHttp http;
        if (!http.connectTo(m_port))
            qFatal("cannot connect");
        const QByteArray checkout =
            QJsonDocument(QJsonObject{{"queue_id"_L1, m_queueId.toString()}, {"count"_L1, 20}})
                .toJson(QJsonDocument::Compact);
        while (!m_stop) {
            const RawResponse r = http.request("POST", "/api/v1/review/checkout", checkout, kKey);
            m_checkoutMs.append(r.ms);
            QJsonArray answers;
            for (const QJsonValue &item :
                 QJsonDocument::fromJson(r.body).object().value("items"_L1).toArray())
                answers.append(QJsonObject{{"id"_L1, Uuid::v7().toString()},
                                           {"queue_id"_L1, m_queueId.toString()},
                                           {"run_id"_L1, item["run"_L1]["id"_L1]},
                                           {"rubric_version"_L1, 1},
                                           {"values"_L1, QJsonObject()},
                                           {"submitted_at"_L1, Timestamp::now().toIso()}});
            if (answers.isEmpty())
                break; // the whole queue is answered
            const RawResponse submitted = http.request(
                "POST", "/api/v1/review/submit",
                QJsonDocument(QJsonObject{{"annotations"_L1, answers}}).toJson(QJsonDocument::Compact), kKey);
            for (const QJsonValue &result :
                 QJsonDocument::fromJson(submitted.body).object().value("results"_L1).toArray())
                m_applied += result["status"_L1].toString() == u"applied"_s;
        }
    }
    void report() const
    {
        std::printf(
            "  %-52s p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms  (%lld checkouts, %d answers applied)\n",
            "review checkout of 20, beside the queries", percentile(m_checkoutMs, 0.5),
            percentile(m_checkoutMs, 0.99), percentile(m_checkoutMs, 1.0),
            static_cast<long long>(m_checkoutMs.size()), m_applied);
    }

private:
    quint16 m_port;
    Uuid m_queueId;
    const std::atomic<bool> &m_stop;
    QList<double> m_checkoutMs;
    int m_applied = 0;
};

qint64 countOf(Store &store, const QString &sql)
{
    QSqlQuery q(store.database());
    if (!q.exec(sql) || !q.next())
        qFatal("cannot count: %s", qPrintable(sql));
    return q.value(0).toLongLong();
}

// Retention's pass over the seeded runs: days chosen so the cutoff falls in the middle of their month.
// What must stay is counted first (each run is its own trace here); the pass is done when the expired
// runs left are exactly those. Counted every 2 s from the position index alone (every seeded run has a
// start time; a count of the whole table took 400–900 ms of a core on PostgreSQL, and one that read
// each row's start time seconds of SQLite's I/O, which the reviewer beside it felt).
int measureRetention(std::unique_ptr<AssayServer> server, ServerOptions options, Uuid queueId)
{
    constexpr qint64 kDay = 86'400'000'000LL;
    const qint64 cutoffAim = kSeedStart + kSeedSpan / 2;
    options.retention.days = int((Timestamp::now().micros() - cutoffAim) / kDay);
    const qint64 cutoff = Timestamp::now().micros() - qint64(options.retention.days) * kDay;
    Store &store = server->store();
    const QString expired = u"SELECT count(*) FROM runs r WHERE COALESCE(r.start_time, 0) < %1"_s.arg(cutoff);
    const qint64 before = countOf(store, u"SELECT count(*) FROM runs"_s);
    const qint64 expiredBefore = countOf(store, expired);
    const qint64 keep =
        countOf(store, expired + u" AND (EXISTS (SELECT 1 FROM queue_items x WHERE x.run_id = r.id)"
                                 " OR EXISTS (SELECT 1 FROM feedback x WHERE x.run_id = r.id))"_s);
    const double bytesBefore = databaseBytes(store);
    server.reset();

    QElapsedTimer clock;
    clock.start();
    auto restarted = AssayServer::create(options);
    if (!restarted)
        qFatal("%s", qPrintable(restarted.error().toString()));
    auto port = (*restarted)->listen(QHostAddress::LocalHost, 0);
    if (!port)
        qFatal("%s", qPrintable(port.error().toString()));
    std::atomic<bool> passDone{false};
    Reviewer reviewer(*port, queueId, passDone);
    reviewer.start();
    qint64 left = expiredBefore;
    QElapsedTimer sinceChange;
    sinceChange.start();
    while (left > keep && sinceChange.elapsed() < 60'000) { // a pass that stalls for a minute is a failure
        runEventLoopUntil([] { return false; }, 2000);
        const qint64 now = countOf((*restarted)->store(), expired);
        if (now != left)
            sinceChange.restart();
        left = now;
    }
    const double seconds = clock.elapsed() / 1000.0;
    passDone = true;
    runEventLoopUntil([&] { return reviewer.isFinished(); });
    reviewer.wait();
    std::printf(
        "retention  %lld runs, %lld expired of which %lld are kept: %lld deleted in %.1f s (%.0f "
        "runs/s, ±2 s), %.0f MB on disk before, %.0f MB after (freed pages are reused, not returned)\n",
        static_cast<long long>(before), static_cast<long long>(expiredBefore), static_cast<long long>(keep),
        static_cast<long long>(expiredBefore - left), seconds, (expiredBefore - left) / seconds,
        bytesBefore / 1e6, databaseBytes((*restarted)->store()) / 1e6);
    reviewer.report();
    return left == keep ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption runsOpt(u"runs"_s, u"Runs to store."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption repeatOpt(u"repeat"_s, u"Repeats per query."_s, u"N"_s, u"5"_s);
    const QCommandLineOption pgOpt(u"postgres"_s, u"A PostgreSQL database URL instead of SQLite."_s,
                                   u"URL"_s);
    const QCommandLineOption textOpt(u"text-index"_s, u"Run the server with --text-index."_s);
    const QCommandLineOption reuseOpt(u"reuse"_s,
                                      u"Measure the runs an earlier run stored (with --postgres)."_s);
    const QCommandLineOption retentionOpt(u"retention"_s,
                                          u"Time a retention pass that deletes half of the runs."_s);
    parser.addOptions({runsOpt, repeatOpt, pgOpt, textOpt, reuseOpt, retentionOpt});
    parser.addHelpOption();
    parser.process(app);
    const int count = parser.value(runsOpt).toInt();
    const int repeat = parser.value(repeatOpt).toInt();

    QTemporaryDir dir;
    const auto url =
        DatabaseUrl::parse(parser.isSet(pgOpt) ? parser.value(pgOpt) : dir.filePath(u"query.db"_s));
    if (!url)
        qFatal("%s", qPrintable(url.error().toString()));
    ServerOptions options = ServerOptions::with(*url, QString::fromLatin1(kKey), RateLimits{0, 0, 0, 0});
    options.textIndex = parser.isSet(textOpt);
    auto server = AssayServer::create(options);
    if (!server)
        qFatal("%s", qPrintable(server.error().toString()));
    const int queueItems = std::min(count, 100000);
    // --reuse: measure a database an earlier run seeded (PostgreSQL keeps it), after ANALYZE, as
    // autovacuum would have done on a server that has been running.
    Seeded seeded;
    if (parser.isSet(reuseOpt)) {
        auto queues = (*server)->store().listQueues(ListQuery{});
        if (!queues || queues->isEmpty())
            qFatal("--reuse: no seeded database here");
        seeded.queueId = queues->first().id;
        QSqlQuery(u"ANALYZE"_s, (*server)->store().database());
    } else {
        seeded = seedRuns((*server)->store(), {count, queueItems, 0.5});
    }
    std::printf("query  %s%s, %d runs stored in %.1f s (%.0f runs/s, with the side index), %.0f MB on disk\n",
                url->dialect == Dialect::Sqlite ? "SQLite" : "PostgreSQL",
                options.textIndex ? " with the text index" : "", count, seeded.seconds,
                count / seeded.seconds, databaseBytes((*server)->store()) / 1e6);
    if (parser.isSet(retentionOpt))
        return measureRetention(std::move(*server), options, seeded.queueId);
    auto port = (*server)->listen(QHostAddress::LocalHost, 0);
    if (!port)
        qFatal("%s", qPrintable(port.error().toString()));

    const QString hour = Timestamp::fromMicros(kSeedStart + kSeedSpan / 2).toIso();
    const QString hourEnd = Timestamp::fromMicros(kSeedStart + kSeedSpan / 2 + 3600LL * 1000 * 1000).toIso();
    const QByteArray queuePath =
        "/api/v1/annotation-queues/" + seeded.queueId.toString().toLatin1() + "/runs";
    QList<Case> cases{
        {u"metadata.eval_score < 0.01 (1%)"_s,
         [](RawHttp &h) { return query(h, u"lt(metadata.eval_score, 0.01)"_s); }},
        {u"metadata.eval_score < 0.0001 (0.01%)"_s,
         [](RawHttp &h) { return query(h, u"lt(metadata.eval_score, 0.0001)"_s); }},
        {u"has_feedback_key(\"user_rating\") (1%)"_s,
         [](RawHttp &h) { return query(h, u"has_feedback_key(\"user_rating\")"_s); }},
        {u"has(tags, \"vip\") (1%)"_s, [](RawHttp &h) { return query(h, u"has(tags, \"vip\")"_s); }},
        {u"start_time within one hour (0.14%)"_s,
         [=](RawHttp &h) {
             return query(h, u"and(gte(start_time, \"%1\"), lt(start_time, \"%2\"))"_s.arg(hour, hourEnd));
         }},
        {u"search(\"password\") (common)"_s, [](RawHttp &h) { return query(h, u"search(\"password\")"_s); }},
        {u"search(\"to the legal\") (0.01%)"_s,
         [](RawHttp &h) { return query(h, u"search(\"to the legal\")"_s); }},
        {u"unfiltered, page 1"_s, [](RawHttp &h) { return query(h, {}); }},
        {u"unfiltered, page 1,000 (following cursors; this page)"_s,
         [](RawHttp &h) {
             QString cursor;
             RawResponse last;
             for (int page = 0; page < 1000; ++page) {
                 last = query(h, {}, cursor);
                 cursor = QJsonDocument::fromJson(last.body)
                              .object()
                              .value("cursors"_L1)
                              .toObject()
                              .value("next"_L1)
                              .toString();
             }
             return last;
         }},
        {u"queue of 100,000 items, first page"_s,
         [=](RawHttp &h) { return h.request("GET", queuePath + "?limit=100", {}, kKey); }},
        {u"queue of 100,000 items, offset 99,900"_s,
         [=](RawHttp &h) { return h.request("GET", queuePath + "?limit=100&offset=99900", {}, kKey); }},
    };
    Client client(*port, cases, repeat);
    std::atomic<bool> queriesDone{false};
    Reviewer reviewer(*port, seeded.queueId, queriesDone);
    client.start();
    reviewer.start();
    runEventLoopUntil([&] { return client.isFinished(); });
    client.wait();
    queriesDone = true;
    runEventLoopUntil([&] { return reviewer.isFinished(); });
    reviewer.wait();
    reviewer.report();
    return 0;
}
