#include "facetindexer.h"

#include "storage/store.h"

#include <QDebug>

namespace assay::server {

FacetIndexer::FacetIndexer(Store &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &FacetIndexer::step);
    m_timer.start();
}

void FacetIndexer::step()
{
    if (Status begun = m_store.begin(); !begun) {
        qWarning().noquote() << "facet indexer:" << begun.error().message;
        return;
    }
    auto indexed = m_store.indexQueuedRunFacets(kRunsPerTransaction);
    Status done = indexed ? m_store.commit() : Status(indexed.error());
    if (!done) {
        m_store.rollback();
        qWarning().noquote() << "facet indexer:" << done.error().message; // tried again at the next tick
        return;
    }
    if (*indexed == kRunsPerTransaction)
        QTimer::singleShot(0, this, &FacetIndexer::step); // more queued: go on, after the requests waiting
}

} // namespace assay::server
