#pragma once

#include "apicontext.h"
#include "core/jsonfields.h"
#include "services/runsearch.h"

namespace assay::server {

// POST /runs/query: SQL narrows by the structured fields, then the compiled filters (filter,
// trace_filter on each run's root, tree_filter on the other runs of its trace) decide; the cursor is
// the position in the SQL order where the page stopped.
HttpResponse queryRunsRoute(ApiContext &ctx, HttpRequest &request);
// POST /runs/stats: {"run_count": N} for the structured fields of a runs query body (filters refused).
HttpResponse runStatsRoute(ApiContext &ctx, HttpRequest &request);

// Shared by both generations of the run routes.
// A stored run with its feedback (for feedback_stats), or none when there is no such run.
struct StoredRun {
    Run run;
    QList<Feedback> feedback;
};
Result<std::optional<StoredRun>> storedRun(Store &store, const Uuid &id);
// filter, trace_filter and tree_filter, compiled; a syntax error names its field and position.
Result<RunFilters> compileRunFilters(const QJsonObject &body);
// The structured fields (session, is_root, error, run_type, start_time, ...) and the compiled filters of a
// runs query body: what POST /runs/query narrows by, for routes that act on every run matching it.
Result<RunSearch> runSearchOf(const QJsonObject &body);
// The cursor a page of ours handed out (a position, or "o:<offset>" from earlier versions), placed.
Result<RunSearch> placeRunCursor(RunSearch search, const QString &cursor);
// Runs the search; a response when it failed or was refused, else the page.
std::optional<HttpResponse> searchRuns(ApiContext &ctx, const RunSearch &search, RunPage &page);

} // namespace assay::server
