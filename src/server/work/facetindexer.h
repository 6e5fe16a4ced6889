#pragma once

// Writes the run query's side index (run_facets) for the runs ingest queued in unindexed_runs, in bulk,
// on the write worker between requests. Index pages touched at random cost per transaction, so two
// thousand runs at once cost a fraction of what twenty ingest batches of a hundred each did (ingest ran
// at half its speed with the index written inline). Queries take queued runs as candidates meanwhile,
// so nothing is missed while the indexer is behind; it catches up after start with what a migration
// or a stop left queued.

#include <QObject>
#include <QTimer>

namespace assay::server {

class Store;

class FacetIndexer : public QObject {
public:
    explicit FacetIndexer(Store &store, QObject *parent = nullptr);

    static constexpr qsizetype kRunsPerTransaction = 2000;
    static constexpr int kIntervalMs = 100;

private:
    void step();

    Store &m_store;
    QTimer m_timer;
};

} // namespace assay::server
