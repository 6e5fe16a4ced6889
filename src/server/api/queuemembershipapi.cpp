// Which runs are in which queues, for the lead's runs table and "add every run matching this filter":
// POST /annotation-queues/membership (the queues holding each of a page of runs) and
// POST /annotation-queues/{id}/matching-runs (every run a runs query matches, which of them the queue
// already holds, and the others' ids). Both only read: the lead's app adds the ids it was shown through
// POST /annotation-queues/{id}/runs, so what is added is exactly what was counted, and a long search never
// holds the write worker.

#include "queuelookup.h"
#include "runquery.h"

#include "core/jsonfields.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// POST /annotation-queues/membership {"run_ids": [...]} → {"runs": {"<run id>": [{"id", "name"}]}}: the
// queues the caller may see that hold each run (runs in none are left out).
HttpResponse membership(ApiContext &ctx, HttpRequest &req)
{
    constexpr qsizetype kMaxRuns = 1000;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    if (auto unknown = unknownField(*body, {u"run_ids"_s}))
        return *unknown;
    JsonFields f(*body);
    auto runIds = uuidsIn(f, "run_ids"_L1);
    if (!runIds)
        return validationError(runIds.error());
    if (runIds->size() > kMaxRuns)
        return HttpResponse::error(400, u"at most %1 runs a request"_s.arg(kMaxRuns), u"run_ids"_s);
    auto held = ctx.store.queuesOfRuns(*runIds);
    if (!held)
        return HttpResponse::internal(held.error());
    QHash<Uuid, QJsonObject> queues; // each queue looked up once
    QJsonObject out;
    for (auto it = held->cbegin(); it != held->cend(); ++it) {
        QJsonArray list;
        for (const Uuid &queueId : it.value()) {
            if (!req.principal.mayReview(queueId.toString()))
                continue;
            if (!queues.contains(queueId)) {
                auto queue = ctx.store.queueById(queueId);
                if (!queue)
                    return HttpResponse::internal(queue.error());
                if (!*queue)
                    continue;
                queues.insert(queueId,
                              QJsonObject{{"id"_L1, queueId.toString()}, {"name"_L1, (*queue)->name}});
            }
            list.append(queues.value(queueId));
        }
        if (!list.isEmpty())
            out.insert(it.key().toString(), list);
    }
    return HttpResponse::json(QJsonObject{{"runs"_L1, out}});
}

// POST /annotation-queues/{id}/matching-runs with a runs query body (session, filter, is_root, ...):
// {"matching": n, "already_queued": m, "run_ids": [the others], "truncated": false}. At most kMaxRuns runs
// are counted: past that "truncated" is true and nothing is listed (a routing rule's backfill is the way
// to queue that many).
HttpResponse matchingRuns(ApiContext &ctx, HttpRequest &req)
{
    constexpr qsizetype kMaxRuns = 10000;
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    if (auto refused = unsupportedField(*body, {u"cursor"_s, u"limit"_s, u"select"_s}))
        return HttpResponse::badRequest(*refused);
    auto search = runSearchOf(*body);
    if (!search)
        return HttpResponse::badRequest(search.error());
    if (search->query.sessions.isEmpty())
        return HttpResponse::error(400, u"name the project whose runs are counted"_s, u"session"_s);
    search->limit = RunSearchService::kMaxLimit;
    QList<Uuid> matched;
    bool truncated = false;
    for (;;) {
        RunPage page;
        if (auto refused = searchRuns(ctx, *search, page))
            return *refused;
        for (const Run &run : std::as_const(page.runs))
            matched.append(run.id);
        if (matched.size() > kMaxRuns) {
            truncated = true;
            break;
        }
        if (!page.next)
            break;
        search->after = page.next;
        search->offset = 0;
    }
    if (truncated)
        return HttpResponse::json(QJsonObject{{"matching"_L1, double(matched.size())},
                                              {"already_queued"_L1, QJsonValue(QJsonValue::Null)},
                                              {"run_ids"_L1, QJsonArray()},
                                              {"truncated"_L1, true},
                                              {"limit"_L1, double(kMaxRuns)}});
    auto queued = ctx.store.queuedRunsAmong(queue.id, matched);
    if (!queued)
        return HttpResponse::internal(queued.error());
    QJsonArray toAdd;
    for (const Uuid &id : std::as_const(matched))
        if (!queued->contains(id))
            toAdd.append(id.toString());
    return HttpResponse::json(QJsonObject{{"matching"_L1, double(matched.size())},
                                          {"already_queued"_L1, double(queued->size())},
                                          {"run_ids"_L1, toAdd},
                                          {"truncated"_L1, false},
                                          {"limit"_L1, double(kMaxRuns)}});
}

} // namespace

void registerQueueMembershipRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/annotation-queues/membership", membership, Access::Member, Lane::Read);
    addRoute(router, ctx, "POST", "/annotation-queues/{id}/matching-runs", matchingRuns, Access::Member,
             Lane::Read);
}

} // namespace assay::server
