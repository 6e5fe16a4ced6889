#pragma once

#include "apicontext.h"

namespace assay::server {

// POST /runs/query: SQL narrows by the structured fields, then the compiled filters (filter,
// trace_filter on each run's root, tree_filter on the other runs of its trace) decide; the cursor is
// the position in the SQL order where the page stopped.
HttpResponse queryRunsRoute(ApiContext &ctx, HttpRequest &request);

} // namespace assay::server
