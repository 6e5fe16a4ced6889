#include "facetindexer.h"

#include "api/apicontext.h"
#include "storage/store.h"

#include <QDebug>

namespace assay::server {

FacetIndexer::FacetIndexer(Store &store, const ServerState &state, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_state(state)
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &FacetIndexer::step);
    m_timer.start();
}

void FacetIndexer::step()
{
    if (m_state.stopping())
        return;
    if (Status begun = m_store.begin(); !begun) {
        qWarning().noquote() << "facet indexer:" << begun.error().message;
        return;
    }
    auto indexed = m_store.indexQueuedRunFacets(kRunsPerTransaction);
    Status done = indexed ? m_store.commit() : Status(indexed.error());
    if (!done) {
        m_store.rollback();
        if (!m_state.stopping()) // interrupted because the server stops: not worth a warning
            qWarning().noquote() << "facet indexer:" << done.error().message; // tried again next tick
        return;
    }
    if (*indexed == kRunsPerTransaction)
        QTimer::singleShot(0, this, &FacetIndexer::step); // more queued: go on, after the requests waiting
}

} // namespace assay::server
