// Annotation queues, LangSmith's classic routes (langsmith-api.md §4), plus the seed's form of adding
// runs: POST /annotation-queues/{id or name}/runs with {"run_ids": [...], "comment": "why"}.

#include "apicontext.h"
#include "reviewstate.h"

#include "core/jsonfields.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

FeedbackConfigLookup configsFrom(Store &store)
{
    return [&store](const QString &key) -> std::optional<RubricField> {
        auto config = store.feedbackConfig(key);
        return config && *config ? std::optional((*config)->field) : std::nullopt;
    };
}

// The queue named in the path by id or, for the seed's SDK form, by its exact name (for a reviewer, among
// their own queues, so an ambiguous name outside them says nothing).
Result<std::optional<Queue>> queueFromPath(ApiContext &ctx, const HttpRequest &req)
{
    const QString ref = req.param(u"id"_s);
    if (auto id = Uuid::parse(ref))
        return ctx.store.queueById(*id);
    ListQuery q;
    q.name = ref;
    q.limit = 2;
    if (req.principal.isReviewer()) { // names are looked up among their queues only: others do not exist
        if (req.principal.queueIds.isEmpty())
            return std::optional<Queue>();
        for (const QString &id : req.principal.queueIds)
            q.ids.append(*Uuid::parse(id));
    }
    auto byName = ctx.store.listQueues(q);
    if (!byName)
        return byName.error();
    if (byName->size() > 1)
        return Error{u"more than one queue is named '%1'; use its id"_s.arg(ref), u"id"_s};
    return byName->isEmpty() ? std::optional<Queue>() : std::optional(byName->first());
}

// Loads the queue the path names into `queue`; on failure, the response to send instead.
std::optional<HttpResponse> loadQueue(ApiContext &ctx, const HttpRequest &req, Queue &queue)
{
    auto found = queueFromPath(ctx, req);
    if (!found)
        return found.error().where.isEmpty() ? HttpResponse::internal(found.error())
                                             : validationError(found.error());
    // A reviewer sees only their queues: another queue answers exactly as a missing one.
    if (!*found || (req.principal.isReviewer() && !req.principal.queueIds.contains((*found)->id.toString())))
        return HttpResponse::notFound(u"annotation queue %1"_s.arg(req.param(u"id"_s)));
    queue = **found;
    return std::nullopt;
}

QJsonObject queueJson(ApiContext &ctx, const Queue &q)
{
    QJsonObject json = queueToJson(q, ctx.tenantId);
    if (auto size = ctx.store.queueSize(q.id))
        json.insert("total_runs"_L1, double(*size));
    return json;
}

HttpResponse createQueue(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto write = parseQueueWrite(*body, true);
    if (!write)
        return HttpResponse::badRequest(write.error());
    Queue queue;
    queue.id = write->id.value_or(Uuid::v7());
    if (write->id) {
        auto existing = ctx.store.queueById(*write->id);
        if (!existing)
            return HttpResponse::internal(existing.error());
        if (*existing) // a replay of the same create (the SDK retries): answer with what exists
            return (*existing)->name == *write->name
                       ? HttpResponse::json(queueJson(ctx, **existing))
                       : HttpResponse::error(
                             409, u"annotation queue %1 already exists"_s.arg(write->id->toString()));
    }
    auto applied = applyQueueWrite(queue, *write, configsFrom(ctx.store));
    if (!applied)
        return HttpResponse::badRequest(applied.error());
    queue.createdAt = queue.updatedAt = Timestamp::now();
    if (auto saved = ctx.store.saveQueue(queue); !saved)
        return HttpResponse::internal(saved.error());
    return auditOrFail(ctx, req, u"create"_s, u"queue"_s, queue.id.toString(), QJsonValue::Null,
                       queueToJson(queue, ctx.tenantId), HttpResponse::json(queueJson(ctx, queue)));
}

HttpResponse listQueues(ApiContext &ctx, HttpRequest &req)
{
    auto q = listQueryOf(req, u"ids"_s);
    if (!q)
        return validationError(q.error());
    if (req.principal.isReviewer()) { // only their queues, whatever else was asked
        QList<Uuid> mine;
        for (const QString &id : req.principal.queueIds)
            if (q->ids.isEmpty() || q->ids.contains(*Uuid::parse(id)))
                mine.append(*Uuid::parse(id));
        if (mine.isEmpty())
            return HttpResponse::json(QJsonArray());
        q->ids = mine;
    }
    auto queues = ctx.store.listQueues(*q);
    if (!queues)
        return HttpResponse::internal(queues.error());
    QJsonArray out;
    for (const Queue &queue : *queues)
        out.append(queueJson(ctx, queue));
    return HttpResponse::json(out);
}

HttpResponse getQueue(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    return HttpResponse::json(queueJson(ctx, queue));
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
    write->id.reset();
    const QJsonObject before = queueToJson(queue, ctx.tenantId);
    const int versionBefore = queue.rubric.version;
    auto applied = applyQueueWrite(queue, *write, configsFrom(ctx.store));
    if (!applied)
        return HttpResponse::badRequest(applied.error());
    queue.updatedAt = Timestamp::now();
    if (auto saved = ctx.store.saveQueue(queue); !saved)
        return HttpResponse::internal(saved.error());
    if (queue.rubric.version != versionBefore) // reviewers working offline learn of it from the feed
        if (auto fed = ctx.store.appendReviewEvent({0,
                                                    queue.id,
                                                    u"rubric_changed"_s,
                                                    {},
                                                    std::nullopt,
                                                    Timestamp::now(),
                                                    QJsonObject{{"rubric"_L1, rubricToJson(queue.rubric)}},
                                                    {}});
            !fed)
            return HttpResponse::internal(fed.error());
    return auditOrFail(ctx, req, u"update"_s, u"queue"_s, queue.id.toString(), before,
                       queueToJson(queue, ctx.tenantId), HttpResponse::json(queueJson(ctx, queue)));
}

HttpResponse deleteQueue(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    if (auto rules = ctx.store.deleteRulesOfQueue(queue.id);
        !rules) // a rule without its queue has nowhere to route
        return HttpResponse::internal(rules.error());
    if (auto deleted = ctx.store.deleteQueue(queue.id); !deleted)
        return HttpResponse::internal(deleted.error());
    if (auto fed = ctx.store.appendReviewEvent(
            {0, queue.id, u"queue_removed"_s, {}, std::nullopt, Timestamp::now(), QJsonObject{}, {}});
        !fed)
        return HttpResponse::internal(fed.error());
    return auditOrFail(ctx, req, u"delete"_s, u"queue"_s, queue.id.toString(),
                       queueToJson(queue, ctx.tenantId), QJsonValue::Null, HttpResponse::noContent());
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
    const Timestamp now = Timestamp::now();
    QList<QueueItem> items;
    for (const Uuid &runId : parsed->first) {
        QueueItem item;
        item.id = Uuid::v7();
        item.queueId = queue.id;
        item.runId = runId;
        item.addedAt = now;
        item.addedBy =
            req.principal.userId.isEmpty() ? AddedBy::Sdk : AddedBy::User; // a service key or a person
        item.addedById = req.principal.id;
        item.reason = parsed->second;
        items.append(item);
    }
    auto added = ctx.store.addQueueItems(items);
    if (!added)
        return HttpResponse::internal(added.error());
    QJsonArray out;
    QList<std::pair<QString, QJsonObject>> audited; // an entry per item: who put which run in, and why
    for (const QueueItem &item : *added) {
        const QJsonObject json = queueItemToJson(item);
        out.append(json);
        audited.append({item.id.toString(), json});
    }
    return auditEachOrFail(ctx, req, u"add"_s, u"queue_item"_s, audited, HttpResponse::json(out));
}

// A queued run as LangSmith's RunWithAnnotationQueueInfo.
QJsonObject queuedRunJson(const Run &run, const QueueItem &item, const QList<Feedback> &feedback)
{
    QJsonObject json = runToJson(run, feedbackStats(feedback));
    json.insert("queue_run_id"_L1, item.id.toString());
    json.insert("added_at"_L1, item.addedAt.toJson());
    json.insert("last_reviewed_time"_L1, jsonOrNull(item.lastReviewedTime));
    json.insert("effective_added_at"_L1, item.addedAt.toJson());
    json.insert("reason"_L1, textOrNull(item.reason));
    json.insert("completed_by"_L1, QJsonArray());
    json.insert("reserved_by"_L1, QJsonArray());
    return json;
}

// The feedback a caller may see of a queued run: everything for members, for a reviewer only their own
// unless the queue lets reviewers see the rest (blind review).
QList<Feedback> visibleFeedback(const HttpRequest &req, const Queue &queue, const QList<Feedback> &feedback)
{
    if (!req.principal.isReviewer() || queue.reviewersSeeFeedback)
        return feedback;
    QList<Feedback> mine;
    for (const Feedback &fb : feedback)
        if (fb.source.userId == req.principal.id)
            mine.append(fb);
    return mine;
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
    QJsonArray out;
    for (const QueueItem &item : items)
        if (runs->contains(item.runId)) // queued before it was ingested: shown once it arrives
            out.append(queuedRunJson(runs->value(item.runId), item,
                                     visibleFeedback(req, queue, feedback->value(item.runId))));
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

// The page of items in a state for the caller (the state is per caller, so it cannot be a WHERE clause):
// the queue is walked in chunks from the page's start, loading only each chunk's review state, until the
// page is full. The cost follows offset + limit (or, from a cursor, what the page walks), never the
// queue's size.
Result<QList<QueueItem>> itemsInState(ApiContext &ctx, const HttpRequest &req, const Queue &queue,
                                      ItemState wanted, const PageRequest &request)
{
    QList<QueueItem> page;
    qsizetype skip = request.offset;
    Status walked =
        walkQueue(ctx.store, queue, request.after, 500, [&](const QueueChunk &chunk) -> Result<bool> {
            for (const QueueItem &item : chunk.items) {
                if (chunk.state.stateFor(item.runId, req.principal.id) != wanted)
                    continue;
                if (skip > 0)
                    --skip;
                else if (page.size() < request.limit)
                    page.append(item);
            }
            return page.size() < request.limit;
        });
    if (!walked)
        return walked.error();
    return page;
}

HttpResponse listQueueRuns(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto page = pageOf(req);
    if (!page)
        return validationError(page.error());
    const QString status = req.queryValue(u"status"_s);
    std::optional<ItemState> wanted;
    if (status == u"needs_my_review")
        wanted = ItemState::NeedsMyReview;
    else if (status == u"needs_others_review")
        wanted = ItemState::NeedsOthersReview;
    else if (status == u"completed")
        wanted = ItemState::Completed;
    else if (!status.isEmpty())
        return HttpResponse::error(422, u"expected needs_my_review, needs_others_review or completed"_s,
                                   u"status"_s);
    auto items =
        wanted ? itemsInState(ctx, req, queue, *wanted, *page) : ctx.store.queueItems(queue.id, *page);
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
    auto removed = ctx.store.removeQueueItem(queue.id, *id);
    if (!removed)
        return HttpResponse::internal(removed.error());
    for (const Uuid &run : *removed)
        if (auto fed = ctx.store.appendReviewEvent(
                {0, queue.id, u"item_removed"_s, {}, run, Timestamp::now(), QJsonObject{}, {}});
            !fed)
            return HttpResponse::internal(fed.error());
    if (removed->isEmpty())
        return HttpResponse::notFound(
            u"run %1 in annotation queue %2"_s.arg(id->toString(), queue.id.toString()));
    return auditOrFail(ctx, req, u"remove_run"_s, u"queue"_s, queue.id.toString(),
                       QJsonObject{{"run_or_item"_L1, id->toString()}}, QJsonValue::Null,
                       HttpResponse::noContent());
}

HttpResponse queueSize(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto size = ctx.store.queueSize(queue.id);
    if (!size)
        return HttpResponse::internal(size.error());
    return HttpResponse::json(QJsonObject{{"size"_L1, double(*size)}});
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
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/size", queueSize, Access::QueueRead);
}

} // namespace assay::server
