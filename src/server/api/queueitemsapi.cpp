// Queue items and where they stand: the 0.12 SDK's client.annotationQueues.items
// (/platform/annotation-queues/...), and the classic routes that mark, re-place, count and remove items
// (/annotation-queues/status/{queue_run_id}, PATCH .../runs/{queue_run_id}, runs/delete, total_size,
// total_archived, {run_id}/queues, populate; export answers 501 from notimplementedapi.cpp). Marking
// follows LangSmith: "completed" by a reviewer is their review of the item (services/itemstatusservice.h).

#include "queuelookup.h"

#include "services/itemstatusservice.h"

#include "core/jsonfields.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

QString sectionName(ItemState state)
{
    switch (state) {
    case ItemState::NeedsMyReview:
        return u"needs_my_review"_s;
    case ItemState::NeedsOthersReview:
        return u"needs_others_review"_s;
    case ItemState::Completed:
        return u"archived"_s;
    }
    return {};
}

// An item as the platform routes answer it (metadata only, no run payload).
QJsonObject itemJson(const QueueItemView &view, const std::optional<Uuid> &projectId)
{
    const QueueItem &item = view.item;
    return QJsonObject{
        {"id"_L1, item.id.toString()},
        {"queue_id"_L1, item.queueId.toString()},
        {"run_id"_L1, item.runId.toString()},
        {"item_type"_L1, "RUN"_L1},
        {"project_id"_L1, projectId ? QJsonValue(projectId->toString()) : QJsonValue(QJsonValue::Null)},
        {"added_at"_L1, item.addedAt.toJson()},
        {"effective_added_at"_L1, item.addedAt.toJson()},
        {"last_reviewed_time"_L1, jsonOrNull(item.lastReviewedTime)},
        {"completed_by"_L1, QJsonArray::fromStringList(view.completedBy)},
        {"reserved_by"_L1, QJsonArray::fromStringList(view.reservedBy)},
        {"reason"_L1, textOrNull(item.reason)},
    };
}

Result<QJsonArray> itemsJson(ApiContext &ctx, const HttpRequest &req, const Queue &queue,
                             const QList<QueueItem> &items)
{
    auto views = ItemStatusService(ctx.store, req.principal).views(queue, items);
    if (!views)
        return views.error();
    QList<Uuid> runIds;
    for (const QueueItem &item : items)
        runIds.append(item.runId);
    auto heads = ctx.store.runHeads(runIds);
    if (!heads)
        return heads.error();
    QJsonArray out;
    for (const QueueItemView &view : std::as_const(*views))
        out.append(itemJson(view, heads->value(view.item.runId).sessionId));
    return out;
}

// {"<key>": n}: how many items are in the caller's section, or in the whole queue when `section` is
// empty, counted in the database.
HttpResponse countAnswer(ApiContext &ctx, const HttpRequest &req, const Queue &queue,
                         std::optional<ItemState> section, QLatin1StringView key)
{
    if (!section) {
        auto size = ctx.store.queueSize(queue.id);
        if (!size)
            return HttpResponse::internal(size.error());
        return HttpResponse::json(QJsonObject{{key, double(*size)}});
    }
    auto needed = ReviewState::reviewersNeeded(ctx.store, queue);
    if (!needed)
        return HttpResponse::internal(needed.error());
    auto counts = ctx.store.reviewCounts(queue.id, req.principal.id, *needed);
    if (!counts)
        return HttpResponse::internal(counts.error());
    const qint64 n = *section == ItemState::Completed           ? counts->completed
                     : *section == ItemState::NeedsOthersReview ? counts->awaitingOthers
                                                                : counts->toReview();
    return HttpResponse::json(QJsonObject{{key, double(n)}});
}

// The section a platform route requires (?status=).
Result<ItemState> requiredSection(const HttpRequest &req)
{
    auto state = itemStateOf(req);
    if (!state)
        return state.error();
    if (!*state)
        return Error{u"required: needs_my_review, needs_others_review or archived"_s, u"status"_s};
    return **state;
}

HttpResponse listItems(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    if (auto refused = unsupportedParameter(req, {u"min_start_time"_s, u"max_start_time"_s}))
        return *refused;
    if (const QString direction = req.queryValue(u"direction"_s);
        !direction.isEmpty() && direction != u"forward")
        return HttpResponse::error(400, u"only forward is supported by Assay"_s, u"direction"_s);
    auto section = requiredSection(req);
    if (!section)
        return validationError(section.error());
    auto page = pageOf(req, 100, 1000);
    if (!page)
        return validationError(page.error());
    const QString itemType = req.queryValue(u"item_type"_s);
    if (!itemType.isEmpty() && itemType != u"RUN" && itemType != u"THREAD")
        return HttpResponse::error(422, u"expected RUN or THREAD"_s, u"item_type"_s);
    QList<QueueItem> items;
    if (itemType != u"THREAD") { // Assay queues hold runs, never threads
        auto found = queueServiceFor(ctx, req).items(queue, *section, *page);
        if (!found)
            return HttpResponse::internal(found.error());
        items = *found;
    }
    auto json = itemsJson(ctx, req, queue, items);
    if (!json)
        return HttpResponse::internal(json.error());
    const bool more = items.size() >= page->limit;
    return HttpResponse::json(QJsonObject{
        {"items"_L1, *json},
        {"next_cursor"_L1,
         more ? QJsonValue(positionCursor(queuePosition(items.last()))) : QJsonValue(QJsonValue::Null)},
    });
}

HttpResponse createItems(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    if (auto extend = queryBoolean(req, u"extend_trace_retention"_s); !extend)
        return validationError(extend.error());
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const QJsonArray entries = f.array("items"_L1, Need::Required).value_or(QJsonArray());
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    QList<Uuid> runIds;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        JsonFields e(entries.at(i).toObject(), indexedPath(u"items"_s, i));
        if (const QString type = e.string("item_type"_L1).value_or(u"RUN"_s); type != u"RUN")
            return HttpResponse::error(400, u"only RUN items are supported by Assay"_s,
                                       e.pathOf("item_type"_L1));
        if (e.has("source_proposed_example_id"_L1))
            return HttpResponse::error(400, u"is not supported by Assay"_s,
                                       e.pathOf("source_proposed_example_id"_L1));
        auto runId = e.uuid("run_id"_L1, Need::Required);
        if (!entries.at(i).isObject() || e.failed())
            return HttpResponse::badRequest(
                e.failed() ? e.error() : Error{u"expected an object"_s, indexedPath(u"items"_s, i)});
        runIds.append(*runId);
    }
    auto added = queueServiceFor(ctx, req).addRuns(queue, runIds, QString());
    if (!added)
        return HttpResponse::internal(added.error());
    auto json = itemsJson(ctx, req, queue, *added);
    if (!json)
        return HttpResponse::internal(json.error());
    return HttpResponse::json(QJsonObject{{"items"_L1, *json}});
}

// A reviewer's status as LangSmith spells it: "completed", "viewed", or empty (null) for "show it to me
// again".
Result<ReviewMark> reviewMarkOf(const QString &status)
{
    if (status == u"completed")
        return ReviewMark::Completed;
    if (status == u"viewed")
        return ReviewMark::Viewed;
    if (status.isEmpty())
        return ReviewMark::Cleared;
    return Error{u"expected completed, viewed or null"_s, u"status"_s};
}

// {added_at, last_reviewed_time}: null or absent leaves a time as it is; a "status" (completed or viewed)
// is also the caller's status for the item.
HttpResponse updateItemTimes(ApiContext &ctx, HttpRequest &req, const QString &itemParam)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    QueueItem item;
    if (auto failed = loadQueueItem(ctx, req, itemParam, queue, item))
        return *failed;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    if (auto unknown = unknownField(*body, {u"added_at"_s, u"last_reviewed_time"_s, u"status"_s}))
        return *unknown;
    JsonFields f(*body);
    const auto addedAt = f.timestamp("added_at"_L1);
    const auto lastReviewed = f.timestamp("last_reviewed_time"_L1);
    const QString status = f.string("status"_L1).value_or(QString());
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    auto mark = reviewMarkOf(status);
    if (!mark)
        return validationError(mark.error());
    ItemStatusService items(ctx.store, req.principal);
    auto updated = items.setTimes(item, addedAt, lastReviewed);
    if (!updated)
        return HttpResponse::internal(updated.error());
    if (!status.isEmpty()) { // the caller's status too, as POST .../status says it
        auto marked = items.mark(queue, *updated, *mark, std::nullopt);
        if (auto failed = failedOrRefused(marked))
            return *failed;
        *updated = marked->value;
    }
    auto json = itemsJson(ctx, req, queue, {*updated});
    if (!json)
        return HttpResponse::internal(json.error());
    return HttpResponse::json(json->first().toObject());
}

HttpResponse patchItem(ApiContext &ctx, HttpRequest &req)
{
    return updateItemTimes(ctx, req, u"item"_s);
}

HttpResponse patchQueueRun(ApiContext &ctx, HttpRequest &req)
{
    return updateItemTimes(ctx, req, u"run"_s);
}

// POST .../status/{item}: {"status": "completed" | "viewed" | null, "override_added_at": ...} for the
// caller, on an item found by its id alone (the queue is the item's).
HttpResponse markItem(ApiContext &ctx, HttpRequest &req)
{
    auto itemId = pathUuid(req, u"item"_s);
    if (!itemId)
        return validationError(itemId.error());
    auto found = ctx.store.queueItemById(*itemId);
    if (!found)
        return HttpResponse::internal(found.error());
    std::optional<Queue> queue;
    if (*found && req.principal.mayReview((*found)->queueId.toString())) {
        auto q = ctx.store.queueById((*found)->queueId);
        if (!q)
            return HttpResponse::internal(q.error());
        queue = *q;
    }
    if (!queue) // an item in a queue the caller does not review does not exist for them
        return HttpResponse::notFound(u"annotation queue item %1"_s.arg(itemId->toString()));
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    if (auto unknown = unknownField(*body, {u"status"_s, u"override_added_at"_s}))
        return *unknown;
    JsonFields f(*body);
    const QString status = f.string("status"_L1).value_or(QString());
    const auto moveTo = f.timestamp("override_added_at"_L1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    auto mark = reviewMarkOf(status);
    if (!mark)
        return validationError(mark.error());
    ItemStatusService items(ctx.store, req.principal);
    auto marked = items.mark(*queue, **found, *mark, moveTo);
    if (auto failed = failedOrRefused(marked))
        return *failed;
    auto state = ReviewState::loadFor(ctx.store, *queue, {marked->value.runId});
    if (!state)
        return HttpResponse::internal(state.error());
    return HttpResponse::json(QJsonObject{
        {"queue_item_id"_L1, marked->value.id.toString()},
        {"status"_L1, status.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(status)},
        {"is_archived"_L1, state->stateFor(marked->value.runId, req.principal.id) == ItemState::Completed},
        {"override_added_at"_L1, moveTo ? moveTo->toJson() : QJsonValue(QJsonValue::Null)},
    });
}

// Takes items out of the queue one by one (each remembered, so routing rules do not bring it back).
HttpResponse removeItems(ApiContext &ctx, const HttpRequest &req, const Queue &queue, const QList<Uuid> &ids)
{
    QueueService queues = queueServiceFor(ctx, req);
    qsizetype removed = 0;
    for (const Uuid &id : ids) {
        auto decided = queues.removeRun(queue, id);
        if (!decided)
            return HttpResponse::internal(decided.error());
        removed += decided->done() ? 1 : 0;
    }
    return HttpResponse::json(QJsonObject{{"removed"_L1, QString::number(removed)}});
}

HttpResponse deleteItems(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    if (!f.has("item_ids"_L1))
        return HttpResponse::error(422, u"name the items to remove"_s, u"item_ids"_s);
    auto parsed = uuidsIn(f, "item_ids"_L1);
    if (!parsed)
        return validationError(parsed.error());
    return removeItems(ctx, req, queue, *parsed);
}

// POST /annotation-queues/{id}/runs/delete: {"run_ids": [...]} or {"delete_all": true, "exclude_run_ids"}.
HttpResponse deleteQueueRuns(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const bool all = f.boolean("delete_all"_L1).value_or(false);
    auto named = uuidsIn(f, "run_ids"_L1);
    auto excluded = uuidsIn(f, "exclude_run_ids"_L1);
    if (!named || !excluded)
        return validationError(!named ? named.error() : excluded.error());
    if (!all && named->isEmpty())
        return HttpResponse::error(422, u"name the runs to remove, or send delete_all: true"_s, u"run_ids"_s);
    QList<Uuid> ids = *named;
    if (all) {
        ids.clear();
        std::optional<ListPosition> after;
        while (true) { // page by page in queue order; the removals happen once the walk is done
            auto page = ctx.store.queueItems(queue.id, PageRequest{after, 0, 1000});
            if (!page)
                return HttpResponse::internal(page.error());
            for (const QueueItem &item : std::as_const(*page))
                if (!excluded->contains(item.runId))
                    ids.append(item.runId);
            if (page->size() < 1000)
                break;
            after = queuePosition(page->last());
        }
    }
    return removeItems(ctx, req, queue, ids);
}

HttpResponse countItems(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    if (auto refused = unsupportedParameter(
            req, {u"start_time"_s, u"end_time"_s, u"min_start_time"_s, u"max_start_time"_s}))
        return *refused;
    auto section = requiredSection(req);
    if (!section)
        return validationError(section.error());
    return countAnswer(ctx, req, queue, *section, "count"_L1);
}

// Where an item is for the caller: its section and zero-based position there, and the cursor of a list
// request whose page starts with it. Found by walking the section up to the item.
HttpResponse itemPlacement(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    QueueItem item;
    if (auto failed = loadQueueItem(ctx, req, u"item"_s, queue, item))
        return *failed;
    auto state = ReviewState::loadFor(ctx.store, queue, {item.runId});
    if (!state)
        return HttpResponse::internal(state.error());
    const ItemState section = state->stateFor(item.runId, req.principal.id);
    QueueService queues = queueServiceFor(ctx, req);
    qint64 position = 0;
    std::optional<ListPosition> after, before;
    bool found = false;
    while (!found) {
        auto page = queues.items(queue, section, PageRequest{after, 0, 500});
        if (!page)
            return HttpResponse::internal(page.error());
        for (const QueueItem &each : std::as_const(*page)) {
            if (each.id == item.id) {
                found = true;
                break;
            }
            ++position;
            before = queuePosition(each);
        }
        if (found || page->size() < 500)
            break;
        after = queuePosition(page->last());
    }
    if (!found) // it changed section while we walked
        return HttpResponse::error(409, u"the item moved while it was being placed; ask again"_s, u"item"_s);
    return HttpResponse::json(QJsonObject{
        {"section"_L1, sectionName(section)},
        {"position"_L1, double(position)},
        {"cursor"_L1, before ? QJsonValue(positionCursor(*before)) : QJsonValue(QJsonValue::Null)},
        {"item_type"_L1, "RUN"_L1},
    });
}

HttpResponse totalSize(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    return countAnswer(ctx, req, queue, std::nullopt, "size"_L1);
}

HttpResponse totalArchived(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    if (auto refused = unsupportedParameter(req, {u"start_time"_s, u"end_time"_s}))
        return *refused;
    return countAnswer(ctx, req, queue, ItemState::Completed, "size"_L1);
}

// GET /annotation-queues/{id}/size?status=: the caller's section, or the whole queue.
HttpResponse sectionSize(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto section = itemStateOf(req);
    if (!section)
        return validationError(section.error());
    return countAnswer(ctx, req, queue, *section, "size"_L1);
}

// GET /annotation-queues/{run_id}/queues: the queues the caller may see that hold the run.
HttpResponse queuesOfRun(ApiContext &ctx, HttpRequest &req)
{
    auto runId = pathUuid(req, u"id"_s);
    if (!runId)
        return validationError(runId.error());
    auto queueIds = ctx.store.queuesOfRun(*runId);
    if (!queueIds)
        return HttpResponse::internal(queueIds.error());
    QJsonArray out;
    for (const Uuid &id : std::as_const(*queueIds)) {
        if (!req.principal.mayReview(id.toString()))
            continue;
        auto queue = ctx.store.queueById(id);
        if (!queue)
            return HttpResponse::internal(queue.error());
        if (*queue)
            out.append(queueToJson(**queue, ctx.tenantId));
    }
    return HttpResponse::json(out);
}

// POST /annotation-queues/populate {"queue_id", "session_ids"}: the root runs of those projects join the
// queue (LangSmith fills a queue from an experiment's sessions this way), oldest first, each once.
HttpResponse populateQueue(ApiContext &ctx, HttpRequest &req)
{
    constexpr qsizetype kMaxRuns =
        10000; // one request's worth; a rule's backfill does more in the background
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const QString queueId = f.string("queue_id"_L1, Need::Required).value_or(QString());
    f.boolean("extend_trace_retention"_L1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    auto sessions = uuidsIn(f, "session_ids"_L1);
    if (!sessions)
        return validationError(sessions.error());
    if (sessions->isEmpty())
        return HttpResponse::error(422, u"name the projects whose runs fill the queue"_s, u"session_ids"_s);
    QueueService queues = queueServiceFor(ctx, req);
    auto queue = queues.find(queueId);
    if (!queue)
        return validationError(queue.error());
    if (!*queue)
        return HttpResponse::notFound(u"annotation queue %1"_s.arg(queueId));
    RunQuery roots;
    roots.sessions = *sessions;
    roots.isRoot = true;
    roots.ascending = true;
    roots.limit = kMaxRuns + 1;
    auto runIds = ctx.store.queryRunIds(roots);
    if (!runIds)
        return HttpResponse::internal(runIds.error());
    if (runIds->size() > kMaxRuns)
        return HttpResponse::error(
            400,
            u"these projects hold more than %1 root runs; add them with a routing rule and its backfill"_s
                .arg(kMaxRuns),
            u"session_ids"_s);
    auto added = queues.addRuns(**queue, *runIds, QString());
    if (!added)
        return HttpResponse::internal(added.error());
    return HttpResponse::json(QJsonObject{{"added"_L1, double(added->size())}});
}

} // namespace

void registerQueueItemRoutes(Router &router, ApiContext &ctx)
{
    // The 0.12 SDK's items resource.
    addRoute(router, ctx, "GET", "/platform/annotation-queues/{id}/items", listItems, Access::QueueRead);
    addRoute(router, ctx, "POST", "/platform/annotation-queues/{id}/items", createItems, Access::Ingest);
    addRoute(router, ctx, "POST", "/platform/annotation-queues/{id}/items/delete", deleteItems);
    addRoute(router, ctx, "GET", "/platform/annotation-queues/{id}/items/count", countItems,
             Access::QueueRead);
    addRoute(router, ctx, "PATCH", "/platform/annotation-queues/{id}/items/{item}", patchItem);
    addRoute(router, ctx, "GET", "/platform/annotation-queues/{id}/items/{item}/placement", itemPlacement,
             Access::QueueRead);
    addRoute(router, ctx, "POST", "/platform/annotation-queues/items/{item}/status", markItem,
             Access::Review);
    // The classic routes.
    addRoute(router, ctx, "POST", "/annotation-queues/status/{item}", markItem, Access::Review);
    addRoute(router, ctx, "PATCH", "/annotation-queues/{id}/runs/{run}", patchQueueRun);
    addRoute(router, ctx, "POST", "/annotation-queues/{id}/runs/delete", deleteQueueRuns);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/size", sectionSize, Access::QueueRead);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/total_size", totalSize, Access::QueueRead);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/total_archived", totalArchived, Access::QueueRead);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/queues", queuesOfRun, Access::QueueRead);
    addRoute(router, ctx, "POST", "/annotation-queues/populate", populateQueue);
}

} // namespace assay::server
