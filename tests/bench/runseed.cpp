#include "runseed.h"

#include <samplecorpus.h>

#include <QElapsedTimer>
#include <QRandomGenerator>

#include <cstdio>

namespace assay::bench {

using namespace assay::server;
using namespace Qt::StringLiterals;

Seeded seedRuns(Store &store, const SeedOptions &options)
{
    const QStringList tags{u"prod"_s, u"mobile"_s, u"web"_s, u"eu"_s, u"us"_s};
    QElapsedTimer clock;
    clock.start();
    QRandomGenerator rng(7);
    const QList<test::SampleRun> templates = test::makeRagCorpus(2000, 3);
    Queue queue;
    queue.id = Uuid::v7();
    queue.name = u"bench queue"_s;
    queue.createdAt = Timestamp::now();
    (void)store.begin();
    (void)store.saveQueue(queue);
    (void)store.commit();
    const Uuid session = Uuid::v5(Uuid(), "bench");
    for (int done = 0; done < options.count;) {
        const int chunk = std::min(10000, options.count - done);
        QList<Run> runs;
        QList<Feedback> feedback;
        QList<QueueItem> items;
        for (int i = 0; i < chunk; ++i) {
            Run r = templates.at((done + i) % templates.size()).run;
            r.id = Uuid::v7();
            r.traceId = r.id;
            r.parentRunId.reset();
            r.sessionId = session;
            r.startTime = Timestamp::fromMicros(kSeedStart + qint64(rng.bounded(double(kSeedSpan))));
            QJsonObject metadata = r.metadata();
            const bool low = rng.generateDouble() < options.lowScoreShare;
            metadata.insert("eval_score"_L1, (low ? 0 : 0.5) + rng.generateDouble() * 0.5);
            r.tags = QStringList{tags.at(rng.bounded(tags.size()))};
            if (rng.bounded(100) == 0)
                r.tags.append(u"vip"_s); // 1%
            if (rng.bounded(10000) == 0) // 0.01%: a rare phrase for search()
                metadata.insert("note"_L1, u"escalated to the legal team"_s);
            r.extra.insert("metadata"_L1, metadata);
            if (rng.bounded(100) == 0) {
                Feedback fb;
                fb.id = Uuid::v7();
                fb.runId = r.id;
                fb.key = u"user_rating"_s;
                fb.score = double(rng.bounded(5));
                fb.createdAt = Timestamp::now();
                feedback.append(fb);
            }
            if (done + i < options.queueItems)
                items.append(QueueItem{
                    Uuid::v7(), queue.id, r.id, Timestamp::now(), AddedBy::Sdk, {}, u"bench"_s, {}});
            runs.append(r);
        }
        (void)store.begin();
        // As the server's indexers would.
        bool ok = bool(store.upsertRuns(runs)) && bool(store.queueRunFacets(runs)) &&
                  bool(store.indexQueuedRunFacets(runs.size())) && bool(store.queueRunText(runs)) &&
                  bool(store.indexQueuedRunText(runs.size()));
        for (const Feedback &fb : feedback)
            ok = ok && bool(store.saveFeedback(fb));
        if (!items.isEmpty())
            ok = ok && bool(store.addQueueItems(items));
        if (!ok || !store.commit())
            qFatal("seeding failed");
        done += chunk;
        if (done % 100000 == 0)
            std::fprintf(stderr, "  seeded %d runs (%.0f s)\n", done, clock.elapsed() / 1000.0);
    }
    return {session, queue.id, clock.elapsed() / 1000.0};
}

} // namespace assay::bench
