// A queue's health for its lead: GET /annotation-queues/{id}/health (backlog in days of throughput with
// the alarm, 90 days of traffic, the planner's measures, each reviewer's progress). docs/health.md
// defines each number.

#include "queuelookup.h"

#include "queuehealthjson.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

HttpResponse queueHealth(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto health = HealthService(ctx.store).health(queue, Timestamp::now());
    if (!health)
        return HttpResponse::internal(health.error());
    return HttpResponse::json(healthToJson(queue, *health));
}

} // namespace

void registerQueueHealthRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/health", queueHealth, Access::Member, Lane::Read);
}

} // namespace assay::server
