// A queue's health and a calibration round's agreement report at scale: N runs (default 1,000,000), a
// queue of 200,000 of them, 100,000 answers from eight reviewers over 90 days (10,000 items answered by
// three: the odd-one-out look), and a closed round of 20 items × 8 reviewers. Times the health (the
// service alone and GET /health over HTTP) and the round's report (the arithmetic alone, the service with
// its reads, and GET over HTTP), p50 and max of --repeat:
//   build/release/tests/bench/assay_bench_health [--runs 1000000] [--items 200000] [--answers 100000]
//       [--repeat 10] [--postgres postgresql://... [--reuse]]

#include "eventloop.h"
#include "percentile.h"
#include "rawhttp.h"
#include "runseed.h"

#include "assayserver.h"
#include "services/calibrationservice.h"
#include "services/healthservice.h"

#include "core/reviewprotocol.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using namespace assay;
using namespace assay::bench;
using namespace assay::server;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kKey = "bench-admin-key-Hx4Jq8Lz2Wv6Nc1Rb9";
constexpr int kReviewers = 8;
constexpr qint64 kDay = 86'400'000'000LL;

Rubric benchRubric()
{
    auto rubric = parseRubric(QJsonDocument::fromJson(R"({"fields":[
        {"name":"overall_quality","type":"categorical","options":["good","acceptable","bad"],"required":true},
        {"name":"accuracy","type":"continuous","min":1,"max":5},
        {"name":"note","type":"freeform"}]})")
                                  .object());
    return *rubric;
}

Annotation answer(const Uuid &queue, const Uuid &run, int reviewer, QRandomGenerator &rng,
                  const Timestamp &at)
{
    static const QStringList grades{u"good"_s, u"acceptable"_s, u"bad"_s};
    Annotation a;
    a.id = Uuid::v7();
    a.queueId = queue;
    a.runId = run;
    a.reviewerId = u"reviewer-%1"_s.arg(reviewer);
    a.values = QJsonObject{{u"overall_quality"_s, grades.at(rng.bounded(3))},
                           {u"accuracy"_s, double(1 + rng.bounded(5))}};
    a.submittedAt = at;
    a.activeSeconds = 10 + rng.bounded(80);
    return a;
}

void check(const Status &s)
{
    if (!s)
        qFatal("%s", qPrintable(s.error().toString()));
}

void report(const char *what, const QList<double> &ms)
{
    std::printf("  %-58s p50 %8.2f ms  max %8.2f ms\n", what, percentile(ms, 0.5), percentile(ms, 1.0));
    std::fflush(stdout);
}

struct Sizes {
    int runs = 0, items = 0, answers = 0;
};

// The runs, the queue with its rubric and reviewers, the answers over 90 days with their completions
// counted per day, and a closed 20-item round every reviewer answered.
void seedHealthData(Store &store, const DatabaseUrl &dbUrl, const Sizes &sizes, Queue &q,
                    CalibrationRound &round, QList<RoundAnswer> &roundAnswers)
{
    const int runs = sizes.runs, items = sizes.items, answers = sizes.answers;
    const Seeded seeded = seedRuns(store, {runs, items, 0.5});
    std::printf("health  %s: %d runs, %d queued, stored in %.1f s\n",
                dbUrl.dialect == Dialect::Sqlite ? "SQLite" : "PostgreSQL", runs, items, seeded.seconds);

    // The queue's rubric and reviewers; the answers over 90 days with their completions counted per day.
    QElapsedTimer clock;
    clock.start();
    auto queue = store.queueById(seeded.queueId);
    if (!queue || !*queue)
        qFatal("no queue");
    q = **queue;
    q.rubric = benchRubric();
    check(store.begin());
    check(store.saveQueue(q));
    for (int r = 0; r < kReviewers; ++r)
        (void)store.assignReviewer(q.id, u"reviewer-%1"_s.arg(r));
    check(store.commit());
    auto pool = store.unansweredRunsOf(q.id);
    if (!pool)
        qFatal("%s", qPrintable(pool.error().toString()));
    QRandomGenerator rng(11);
    const Timestamp now = Timestamp::now();
    const int tripled = std::min(answers / 10, int(pool->size())); // items answered by three
    const int single = std::min(int(pool->size()), answers - 2 * tripled);
    QHash<qint64, qint64> completionsByDay;
    check(store.begin());
    int written = 0;
    for (int i = 0; i < single; ++i) {
        const int answersHere = i < tripled ? 3 : 1;
        const Timestamp at = Timestamp::fromMicros(now.micros() - qint64(rng.bounded(90.0) * kDay));
        for (int k = 0; k < answersHere; ++k)
            check(store.saveAnnotation(
                {answer(q.id, pool->at(i), (i + k) % kReviewers, rng, at), u"applied"_s, {}}));
        ++completionsByDay[Store::dayOf(at)];
        if (++written % 2000 == 0) {
            check(store.commit());
            check(store.begin());
        }
    }
    for (auto it = completionsByDay.cbegin(); it != completionsByDay.cend(); ++it)
        check(store.addFlow(q.id, it.key(), QString(), u"completions"_s, it.value()));
    check(store.commit());

    // A closed calibration round: 20 unanswered items, every reviewer answered each.
    round = CalibrationRound();
    round.id = Uuid::v7();
    round.queueId = q.id;
    round.createdAt = now;
    round.open = false;
    round.closedAt = now;
    round.selection = u"hand"_s;
    for (int r = 0; r < kReviewers; ++r)
        round.reviewers.append(u"reviewer-%1"_s.arg(r));
    round.runIds = pool->mid(single, 20);
    roundAnswers.clear();
    check(store.begin());
    check(store.insertCalibrationRound(round));
    check(store.closeCalibrationRound(round));
    for (const Uuid &run : std::as_const(round.runIds))
        for (int r = 0; r < kReviewers; ++r) {
            const Annotation a = answer(q.id, run, r, rng, now);
            check(store.saveAnnotation({a, u"applied"_s, {QString(answerflag::kCalibration)}}));
            roundAnswers.append({a.runId, a.reviewerId, a.values, a.comment});
        }
    check(store.commit());
    std::printf("  %d answers (%d items by three reviewers) and a 20 × %d round written in %.1f s\n",
                single + 2 * tripled, tripled, kReviewers, clock.elapsed() / 1000.0);
    if (dbUrl.dialect == Dialect::Postgres)
        (void)QSqlQuery(u"VACUUM ANALYZE"_s, store.database());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption runsOpt(u"runs"_s, u"Runs to store."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption itemsOpt(u"items"_s, u"Items in the queue."_s, u"N"_s, u"200000"_s);
    const QCommandLineOption answersOpt(u"answers"_s, u"Answers in the queue."_s, u"N"_s, u"100000"_s);
    const QCommandLineOption repeatOpt(u"repeat"_s, u"Repeats per measure."_s, u"N"_s, u"10"_s);
    const QCommandLineOption pgOpt(u"postgres"_s, u"A PostgreSQL database URL instead of SQLite."_s,
                                   u"URL"_s);
    const QCommandLineOption reuseOpt(u"reuse"_s, u"Measure what an earlier run stored (with --postgres)."_s);
    parser.addOptions({runsOpt, itemsOpt, answersOpt, repeatOpt, pgOpt, reuseOpt});
    parser.addHelpOption();
    parser.process(app);
    const int runs = parser.value(runsOpt).toInt();
    const int items = std::min(runs, parser.value(itemsOpt).toInt());
    const int answers = parser.value(answersOpt).toInt();
    const int repeat = parser.value(repeatOpt).toInt();

    QTemporaryDir dir;
    const auto url =
        DatabaseUrl::parse(parser.isSet(pgOpt) ? parser.value(pgOpt) : dir.filePath(u"health.db"_s));
    if (!url)
        qFatal("%s", qPrintable(url.error().toString()));
    auto server =
        AssayServer::create(ServerOptions::with(*url, QString::fromLatin1(kKey), RateLimits{0, 0, 0, 0}));
    if (!server)
        qFatal("%s", qPrintable(server.error().toString()));
    Store &store = (*server)->store();
    Queue q;
    CalibrationRound round;
    QList<RoundAnswer> roundAnswers;
    if (parser.isSet(reuseOpt)) {
        auto queues = store.listQueues(ListQuery{});
        if (!queues || queues->isEmpty())
            qFatal("--reuse: no seeded database here");
        q = queues->first();
        auto rounds = store.calibrationRounds(q.id);
        if (!rounds || rounds->isEmpty())
            qFatal("--reuse: no round");
        round = rounds->first();
        auto answersOfRound = store.currentAnnotationsOf(q.id, round.runIds);
        if (!answersOfRound)
            qFatal("--reuse: no answers");
        for (const StoredAnnotation &a : std::as_const(*answersOfRound))
            roundAnswers.append({a.annotation.runId, a.annotation.reviewerId, a.annotation.values, {}});
        std::printf("health  %s: reusing the queue an earlier run stored\n",
                    url->dialect == Dialect::Sqlite ? "SQLite" : "PostgreSQL");
    } else {
        seedHealthData(store, *url, {runs, items, answers}, q, round, roundAnswers);
    }
    auto timed = [&](auto &&work) {
        QList<double> ms;
        for (int i = 0; i < repeat; ++i) {
            QElapsedTimer t;
            t.start();
            work();
            ms.append(t.nsecsElapsed() / 1e6);
        }
        return ms;
    };
    Principal admin;
    admin.id = u"bench"_s;
    admin.role = u"admin"_s;
    report("health: HealthService::health", timed([&] {
               check(store.begin());
               auto h = HealthService(store).health(q, Timestamp::now());
               if (!h)
                   qFatal("%s", qPrintable(h.error().toString()));
               check(store.commit());
           }));
    report("agreement: calibrationReport (20 items × 8 reviewers)",
           timed([&] { (void)calibrationReport(round, q.rubric, roundAnswers); }));
    report("agreement: CalibrationService::get (reads and report)", timed([&] {
               check(store.begin());
               auto s = CalibrationService(store, admin).get(q, round.id);
               if (!s || !s->done() || !s->value.report)
                   qFatal("no report");
               check(store.commit());
           }));

    auto port = (*server)->listen(QHostAddress::LocalHost, 0);
    if (!port)
        qFatal("%s", qPrintable(port.error().toString()));
    const QByteArray base = "/api/v1/annotation-queues/" + q.id.toString().toLatin1();
    QList<double> healthMs, roundMs;
    QByteArray healthBody;
    QThread *client = QThread::create([&] {
        RawHttp http;
        if (!http.connectTo(*port))
            qFatal("cannot connect");
        for (int i = 0; i < repeat; ++i) {
            const RawResponse h = http.request("GET", base + "/health", {}, kKey);
            if (h.status != 200)
                qFatal("health: %d %s", h.status, h.body.constData());
            healthMs.append(h.ms);
            healthBody = h.body;
            const RawResponse r =
                http.request("GET", base + "/calibration-rounds/" + round.id.toString().toLatin1(), {}, kKey);
            if (r.status != 200)
                qFatal("round: %d", r.status);
            roundMs.append(r.ms);
        }
    });
    client->start();
    runEventLoopUntil([&] { return client->isFinished(); });
    client->wait();
    delete client;
    report("GET /annotation-queues/{id}/health", healthMs);
    report("GET /annotation-queues/{id}/calibration-rounds/{round}", roundMs);
    const QJsonObject h = QJsonDocument::fromJson(healthBody).object();
    std::printf("  (depth %lld, backlog %.1f days, %lld reviewers)\n", qint64(h.value("depth"_L1).toDouble()),
                h.value("backlog"_L1).toObject().value("days"_L1).toDouble(),
                qint64(h.value("reviewers"_L1).toArray().size()));
    return 0;
}
