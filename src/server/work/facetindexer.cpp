#include "facetindexer.h"

#include "api/apicontext.h"
#include "storage/store.h"

#include <QDebug>

namespace assay::server {

using namespace Qt::StringLiterals;

FacetIndexer::FacetIndexer(Store &store, const ServerState &state, std::function<bool()> reviewersWaiting,
                           QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_state(state)
    , m_reviewersWaiting(std::move(reviewersWaiting))
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &FacetIndexer::step);
    m_timer.start();
}

void FacetIndexer::step()
{
    if (m_state.stopping())
        return;
    if (m_reviewersWaiting && m_reviewersWaiting() && m_yielded < kYieldsInARow) {
        ++m_yielded;
        QTimer::singleShot(0, this, &FacetIndexer::step); // after the worker's next job
        return;
    }
    m_yielded = 0;
    const bool moreFacets = indexed(u"facet indexer"_s, kRunsPerTransaction,
                                    [this] { return m_store.indexQueuedRunFacets(kRunsPerTransaction); });
    const bool moreText = m_store.textIndexed() &&
                          indexed(u"text indexer"_s, kTextRunsPerTransaction,
                                  [this] { return m_store.indexQueuedRunText(kTextRunsPerTransaction); });
    if (moreFacets || moreText)
        QTimer::singleShot(0, this, &FacetIndexer::step); // more queued: go on, after the requests waiting
}

bool FacetIndexer::indexed(const QString &what, qsizetype batch,
                           const std::function<Result<qsizetype>()> &index)
{
    if (Status begun = m_store.begin(); !begun) {
        qWarning().noquote() << what + u':' << begun.error().message;
        return false;
    }
    auto count = index();
    Status done = count ? m_store.commit() : Status(count.error());
    if (!done) {
        m_store.rollback();
        if (!m_state.stopping()) // interrupted because the server stops: not worth a warning
            qWarning().noquote() << what + u':' << done.error().message; // tried again next tick
        return false;
    }
    return *count == batch;
}

} // namespace assay::server
