#pragma once

// Run search: the engine behind POST /runs/query and POST /api/v2/runs/query. SQL narrows by the
// structured fields and by what the filter implies (through indexes); the compiled filters decide each
// run (filter on the run, trace_filter on its trace's root, tree_filter on the other runs of its
// trace). A page stops at the limit or at the time budget, with the position where it stopped as the
// next cursor: never a scan without end, never an offset walk.

#include "auth/refusal.h"
#include "core/filter/compiledfilter.h"
#include "storage/store.h"

#include <QHash>

#include <functional>

namespace assay::server {

struct RunFilters {
    std::optional<filter::CompiledFilter> filter, traceFilter, treeFilter;
    bool readsFeedback() const;
};

struct RunSearch {
    RunQuery query; // the structured part; its after/offset/limit are the search's own
    RunFilters filters;
    qsizetype limit = 100;
    std::optional<ListPosition> after; // the page starts after this run (a cursor)
    qsizetype offset = 0;              // only for offset cursors issued before positions
};

struct RunPage {
    QList<Run> runs;
    QHash<Uuid, QList<Feedback>> feedback; // of the page's runs
    std::optional<ListPosition> next;      // where the next page starts; none: this was the last
};

class RunSearchService {
public:
    // stopping: whether the server is stopping (a page then ends at its next step, with a cursor).
    RunSearchService(Store &store, std::function<bool()> stopping, qint64 budgetMs);

    static constexpr qsizetype kMaxLimit = 1000;

    // Refused (Invalid, "limit") for a limit outside 1..kMaxLimit.
    Result<Decision<RunPage>> search(const RunSearch &request);

private:
    Store &m_store;
    std::function<bool()> m_stopping;
    qint64 m_budgetMs;
};

} // namespace assay::server
