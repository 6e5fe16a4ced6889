// The request model: the HTTP thread only reads, parses and writes; a slow query holds one read worker
// and nothing else; the server stops promptly whatever a worker is running.

#include "percentile.h"
#include "rawclient.h"
#include "rawhttp.h"
#include "serverharness.h"

#include "api/apicontext.h"
#include "work/facetindexer.h"
#include "work/jobqueue.h"

#include "core/run.h"
#include "core/uuid.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

// One run sent through the API, then `copies` more rows made from it in SQL (so seeding a big table
// takes seconds, not minutes). The copies keep the original's document: a filter that matches none
// of them still has to read and evaluate every one.
QString seedRuns(const std::function<bool(const QString &)> &execSql, ServerHarness *api, int copies)
{
    const QString id = Uuid::v7().toString();
    if (api) {
        const QJsonObject run{
            {"id"_L1, id},
            {"name"_L1, u"answer"_s},
            {"run_type"_L1, u"chain"_s},
            {"start_time"_L1, u"2026-12-01T10:00:00Z"_s},
            {"end_time"_L1, u"2026-12-01T10:00:01Z"_s},
            {"inputs"_L1, QJsonObject{{"question"_L1, u"How do I reset my password?"_s}}},
            {"outputs"_L1, QJsonObject{{"answer"_L1, u"Use the link on the sign-in page."_s}}},
            {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"eval_score"_L1, 0.5}}}}}};
        EXPECT_LT(api->post(u"/runs"_s, run).status, 300);
    }
    EXPECT_TRUE(execSql(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
                        "INSERT INTO runs (id, session_id, trace_id, parent_run_id, start_time, is_root, "
                        "run_type, has_error, "
                        "doc) SELECT 'copy-' || i, r.session_id, 'copy-' || i, NULL, r.start_time - i, 1, "
                        "r.run_type, 0, r.doc "
                        "FROM n, runs r WHERE r.id NOT LIKE 'copy-%%'"_s.arg(copies)));
    return id;
}

// A request on a connection of its own, answered on this thread while the test's thread serves.
struct Answer {
    QByteArray head;
    QByteArray body;
    qint64 elapsedMs = -1;
};
Answer blockingRequest(quint16 port, const QByteArray &method, const QByteArray &path, const QByteArray &body,
                       int waitMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    Answer answer;
    if (!socket.waitForConnected(5000))
        return answer;
    QElapsedTimer clock;
    clock.start();
    socket.write(method + ' ' + path + " HTTP/1.1\r\nHost: x\r\nx-api-key: " + ServerHarness::kAdminKey +
                 "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
                 "\r\nConnection: close\r\n\r\n" + body);
    if (!socket.waitForBytesWritten(5000))
        return answer;
    QByteArray received;
    while (clock.elapsed() < waitMs && socket.state() == QAbstractSocket::ConnectedState)
        if (socket.waitForReadyRead(100))
            received += socket.readAll();
    received += socket.readAll();
    const qsizetype split = received.indexOf("\r\n\r\n");
    if (split < 0)
        return answer;
    answer.head = received.left(split);
    answer.body = received.mid(split + 4);
    answer.elapsedMs = clock.elapsed();
    return answer;
}

// CPU time a process has used so far (user + system), from /proc.
qint64 cpuMillisOf(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const qint64 ticks = fields.value(11).toLongLong() + fields.value(12).toLongLong(); // utime, stime
    return ticks * 1000 / sysconf(_SC_CLK_TCK);
}

QString urlText(const server::DatabaseUrl &url)
{
    if (url.dialect == server::Dialect::Sqlite)
        return u"sqlite://"_s + url.path;
    const QString auth = url.password.isEmpty() ? url.user : url.user + u':' + url.password;
    return u"postgresql://%1@%2:%3/%4"_s.arg(auth, url.host).arg(url.port).arg(url.database);
}

} // namespace

class WorkerPool : public ::testing::TestWithParam<server::Dialect> {};

TEST_P(WorkerPool, ASlowQueryHoldsOneReaderWhileEverythingElseIsAnswered)
{
    ServerHarness srv(GetParam(), {}, {}, [](server::ServerOptions &o) { o.queryBudgetMs = 3000; });
    if (!srv.started())
        GTEST_SKIP() << srv.skipReason().toStdString();
    const QString runId = seedRuns([&](const QString &sql) { return srv.execSql(sql); }, &srv, 150000);

    // A filter no run matches: without the budget it would read all 150,001 runs.
    std::atomic<qint64> slowAnsweredAt{-1};
    QElapsedTimer clock;
    clock.start();
    Answer slow;
    std::thread slowClient([&] {
        slow = blockingRequest(srv.port(), "POST", "/api/v1/runs/query",
                               R"J({"filter": "eq(name, \"never-this-name\")", "limit": 10})J", 60000);
        slowAnsweredAt = clock.elapsed();
    });
    spinFor(300); // the query is on a read worker now

    // Reads, writes and the review protocol all answer while it scans.
    qint64 lastAnsweredAt = 0;
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(srv.get(u"/info"_s).status, 200);
        EXPECT_EQ(srv.get(u"/runs/"_s + runId).status, 200);
        EXPECT_EQ(srv.post(u"/sessions"_s, QJsonObject{{"name"_L1, u"during-%1"_s.arg(i)}}).status, 200);
        EXPECT_EQ(srv.get(u"/review/me"_s).status, 200);
        lastAnsweredAt = clock.elapsed();
    }
    const qint64 slowAtThatTime = slowAnsweredAt.load();
    // The answer is written by this thread's event loop (the server's HTTP thread): keep it turning.
    spinWhile([&] { return slowAnsweredAt.load() < 0; }, 60000);
    slowClient.join();
    EXPECT_EQ(slowAtThatTime, -1) << "the slow query had answered before the others (at " << slowAtThatTime
                                  << " ms; the others by " << lastAnsweredAt << " ms): nothing ran beside it";

    // Past its budget the query answers what it found (nothing) and where to go on from.
    ASSERT_TRUE(slow.head.startsWith("HTTP/1.1 200")) << slow.head.toStdString();
    const QJsonObject page = QJsonDocument::fromJson(slow.body).object();
    EXPECT_EQ(page.value("runs"_L1).toArray().size(), 0);
    EXPECT_TRUE(page.value("cursors"_L1).toObject().value("next"_L1).isString()) << slow.body.toStdString();
}

// SIGTERM while a worker scans: the server exits cleanly and promptly, and what was committed stays.
TEST_P(WorkerPool, SigtermDuringASlowQueryStopsTheServerWithinFiveSeconds)
{
    TestDatabase db(GetParam());
    if (!db.url())
        GTEST_SKIP() << db.skipReason().toStdString();
    {
        auto store = server::Store::open(*db.url(), u"worker-pool-seed"_s);
        ASSERT_TRUE(store) << store.error().message.toStdString();
        server::Store &s = **store;
        // The template row the copies are made from, as ingest would write it.
        const assay::Run run = [] {
            assay::Run r;
            r.id = Uuid::v7();
            r.name = u"answer"_s;
            r.runType = u"chain"_s;
            r.traceId = r.id;
            r.startTime = Timestamp::now();
            return r;
        }();
        ASSERT_TRUE(s.begin());
        ASSERT_TRUE(s.upsertRuns({run}));
        ASSERT_TRUE(s.commit());
        const auto exec = [&](const QString &sql) {
            QSqlQuery q(s.database());
            const bool ok = q.exec(sql);
            EXPECT_TRUE(ok) << q.lastError().text().toStdString();
            return ok;
        };
        seedRuns(exec, nullptr, 400000);
    }
    QTemporaryDir dir;
    QFile keyFile(dir.filePath(u"key"_s));
    ASSERT_TRUE(keyFile.open(QIODevice::WriteOnly));
    keyFile.write(ServerHarness::kAdminKey);
    keyFile.close();
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"ASSAY_BOOTSTRAP_ADMIN_KEY_FILE"_s, keyFile.fileName());
    env.insert(u"ASSAY_DATABASE_URL"_s, urlText(*db.url()));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ASSAY_SERVER_EXE),
            {u"serve"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--query-budget-seconds"_s, u"600"_s});
    ASSERT_TRUE(p.waitForReadyRead(30000)) << p.readAllStandardError().toStdString();
    const QString line = QString::fromUtf8(p.readLine());
    const quint16 port = QRegularExpression(u"http://127.0.0.1:(\\d+)/"_s).match(line).captured(1).toUShort();
    ASSERT_GT(port, 0) << line.toStdString();

    Answer slow;
    std::thread slowClient([&] {
        slow = blockingRequest(port, "POST", "/api/v1/runs/query",
                               R"J({"filter": "eq(name, \"never-this-name\")", "limit": 10})J", 120000);
    });
    QThread::msleep(1000); // into its scan of 400,001 runs, which takes far longer than the test
    const qint64 cpuBefore = cpuMillisOf(p.processId());
    QThread::msleep(1000);
    EXPECT_GE(cpuMillisOf(p.processId()) - cpuBefore, 300) << "the server is not busy with the query";
    QElapsedTimer stopping;
    stopping.start();
    p.terminate();
    ASSERT_TRUE(p.waitForFinished(30000));
    const qint64 stoppedIn = stopping.elapsed();
    slowClient.join();
    EXPECT_EQ(p.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
    EXPECT_LE(stoppedIn, 5000) << "SIGTERM took " << stoppedIn << " ms";
    EXPECT_TRUE(slow.head.isEmpty()) << "the query was cut short, not answered: " << slow.head.toStdString();

    // Everything committed before is there.
    auto store = server::Store::open(*db.url(), u"worker-pool-check"_s);
    ASSERT_TRUE(store);
    QSqlQuery count((*store)->database());
    ASSERT_TRUE(count.exec(u"SELECT COUNT(*) FROM runs"_s) && count.next());
    EXPECT_EQ(count.value(0).toLongLong(), 400001);
}

ASSAY_SERVER_TEST_SUITE(WorkerPool);

namespace {

// A blocking client thread's view of what it sent and what the server acknowledged.
struct Tally {
    QList<double> ms;
    int failures = 0;
    int acknowledged = 0; // runs accepted, answers applied, partial pages
    QString firstFailure;
    void fail(const bench::RawResponse &r, const char *what)
    {
        if (failures++ == 0)
            firstFailure = u"%1: %2 %3"_s.arg(QLatin1StringView(what))
                               .arg(r.status)
                               .arg(QString::fromUtf8(r.body.left(200)));
    }
};

} // namespace

// Ingest at full speed, 20 reviewers checking out and submitting, and a slow query, all at once: the
// reviewers are never held up by the others, nothing acknowledged is lost, and the slow query answers
// partial pages with a cursor. ASSAY_SOAK_SECONDS sets the length (default 12; the issue's soak is 60).
TEST_P(WorkerPool, IngestReviewersAndASlowQueryTogetherLoseNothing)
{
    ServerHarness srv(GetParam(), server::RateLimits{0, 0, 0, 0}, {},
                      [](server::ServerOptions &o) { o.queryBudgetMs = 1000; });
    if (!srv.started())
        GTEST_SKIP() << srv.skipReason().toStdString();
    const int seconds = qEnvironmentVariableIntValue("ASSAY_SOAK_SECONDS") > 0
                            ? qEnvironmentVariableIntValue("ASSAY_SOAK_SECONDS")
                            : 12;
    seedRuns([&](const QString &sql) { return srv.execSql(sql); }, &srv, 60000);

    // A queue that lasts the soak (reviewers answer ~100 items a second between them) and 20 reviewers
    // assigned to it, each with a key of their own.
    const QJsonObject rubric{
        {"fields"_L1, QJsonArray{QJsonObject{{"name"_L1, u"overall_quality"_s},
                                             {"type"_L1, u"categorical"_s},
                                             {"options"_L1, QJsonArray{u"good"_s, u"bad"_s}},
                                             {"required"_L1, true}}}}};
    const QString queue =
        srv.post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"soak"_s}, {"rubric"_L1, rubric}})
            .object()
            .value("id"_L1)
            .toString();
    QJsonArray queued, batch;
    for (int i = 0, n = std::clamp(150 * seconds, 3000, 10000); i < n; ++i) { // a batch takes 10,000
        const QString id = Uuid::v7().toString();
        batch.append(
            QJsonObject{{"id"_L1, id}, {"name"_L1, u"q"_s}, {"end_time"_L1, u"2026-12-01T10:00:00Z"_s}});
        queued.append(id);
    }
    ASSERT_EQ(srv.post(u"/runs/batch"_s, QJsonObject{{"post"_L1, batch}}).status, 202);
    ASSERT_EQ(srv.post(u"/annotation-queues/"_s + queue + u"/runs"_s, queued).status, 200);
    QList<QByteArray> reviewerKeys;
    for (int i = 0; i < 20; ++i) {
        const QString user = srv.post(u"/admin/users"_s, QJsonObject{{"name"_L1, u"reviewer-%1"_s.arg(i)},
                                                                     {"role"_L1, u"reviewer"_s}})
                                 .object()
                                 .value("id"_L1)
                                 .toString();
        ASSERT_FALSE(user.isEmpty());
        ASSERT_EQ(srv.request("PUT", u"/annotation-queues/%1/reviewers/%2"_s.arg(queue, user)).status, 204);
        reviewerKeys.append(srv.post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"k"_s}, {"user_id"_L1, user}})
                                .object()
                                .value("key"_L1)
                                .toString()
                                .toUtf8());
    }
    const qint64 runsBefore = srv.scalar(u"SELECT COUNT(*) FROM runs"_s).toLongLong();

    std::atomic<bool> stop{false};
    const quint16 port = srv.port();
    const QByteArray admin = ServerHarness::kAdminKey;
    Tally ingest, slow;
    std::vector<Tally> reviewers(20);
    std::vector<std::thread> threads;
    threads.emplace_back([&] {
        bench::RawHttp http;
        if (!http.connectTo(port))
            return;
        while (!stop) {
            QJsonArray runs;
            for (int i = 0; i < 100; ++i)
                runs.append(
                    QJsonObject{{"id"_L1, Uuid::v7().toString()},
                                {"name"_L1, u"ingest"_s},
                                {"start_time"_L1, Timestamp::now().toIso()},
                                {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"n"_L1, i}}}}}});
            const auto r = http.request(
                "POST", "/api/v1/runs/batch",
                QJsonDocument(QJsonObject{{"post"_L1, runs}}).toJson(QJsonDocument::Compact), admin);
            ingest.ms.append(r.ms);
            if (r.status == 202)
                ingest.acknowledged += 100;
            else
                ingest.fail(r, "ingest");
        }
    });
    threads.emplace_back([&] {
        bench::RawHttp http;
        if (!http.connectTo(port))
            return;
        QString cursor;
        while (!stop) {
            // No run matches, and name is not narrowed in SQL: a scan of the whole table.
            QJsonObject body{{"filter"_L1, u"eq(name, \"never-this-name\")"_s}, {"limit"_L1, 1000}};
            if (!cursor.isEmpty())
                body.insert("cursor"_L1, cursor);
            const auto r = http.request("POST", "/api/v1/runs/query",
                                        QJsonDocument(body).toJson(QJsonDocument::Compact), admin);
            slow.ms.append(r.ms);
            const QJsonObject page = QJsonDocument::fromJson(r.body).object();
            if (r.status != 200) {
                slow.fail(r, "query");
                continue;
            }
            cursor = page.value("cursors"_L1).toObject().value("next"_L1).toString();
            if (!cursor.isEmpty() && page.value("runs"_L1).toArray().size() < 1000)
                ++slow.acknowledged; // a partial page at the budget
        }
    });
    for (int i = 0; i < 20; ++i) {
        threads.emplace_back([&, i] {
            Tally &t = reviewers[size_t(i)];
            bench::RawHttp http;
            if (!http.connectTo(port))
                return;
            while (!stop) {
                const auto checkout = http.request(
                    "POST", "/api/v1/review/checkout",
                    QJsonDocument(
                        QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 5}, {"lease_minutes"_L1, 30}})
                        .toJson(QJsonDocument::Compact),
                    reviewerKeys.at(i));
                t.ms.append(checkout.ms);
                if (checkout.status != 200) {
                    t.fail(checkout, "checkout");
                    continue;
                }
                QJsonArray answers;
                for (const QJsonValue &item :
                     QJsonDocument::fromJson(checkout.body).object().value("items"_L1).toArray())
                    answers.append(
                        QJsonObject{{"id"_L1, Uuid::v7().toString()},
                                    {"queue_id"_L1, queue},
                                    {"run_id"_L1, item.toObject().value("run"_L1).toObject().value("id"_L1)},
                                    {"rubric_version"_L1, 1},
                                    {"values"_L1, QJsonObject{{"overall_quality"_L1, u"good"_s}}},
                                    {"submitted_at"_L1, Timestamp::now().toIso()}});
                if (answers.isEmpty()) { // nothing left: a real client waits for its next sync
                    std::this_thread::sleep_for(std::chrono::milliseconds(500));
                    continue;
                }
                const auto submit = http.request(
                    "POST", "/api/v1/review/submit",
                    QJsonDocument(QJsonObject{{"annotations"_L1, answers}}).toJson(QJsonDocument::Compact),
                    reviewerKeys.at(i));
                t.ms.append(submit.ms);
                if (submit.status != 200)
                    t.fail(submit, "submit");
                else
                    t.acknowledged += int(submit.body.count("\"applied\""));
            }
        });
    }
    spinFor(seconds * 1000);
    stop = true;
    // The threads finish their last request while this thread's event loop keeps answering.
    std::atomic<int> finished{0};
    std::thread joiner([&] {
        for (std::thread &t : threads)
            t.join();
        finished = 1;
    });
    spinWhile([&] { return finished.load() == 0; }, 120000);
    joiner.join();

    QList<double> reviewerMs;
    int answers = 0;
    for (const Tally &t : reviewers) {
        EXPECT_EQ(t.failures, 0) << t.firstFailure.toStdString();
        reviewerMs += t.ms;
        answers += t.acknowledged;
    }
    EXPECT_EQ(ingest.failures, 0) << ingest.firstFailure.toStdString();
    EXPECT_EQ(slow.failures, 0) << slow.firstFailure.toStdString();
    EXPECT_GT(ingest.acknowledged, 0);
    EXPECT_GT(answers, 0);
    EXPECT_GE(slow.acknowledged, 1) << "the slow query answered partial pages with a cursor";
    EXPECT_EQ(srv.scalar(u"SELECT COUNT(*) FROM runs"_s).toLongLong() - runsBefore, ingest.acknowledged)
        << "every acknowledged run is stored";
    EXPECT_EQ(srv.scalar(u"SELECT COUNT(*) FROM annotations"_s).toInt(), answers)
        << "every applied answer is stored";
    // Timing is the benchmark's to judge on this machine; here: never frozen behind the others.
    EXPECT_LT(bench::percentile(reviewerMs, 1.0), 5000.0);
    std::printf(
        "soak %ds: %d runs ingested (batch p99 %.0f ms), %d answers by 20 reviewers (p50 %.1f ms, p99 "
        "%.1f ms, max %.1f ms), %d partial pages of the slow query (p50 %.0f ms)\n",
        seconds, ingest.acknowledged, bench::percentile(ingest.ms, 0.99), answers,
        bench::percentile(reviewerMs, 0.5), bench::percentile(reviewerMs, 0.99),
        bench::percentile(reviewerMs, 1.0), slow.acknowledged, bench::percentile(slow.ms, 0.5));
}

namespace {
// A job that only has a name, read back from the queue without running it.
struct NamedJob {
    QString name;
    void operator()(server::Worker &) const {}
};
} // namespace

TEST(JobQueue, ReviewersGoFirstAndBulkWorkStillMovesInABurst)
{
    server::JobQueue queue;
    for (int i = 0; i < 3; ++i)
        queue.push(NamedJob{u"batch%1"_s.arg(i)});
    for (int i = 0; i < 6; ++i)
        queue.push(NamedJob{u"review%1"_s.arg(i)}, server::Urgency::Interactive);
    QStringList taken;
    while (std::optional<server::Job> next = queue.take())
        taken.append(next->target<NamedJob>()->name);
    EXPECT_EQ(taken, (QStringList{u"review0"_s, u"review1"_s, u"review2"_s, u"review3"_s, u"batch0"_s,
                                  u"review4"_s, u"review5"_s, u"batch1"_s, u"batch2"_s}))
        << "interactive first, one bulk job after every four, each kind in arrival order";
    EXPECT_TRUE(queue.empty());

    queue.push(NamedJob{u"batch"_s});
    queue.push(NamedJob{u"review"_s}, server::Urgency::Interactive);
    EXPECT_FALSE(queue.empty());
    queue.clear();
    EXPECT_TRUE(queue.empty()) << "a stop drops both kinds";
}

TEST(FacetIndexer, YieldsToReviewersForAFewTurnsButIsNeverStarved)
{
    TestDatabase database(Dialect::Sqlite);
    ASSERT_TRUE(database.url());
    auto opened = server::Store::open(*database.url(), u"indexer-yield-test"_s);
    ASSERT_TRUE(opened.ok()) << opened.error().toString().toStdString();
    server::Store &store = **opened;
    QList<assay::Run> runs;
    for (int i = 0; i < 50; ++i) {
        assay::Run r = rootRun(u"r"_s);
        r.tags = {u"t%1"_s.arg(i)};
        r.sessionId = *store.projectIdForName(u"default"_s);
        runs.append(r);
    }
    ASSERT_TRUE(store.begin().ok());
    ASSERT_TRUE(store.upsertRuns(runs).ok());
    ASSERT_TRUE(store.queueRunFacets(runs).ok());
    ASSERT_TRUE(store.commit().ok());
    auto queued = [&] {
        QSqlQuery q(store.database());
        return q.exec(u"SELECT COUNT(*) FROM unindexed_runs"_s) && q.next() ? q.value(0).toInt() : -1;
    };
    ASSERT_EQ(queued(), 50);

    server::ServerState state;
    int asked = 0;
    server::FacetIndexer indexer(store, state, [&asked] { // a reviewer is always waiting
        ++asked;
        return true;
    });
    QElapsedTimer clock;
    clock.start();
    while (queued() > 0 && clock.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    EXPECT_EQ(queued(), 0) << "indexed after at most " << server::FacetIndexer::kYieldsInARow << " turns";
    EXPECT_GT(asked, server::FacetIndexer::kYieldsInARow) << "it did yield first";
}
