// Runs: ingest (POST /runs, /runs/batch, PATCH /runs/{id}), read and query (langsmith-api.md §2-3).

#include "apicontext.h"
#include "runingest.h"
#include "runquery.h"

#include "core/jsonfields.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

HttpResponse accepted()
{
    return HttpResponse::json(QJsonObject{{"message"_L1, u"accepted"_s}}, 202);
}

HttpResponse ingest(ApiContext &ctx, QList<RunUpsert> writes)
{
    const qsizetype count = writes.size();
    if (auto done = ingestRuns(ctx.store, ctx.rules(), std::move(writes)); !done)
        return HttpResponse::internal(done.error());
    ctx.state.metrics().addRunsIngested(count);
    return accepted();
}

HttpResponse postRun(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    QList<RunUpsert> children;
    auto run = parseRunUpsert(*body, {}, &children);
    if (!run)
        return HttpResponse::badRequest(run.error());
    children.prepend(*run);
    return ingest(ctx, children);
}

HttpResponse patchRun(ApiContext &ctx, HttpRequest &req)
{
    auto id = pathUuid(req, u"id"_s);
    if (!id)
        return validationError(id.error());
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto run = parseRunUpsert(*body);
    if (!run)
        return HttpResponse::badRequest(run.error());
    run->id = *id;
    return ingest(ctx, {*run});
}

HttpResponse tooManyRuns(qsizetype count)
{
    return HttpResponse::error(
        413, u"a batch may carry at most %1 runs (post and patch entries with their child runs), got %2"_s
                 .arg(kMaxRunsPerBatch)
                 .arg(count));
}

HttpResponse postBatch(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    // Bounded before anything is parsed: a 20 MiB body of empty objects would be millions of runs.
    const qsizetype entryCount =
        body->value("post"_L1).toArray().size() + body->value("patch"_L1).toArray().size();
    if (entryCount > kMaxRunsPerBatch)
        return tooManyRuns(entryCount);
    QList<RunUpsert> writes;
    for (const auto part : {"post"_L1, "patch"_L1}) {
        const QJsonValue value = body->value(part);
        if (value.isUndefined() || value.isNull())
            continue;
        if (!value.isArray())
            return HttpResponse::error(400, u"expected an array, got %1"_s.arg(describeJsonType(value)),
                                       part);
        const QJsonArray entries = value.toArray();
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const QString path = indexedPath(QString(part), i);
            if (!entries.at(i).isObject())
                return HttpResponse::error(
                    400, u"expected an object, got %1"_s.arg(describeJsonType(entries.at(i))), path);
            QList<RunUpsert> children;
            auto run = parseRunUpsert(entries.at(i).toObject(), path, &children);
            if (!run)
                return HttpResponse::badRequest(run.error());
            if (!run->id && part == "patch"_L1)
                return HttpResponse::error(400, u"is required"_s, path + u".id"_s);
            writes.append(*run);
            writes.append(children);
            if (writes.size() > kMaxRunsPerBatch)
                return tooManyRuns(writes.size());
        }
    }
    return ingest(ctx, writes);
}

HttpResponse getRun(ApiContext &ctx, HttpRequest &req)
{
    auto id = pathUuid(req, u"id"_s);
    if (!id)
        return validationError(id.error());
    auto stored = storedRun(ctx.store, *id);
    if (!stored)
        return HttpResponse::internal(stored.error());
    if (!*stored)
        return HttpResponse::notFound(u"run %1"_s.arg(id->toString()));
    return HttpResponse::json(runToJson((*stored)->run, feedbackStats((*stored)->feedback)));
}

} // namespace

void registerRunRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/runs", postRun, Access::Ingest);
    addRoute(router, ctx, "POST", "/runs/batch", postBatch, Access::Ingest);
    addRoute(router, ctx, "POST", "/runs/query", queryRunsRoute, Access::Member, Lane::Read);
    addRoute(router, ctx, "POST", "/runs/stats", runStatsRoute, Access::Member, Lane::Read);
    addRoute(router, ctx, "PATCH", "/runs/{id}", patchRun, Access::Ingest);
    addRoute(router, ctx, "GET", "/runs/{id}", getRun);
    // POST /runs/multipart is deliberately absent: its 404 makes the SDK fall back to /runs/batch.
}

} // namespace assay::server
