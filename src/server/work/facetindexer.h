#pragma once

// Writes the run query's side index (run_facets) for the runs ingest queued in unindexed_runs, in bulk,
// on the write worker between requests, and the text index for those in untexted_runs when the server
// has one (--text-index). Written inside each ingest batch's transaction, the index cost
// about 4.6 ms per 100 runs (its inserts land on random pages, and each commit writes them all) and
// ingest ran at half its speed; in transactions of 500 runs it costs about 2.8 ms per 100. Queries take
// queued runs as candidates meanwhile, so nothing is missed while the indexer is behind; after a start
// it finishes what a migration or a stop left queued.

#include "core/result.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace assay::server {

class Store;
class ServerState;

class FacetIndexer : public QObject {
public:
    // Idle once `state` says the server stops (what is queued stays queued for the next start). A step
    // waits while `reviewersWaiting` says a reviewer's request is queued, for at most kYieldsInARow
    // turns, so it delays reviewers as little as a bulk job does and still keeps up with ingest.
    FacetIndexer(Store &store, const ServerState &state, std::function<bool()> reviewersWaiting = {},
                 QObject *parent = nullptr);

    static constexpr qsizetype kRunsPerTransaction = 500;
    // The text index (--text-index) costs ~300 µs a run: smaller transactions keep requests flowing.
    static constexpr qsizetype kTextRunsPerTransaction = 100;
    static constexpr int kIntervalMs = 100;
    static constexpr int kYieldsInARow = 4;

private:
    void step();
    // One transaction of `index`; whether it did a whole `batch` (so more may be queued).
    bool indexed(const QString &what, qsizetype batch, const std::function<Result<qsizetype>()> &index);

    Store &m_store;
    const ServerState &m_state;
    std::function<bool()> m_reviewersWaiting;
    int m_yielded = 0;
    QTimer m_timer;
};

} // namespace assay::server
