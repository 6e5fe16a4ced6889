#include "runquery.h"

#include "core/filter/compiledfilter.h"
#include "core/jsonfields.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

Result<std::optional<filter::CompiledFilter>> compileField(const QJsonObject &body, QLatin1StringView key)
{
    const QJsonValue v = body.value(key);
    if (v.isNull() || v.isUndefined() || (v.isString() && v.toString().trimmed().isEmpty()))
        return std::optional<filter::CompiledFilter>();
    if (!v.isString())
        return Error{u"expected a string, got %1"_s.arg(describeJsonType(v)), QString(key)};
    auto compiled = filter::CompiledFilter::compile(v.toString());
    if (!compiled)
        return Error{compiled.error().message, QString(key) + u":"_s + compiled.error().where};
    return std::optional(*compiled);
}

// v1 also takes one id where a list is expected (some callers send that).
Result<QList<Uuid>> uuidList(JsonFields &f, const QJsonObject &body, QLatin1StringView key)
{
    const QJsonValue v = body.value(key);
    if (v.isString()) {
        auto id = Uuid::parse(v.toString());
        if (!id)
            return Error{id.error().message, QString(key)};
        return QList<Uuid>{*id};
    }
    return uuidsIn(f, key);
}

Result<RunQuery> structuredQuery(const QJsonObject &body)
{
    if (auto unsupported =
            unsupportedField(body, {u"reference_example"_s, u"query"_s, u"ai_query"_s, u"end_time"_s,
                                    u"execution_order"_s, u"data_source_type"_s}))
        return *unsupported;
    JsonFields f(body);
    RunQuery q;
    auto sessions = uuidList(f, body, "session"_L1);
    if (!sessions)
        return sessions.error();
    q.sessions = *sessions;
    auto ids = uuidList(f, body, "id"_L1);
    if (!ids)
        return ids.error();
    q.ids = *ids;
    q.trace = f.uuid("trace"_L1);
    q.parentRun = f.uuid("parent_run"_L1);
    q.runType = f.string("run_type"_L1).value_or(QString());
    q.isRoot = f.boolean("is_root"_L1);
    q.hasError = f.boolean("error"_L1);
    q.startTimeFrom = f.timestamp("start_time"_L1);
    if (auto order = f.string("order"_L1)) {
        if (*order != u"asc" && *order != u"desc")
            f.fail("order"_L1, u"expected asc or desc"_s);
        q.ascending = *order == u"asc";
    }
    if (f.failed())
        return f.error();
    return q;
}

QJsonObject selectFields(const QJsonObject &run, const QStringList &select)
{
    if (select.isEmpty())
        return run;
    QJsonObject out{{"id"_L1, run.value("id"_L1)}};
    for (const QString &key : select)
        if (run.contains(key))
            out.insert(key, run.value(key));
    return out;
}

// Cursors are positions (positionCursor): the next page starts after that run, whatever was ingested
// meanwhile. "o:<offset>" cursors from earlier versions still place a first page.
struct CursorStart {
    std::optional<ListPosition> position;
    qsizetype offset = 0;
};

std::optional<CursorStart> cursorPosition(const QString &cursor)
{
    CursorStart start;
    if (cursor.isEmpty())
        return start;
    if (cursor.startsWith(u"o:"_s)) {
        bool ok = false;
        start.offset = cursor.mid(2).toLongLong(&ok);
        return ok && start.offset >= 0 ? std::optional(start) : std::nullopt;
    }
    start.position = parsePositionCursor(cursor);
    return start.position ? std::optional(start) : std::nullopt;
}

} // namespace

Result<std::optional<StoredRun>> storedRun(Store &store, const Uuid &id)
{
    auto runs = store.runsByIds({id});
    if (!runs)
        return runs.error();
    if (!runs->contains(id))
        return std::optional<StoredRun>();
    auto feedback = store.feedbackForRuns({id});
    if (!feedback)
        return feedback.error();
    return std::optional(StoredRun{runs->value(id), feedback->value(id)});
}

Result<RunFilters> compileRunFilters(const QJsonObject &body)
{
    RunFilters filters;
    for (const auto &[key, target] :
         {std::pair{"filter"_L1, &filters.filter}, std::pair{"trace_filter"_L1, &filters.traceFilter},
          std::pair{"tree_filter"_L1, &filters.treeFilter}}) {
        auto compiled = compileField(body, key);
        if (!compiled)
            return compiled.error();
        *target = *compiled;
    }
    return filters;
}

Result<RunSearch> runSearchOf(const QJsonObject &body)
{
    auto query = structuredQuery(body);
    if (!query)
        return query.error();
    auto filters = compileRunFilters(body);
    if (!filters)
        return filters.error();
    return RunSearch{*query, *filters, 100, {}, 0};
}

Result<RunSearch> placeRunCursor(RunSearch search, const QString &cursor)
{
    auto start = cursorPosition(cursor);
    if (!start)
        return Error{u"is not a cursor this server issued"_s, u"cursor"_s};
    search.after = start->position;
    search.offset = start->offset;
    return search;
}

std::optional<HttpResponse> searchRuns(ApiContext &ctx, const RunSearch &search, RunPage &page)
{
    RunSearchService service(
        ctx.store, [&ctx] { return ctx.state.stopping(); }, ctx.queryBudgetMs);
    auto found = service.search(search);
    if (auto refused = failedOrRefused(found))
        return refused;
    page = std::move(found->value);
    return std::nullopt;
}

namespace {

// A runs query body and the search it describes.
struct SearchRequest {
    QJsonObject body;
    RunSearch search;
};

Result<SearchRequest> searchRequestOf(HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return body.error();
    auto search = runSearchOf(*body);
    if (!search)
        return search.error();
    return SearchRequest{*body, *search};
}

} // namespace

HttpResponse queryRunsRoute(ApiContext &ctx, HttpRequest &req)
{
    auto request = searchRequestOf(req);
    if (!request)
        return HttpResponse::badRequest(request.error());
    RunSearch &search = request->search;
    JsonFields f(request->body);
    // Past the most a page holds, LangSmith answers a full page rather than an error; so does Assay.
    search.limit = std::min<qint64>(f.integer("limit"_L1).value_or(100), RunSearchService::kMaxLimit);
    const QStringList select = f.stringList("select"_L1).value_or(QStringList());
    const QString cursor = f.string("cursor"_L1).value_or(QString());
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    auto placed = placeRunCursor(std::move(search), cursor);
    if (!placed)
        return HttpResponse::badRequest(placed.error());
    RunPage page;
    if (auto refused = searchRuns(ctx, *placed, page))
        return *refused;
    QJsonArray runs;
    for (const Run &r : std::as_const(page.runs))
        runs.append(selectFields(runToJson(r, feedbackStats(page.feedback.value(r.id))), select));
    return HttpResponse::json(
        QJsonObject{{"runs"_L1, runs},
                    {"cursors"_L1, QJsonObject{{"next"_L1, page.next ? QJsonValue(positionCursor(*page.next))
                                                                     : QJsonValue(QJsonValue::Null)}}}});
}

HttpResponse runStatsRoute(ApiContext &ctx, HttpRequest &req)
{
    auto request = searchRequestOf(req);
    if (!request)
        return HttpResponse::badRequest(request.error());
    const RunSearch &search = request->search;
    // Counted in an index; a filter would be a scan of every run under it, which this route does not do.
    for (const auto &[key, filter] : {std::pair{"filter"_L1, &search.filters.filter},
                                      std::pair{"trace_filter"_L1, &search.filters.traceFilter},
                                      std::pair{"tree_filter"_L1, &search.filters.treeFilter}})
        if (*filter)
            return HttpResponse::badRequest(Error{
                u"is not supported by Assay's run stats, which count by the structured fields (session, "
                "is_root, run_type, error, start_time, trace, parent_run, id)"_s,
                QString(key)});
    auto count = ctx.store.countRuns(search.query);
    if (!count)
        return HttpResponse::internal(count.error());
    return HttpResponse::json(QJsonObject{{"run_count"_L1, *count}});
}

} // namespace assay::server
