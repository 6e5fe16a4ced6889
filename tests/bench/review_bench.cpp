// The review protocol under a full offline batch: checkout of 500 items (with their runs and child
// runs) and submit of 500 answers (validated, stored, materialized as feedback), repeated for p50/p99.
//
//   cmake --preset release && cmake --build --preset release --target assay_bench_review
//   build/release/tests/bench/assay_bench_review [--rounds 20] [--items 500]

#include "assayserver.h"
#include "percentile.h"

#include "eventloop.h"
#include "rawhttp.h"

#include <samplecorpus.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>

using namespace assay;
using namespace assay::server;
using namespace assay::bench;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kKey = "bench-admin-key-Hx4Jq8Lz2Wv6Nc1Rb9";

struct Figures {
    QList<double> checkoutMs, submitMs;
    int failures = 0;
    qsizetype checkoutBytes = 0;
};

class Reviewer : public QThread {
public:
    Reviewer(quint16 port, QStringList queues)
        : m_port(port)
        , m_queues(std::move(queues))
    {
    }
    Figures figures;

protected:
    void run() override
    {
        RawHttp http;
        if (!http.connectTo(m_port)) {
            figures.failures = int(m_queues.size());
            return;
        }
        for (const QString &queue : std::as_const(m_queues)) {
            const RawResponse checkout = http.request(
                "POST", "/api/v1/review/checkout",
                QJsonDocument(
                    QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 500}, {"lease_minutes"_L1, 600}})
                    .toJson(QJsonDocument::Compact),
                kKey);
            figures.checkoutMs.append(checkout.ms);
            figures.checkoutBytes = checkout.body.size();
            const QJsonArray items =
                QJsonDocument::fromJson(checkout.body).object().value("items"_L1).toArray();
            if (checkout.status != 200 || items.isEmpty()) {
                ++figures.failures;
                continue;
            }
            QJsonArray answers;
            for (const QJsonValue &item : items)
                answers.append(
                    QJsonObject{{"id"_L1, Uuid::v7().toString()},
                                {"queue_id"_L1, queue},
                                {"run_id"_L1, item.toObject().value("run"_L1).toObject().value("id"_L1)},
                                {"rubric_version"_L1, 1},
                                {"values"_L1, QJsonObject{{"overall_quality"_L1, u"good"_s},
                                                          {"groundedness"_L1, u"grounded"_s},
                                                          {"reviewer_note"_L1, u"clear and grounded"_s}}},
                                {"submitted_at"_L1, Timestamp::now().toIso()},
                                {"active_seconds"_L1, 41.5}});
            const RawResponse submit = http.request(
                "POST", "/api/v1/review/submit",
                QJsonDocument(QJsonObject{{"annotations"_L1, answers}}).toJson(QJsonDocument::Compact), kKey);
            figures.submitMs.append(submit.ms);
            if (submit.status != 200 || !submit.body.contains("\"applied\""))
                ++figures.failures;
        }
    }

private:
    quint16 m_port;
    QStringList m_queues;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption roundsOpt(u"rounds"_s, u"Checkout + submit rounds."_s, u"N"_s, u"20"_s);
    const QCommandLineOption itemsOpt(u"items"_s, u"Items per queue."_s, u"N"_s, u"500"_s);
    parser.addOptions({roundsOpt, itemsOpt});
    parser.addHelpOption();
    parser.process(app);
    const int rounds = parser.value(roundsOpt).toInt();
    const int items = parser.value(itemsOpt).toInt();

    QTemporaryDir dir;
    auto server = AssayServer::create(ServerOptions::with(*DatabaseUrl::parse(dir.filePath(u"review.db"_s)),
                                                          QString::fromLatin1(kKey), RateLimits{0, 0, 0, 0}));
    if (!server)
        qFatal("%s", qPrintable(server.error().toString()));
    Store &store = (*server)->store();
    const Rubric rubric = *parseRubric(QJsonDocument::fromJson(R"({"fields":[
        {"name":"overall_quality","type":"categorical","options":["good","acceptable","bad"],"required":true},
        {"name":"groundedness","type":"categorical","options":["grounded","hallucinated","partially_grounded"],"required":true},
        {"name":"reviewer_note","type":"freeform"}]})")
                                           .object());
    QList<Run> runs;
    for (auto &s : test::makeRagCorpus(items, 11))
        runs.append(s.run);
    for (Run &r : runs)
        r.sessionId = Uuid::v5(Uuid(), "bench");
    (void)store.begin();
    if (!store.upsertRuns(runs))
        qFatal("cannot store runs");
    QStringList queues;
    for (int q = 0; q < rounds; ++q) { // one queue per round, each holding the same runs
        Queue queue;
        queue.id = Uuid::v7();
        queue.name = u"bench %1"_s.arg(q);
        queue.rubric = rubric;
        queue.createdAt = Timestamp::now();
        (void)store.saveQueue(queue);
        QList<QueueItem> queued;
        for (const Run &r : runs)
            queued.append(
                QueueItem{Uuid::v7(), queue.id, r.id, Timestamp::now(), AddedBy::Sdk, {}, u"sampled"_s, {}});
        (void)store.addQueueItems(queued);
        queues.append(queue.id.toString());
    }
    (void)store.commit();
    auto port = (*server)->listen(QHostAddress::LocalHost, 0);
    if (!port)
        qFatal("%s", qPrintable(port.error().toString()));

    Reviewer reviewer(*port, queues);
    reviewer.start();
    runEventLoopUntil([&] { return reviewer.isFinished(); });
    reviewer.wait();
    const Figures &f = reviewer.figures;
    std::printf("review  rounds=%d items=%d | checkout of %d: p50 %6.1f ms p99 %6.1f ms (%.0f KB) | submit "
                "of %d answers: "
                "p50 %6.1f ms p99 %6.1f ms | failures %d\n",
                rounds, items, items, percentile(f.checkoutMs, 0.5), percentile(f.checkoutMs, 0.99),
                f.checkoutBytes / 1024.0, items, percentile(f.submitMs, 0.5), percentile(f.submitMs, 0.99),
                f.failures);
    return f.failures ? 1 : 0;
}
