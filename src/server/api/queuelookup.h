#pragma once

// What the annotation-queue route modules (queuesapi.cpp, queueitemsapi.cpp) share: the caller's queue
// service and the queue a path names.

#include "apicontext.h"

#include "services/queueservice.h"

namespace assay::server {

inline QueueService queueServiceFor(ApiContext &ctx, const HttpRequest &req)
{
    return QueueService(ctx.store, req.principal, ctx.tenantId);
}

// Loads the queue the path's {id} names (by id or exact name) into `queue`; on failure, the response to
// send instead (404 for a queue the caller may not see).
std::optional<HttpResponse> loadQueue(ApiContext &ctx, const HttpRequest &req, Queue &queue);

// The item the path's `param` names in `queue`, by queue_run_id or run id, into `item`; else the response.
std::optional<HttpResponse> loadQueueItem(ApiContext &ctx, const HttpRequest &req, const QString &param,
                                          const Queue &queue, QueueItem &item);

// ?status= as LangSmith names a review section: needs_my_review, needs_others_review, and completed or
// archived (the same section: the item has all the answers it needs). Absent: nothing; else a 422.
Result<std::optional<ItemState>> itemStateOf(const HttpRequest &req);

} // namespace assay::server
