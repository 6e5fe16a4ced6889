// GET /metrics: Prometheus' text format. With an admin key on the API's address, or without a key on
// the address --metrics-listen names (the router lets only /metrics and the probes through there).

#include "apicontext.h"

#include "services/metricsreport.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

HttpResponse metrics(ApiContext &ctx, HttpRequest &)
{
    auto fromDatabase = databaseMetrics(ctx.store, Timestamp::now());
    if (!fromDatabase)
        return HttpResponse::internal(fromDatabase.error());
    HttpResponse response;
    response.contentType = "text/plain; version=0.0.4; charset=utf-8";
    response.body = ctx.state.metrics().render() + *fromDatabase;
    return response;
}

} // namespace

void registerMetricsRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "GET", "/metrics", metrics, Access::Admin);
}

} // namespace assay::server
