// Annotation queues, LangSmith's classic routes (langsmith-api.md §4), plus the seed's form of adding
// runs: POST /annotation-queues/{id or name}/runs with {"run_ids": [...], "comment": "why"}.

#include "apicontext.h"

#include "queuelookup.h"

#include "services/itemstatusservice.h"

#include "core/jsonfields.h"

namespace assay::server {

using namespace Qt::StringLiterals;

std::optional<HttpResponse> loadQueue(ApiContext &ctx, const HttpRequest &req, Queue &queue)
{
    auto found = queueServiceFor(ctx, req).find(req.param(u"id"_s));
    if (!found)
        return found.error().where.isEmpty() ? HttpResponse::internal(found.error())
                                             : validationError(found.error());
    if (!*found)
        return HttpResponse::notFound(u"annotation queue %1"_s.arg(req.param(u"id"_s)));
    queue = **found;
    return std::nullopt;
}

std::optional<HttpResponse> loadQueueItem(ApiContext &ctx, const HttpRequest &req, const QString &param,
                                          const Queue &queue, QueueItem &item)
{
    auto id = pathUuid(req, param);
    if (!id)
        return validationError(id.error());
    auto found = ctx.store.queueItem(queue.id, *id);
    if (!found)
        return HttpResponse::internal(found.error());
    if (!*found)
        return HttpResponse::notFound(
            u"item %1 of annotation queue %2"_s.arg(id->toString(), queue.id.toString()));
    item = **found;
    return std::nullopt;
}

Result<std::optional<ItemState>> itemStateOf(const HttpRequest &req)
{
    const QString status = req.queryValue(u"status"_s);
    if (status.isEmpty())
        return std::optional<ItemState>();
    if (status == u"needs_my_review")
        return std::optional(ItemState::NeedsMyReview);
    if (status == u"needs_others_review")
        return std::optional(ItemState::NeedsOthersReview);
    if (status == u"completed" || status == u"archived")
        return std::optional(ItemState::Completed);
    return Error{u"expected needs_my_review, needs_others_review, completed or archived"_s, u"status"_s};
}

namespace {

QJsonObject queueJson(ApiContext &ctx, const Queue &q)
{
    QJsonObject json = queueToJson(q, ctx.tenantId);
    if (auto size = ctx.store.queueSize(q.id))
        json.insert("total_runs"_L1, double(*size));
    return json;
}

// The answer for a queue change the service decided.
HttpResponse queueResponse(ApiContext &ctx, const Result<Decision<Queue>> &decided)
{
    if (auto failed = failedOrRefused(decided))
        return *failed;
    return HttpResponse::json(queueJson(ctx, decided->value));
}

HttpResponse createQueue(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    if (auto unsupported = unsupportedField(*body, {u"session_ids"_s})) // populating at creation
        return HttpResponse::badRequest(*unsupported);
    auto write = parseQueueWrite(*body, true);
    if (!write)
        return HttpResponse::badRequest(write.error());
    return queueResponse(ctx, queueServiceFor(ctx, req).create(*write));
}

HttpResponse listQueues(ApiContext &ctx, HttpRequest &req)
{
    if (auto refused = unsupportedParameter(req, {u"dataset_id"_s, u"sort_by"_s, u"tag_value_id"_s}))
        return *refused;
    auto q = listQueryOf(req, u"ids"_s);
    if (!q)
        return validationError(q.error());
    auto assignedToMe = queryBoolean(req, u"assigned_to_me"_s);
    if (!assignedToMe)
        return validationError(assignedToMe.error());
    // Assay's queues are all single-run queues: a pairwise listing is empty.
    const QString type = req.queryValue(u"queue_type"_s);
    if (!type.isEmpty() && type != u"single" && type != u"pairwise")
        return HttpResponse::error(422, u"expected single or pairwise"_s, u"queue_type"_s);
    if (type == u"pairwise")
        return HttpResponse::json(QJsonArray());
    auto found = queueServiceFor(ctx, req).list(*q, *assignedToMe);
    if (!found)
        return HttpResponse::internal(found.error());
    QJsonArray out;
    for (const Queue &queue : std::as_const(*found))
        out.append(queueJson(ctx, queue));
    return HttpResponse::json(out);
}

HttpResponse getQueue(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    QJsonObject json = queueJson(ctx, queue);
    // Assay: what deleting the queue leaves behind (answers stay as feedback on their runs).
    auto answers = ctx.store.queueAnswerCount(queue.id);
    if (!answers)
        return HttpResponse::internal(answers.error());
    json.insert("answer_count"_L1, double(*answers));
    return HttpResponse::json(json);
}

HttpResponse patchQueue(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto write = parseQueueWrite(*body, false);
    if (!write)
        return HttpResponse::badRequest(write.error());
    return queueResponse(ctx, queueServiceFor(ctx, req).update(queue, *write));
}

HttpResponse deleteQueue(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    if (auto removed = queueServiceFor(ctx, req).remove(queue); !removed)
        return HttpResponse::internal(removed.error());
    return HttpResponse::noContent();
}

// Run ids from the three accepted bodies: ["id", ...], [{"run_id": ...}, ...] (by-key) and the seed's
// {"run_ids": [...], "comment" | "reason": "..."}.
Result<std::pair<QList<Uuid>, QString>> runsToAdd(const QJsonValue &body)
{
    QJsonArray entries;
    QString reason;
    if (body.isObject()) {
        JsonFields f(body.toObject());
        entries = f.array("run_ids"_L1, Need::Required).value_or(QJsonArray());
        reason = f.string("comment"_L1).value_or(f.string("reason"_L1).value_or(QString()));
        if (f.failed())
            return f.error();
    } else {
        entries = body.toArray();
    }
    QList<Uuid> ids;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonValue e = entries.at(i);
        const QJsonValue idValue = e.isObject() ? e.toObject().value("run_id"_L1) : e;
        auto id = Uuid::parse(idValue.toString());
        if (!idValue.isString() || !id)
            return Error{idValue.isString() ? id.error().message : u"expected a run id"_s,
                         indexedPath(u"runs"_s, i)};
        ids.append(*id);
    }
    return std::pair{ids, reason};
}

HttpResponse addRuns(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto body = req.json();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto parsed = runsToAdd(*body);
    if (!parsed)
        return HttpResponse::badRequest(parsed.error());
    auto added = queueServiceFor(ctx, req).addRuns(queue, parsed->first, parsed->second);
    if (!added)
        return HttpResponse::internal(added.error());
    QJsonArray out;
    for (const QueueItem &item : std::as_const(*added))
        out.append(queueItemToJson(item));
    return HttpResponse::json(out);
}

// A queued run as LangSmith's RunWithAnnotationQueueInfo.
QJsonObject queuedRunJson(const Run &run, const QueueItemView &view, const QList<Feedback> &feedback)
{
    QJsonObject json = runToJson(run, feedbackStats(feedback));
    const QueueItem &item = view.item;
    json.insert("queue_run_id"_L1, item.id.toString());
    json.insert("added_at"_L1, item.addedAt.toJson());
    json.insert("last_reviewed_time"_L1, jsonOrNull(item.lastReviewedTime));
    json.insert("effective_added_at"_L1, item.addedAt.toJson());
    json.insert("reason"_L1, textOrNull(item.reason));
    json.insert("completed_by"_L1, QJsonArray::fromStringList(view.completedBy));
    json.insert("reserved_by"_L1, QJsonArray::fromStringList(view.reservedBy));
    return json;
}

Result<QJsonArray> queuedRuns(ApiContext &ctx, const HttpRequest &req, const Queue &queue,
                              const QList<QueueItem> &items)
{
    QList<Uuid> ids;
    for (const QueueItem &item : items)
        ids.append(item.runId);
    auto runs = ctx.store.runsByIds(ids);
    if (!runs)
        return runs.error();
    auto feedback = ctx.store.feedbackForRuns(ids);
    if (!feedback)
        return feedback.error();
    auto views = ItemStatusService(ctx.store, req.principal).views(queue, items);
    if (!views)
        return views.error();
    const QueueService queues = queueServiceFor(ctx, req);
    QJsonArray out;
    for (const QueueItemView &view : std::as_const(*views))
        if (runs->contains(view.item.runId)) // queued before it was ingested: shown once it arrives
            out.append(queuedRunJson(runs->value(view.item.runId), view,
                                     queues.visibleFeedback(queue, feedback->value(view.item.runId))));
    return out;
}

HttpResponse runAtIndex(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    bool ok = false;
    const qsizetype index = req.param(u"index"_s).toLongLong(&ok);
    if (!ok || index < 0)
        return HttpResponse::error(422, u"must be a whole number from 0"_s, u"index"_s);
    auto items = ctx.store.queueItems(queue.id, PageRequest{std::nullopt, index, 1});
    if (!items)
        return HttpResponse::internal(items.error());
    if (items->isEmpty())
        return HttpResponse::notFound(
            u"run at index %1 of annotation queue %2"_s.arg(index).arg(queue.id.toString()));
    auto runs = queuedRuns(ctx, req, queue, *items);
    if (!runs)
        return HttpResponse::internal(runs.error());
    if (runs->isEmpty())
        return HttpResponse::notFound(
            u"run %1 (queued, not ingested yet)"_s.arg(items->first().runId.toString()));
    return HttpResponse::json(runs->first().toObject());
}

HttpResponse listQueueRuns(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto page = pageOf(req);
    if (!page)
        return validationError(page.error());
    auto wanted = itemStateOf(req);
    if (!wanted)
        return validationError(wanted.error());
    auto archived = queryBoolean(req, u"archived"_s);
    if (!archived)
        return validationError(archived.error());
    if (*archived && !*wanted)
        *wanted = ItemState::Completed;
    auto items = queueServiceFor(ctx, req).items(queue, *wanted, *page);
    if (!items)
        return HttpResponse::internal(items.error());
    auto runs = queuedRuns(ctx, req, queue, *items);
    if (!runs)
        return HttpResponse::internal(runs.error());
    // The cursor follows the items, not the runs (a queued run not ingested yet is left out of the page).
    return listingResponse(*runs, items->size() >= page->limit,
                           items->isEmpty() ? std::nullopt : std::optional(queuePosition(items->last())));
}

HttpResponse removeRun(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto id = pathUuid(req, u"run"_s);
    if (!id)
        return validationError(id.error());
    if (auto failed = failedOrRefused(queueServiceFor(ctx, req).removeRun(queue, *id)))
        return *failed;
    return HttpResponse::noContent();
}

} // namespace

void registerQueueRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/annotation-queues", createQueue);
    addRoute(router, ctx, "GET", "/annotation-queues", listQueues, Access::QueueRead);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}", getQueue, Access::QueueRead);
    addRoute(router, ctx, "PATCH", "/annotation-queues/{id}", patchQueue);
    addRoute(router, ctx, "DELETE", "/annotation-queues/{id}", deleteQueue);
    addRoute(router, ctx, "POST", "/annotation-queues/{id}/runs", addRuns, Access::Ingest);
    addRoute(router, ctx, "POST", "/annotation-queues/{id}/runs/by-key", addRuns, Access::Ingest);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/runs", listQueueRuns, Access::QueueRead);
    addRoute(router, ctx, "DELETE", "/annotation-queues/{id}/runs/{run}", removeRun);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/run/{index}", runAtIndex, Access::QueueRead);
}

} // namespace assay::server
