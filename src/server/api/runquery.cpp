#include "runquery.h"

#include "core/filter/compiledfilter.h"
#include "core/jsonfields.h"

#include <QElapsedTimer>
#include <QSet>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kScanPage = 250;

struct QueryFilters {
    std::optional<filter::CompiledFilter> filter, traceFilter, treeFilter;
    bool readsFeedback() const
    {
        return (filter && filter->readsFeedback()) || (traceFilter && traceFilter->readsFeedback()) ||
               (treeFilter && treeFilter->readsFeedback());
    }
};

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

Result<QList<Uuid>> uuidList(JsonFields &f, const QJsonObject &body, QLatin1StringView key)
{
    const QJsonValue v = body.value(key);
    QList<Uuid> ids;
    if (v.isString()) { // some callers send one id instead of a list
        auto id = Uuid::parse(v.toString());
        if (!id)
            return Error{id.error().message, QString(key)};
        return QList<Uuid>{*id};
    }
    const auto list = f.stringList(key);
    if (f.failed())
        return f.error();
    for (const QString &s : list.value_or(QStringList())) {
        auto id = Uuid::parse(s);
        if (!id)
            return Error{id.error().message, QString(key)};
        ids.append(*id);
    }
    return ids;
}

Result<RunQuery> structuredQuery(const QJsonObject &body)
{
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

HttpResponse queryRunsRoute(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto query = structuredQuery(*body);
    if (!query)
        return HttpResponse::badRequest(query.error());
    QueryFilters filters;
    for (const auto &[key, target] :
         {std::pair{"filter"_L1, &filters.filter}, std::pair{"trace_filter"_L1, &filters.traceFilter},
          std::pair{"tree_filter"_L1, &filters.treeFilter}}) {
        auto compiled = compileField(*body, key);
        if (!compiled)
            return HttpResponse::badRequest(compiled.error());
        *target = *compiled;
    }
    JsonFields f(*body);
    const qsizetype limit = f.integer("limit"_L1).value_or(100);
    const QStringList select = f.stringList("select"_L1).value_or(QStringList());
    const QString cursor = f.string("cursor"_L1).value_or(QString());
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    if (limit < 1 || limit > 1000)
        return HttpResponse::error(400, u"must be from 1 to 1000"_s, u"limit"_s);
    auto start = cursorPosition(cursor);
    if (!start)
        return HttpResponse::error(400, u"is not a cursor this server issued"_s, u"cursor"_s);

    // "id" means exactly these runs: the other arguments are ignored (LangSmith's documented behaviour).
    RunQuery sql = *query;
    if (!query->ids.isEmpty()) {
        sql = RunQuery();
        sql.ids = query->ids;
        sql.ascending = query->ascending;
    }
    // What the filter implies goes to SQL, through indexes; the filter itself still decides each run.
    if (filters.filter) {
        sql.narrowings = filters.filter->narrowings();
        auto driving = ctx.store.selectiveNarrowing(sql.narrowings);
        if (!driving)
            return HttpResponse::internal(driving.error());
        sql.drivingNarrowing = *driving;
    }
    // Narrowed in SQL, most rows fetched match: fetch about a page. Otherwise scan in larger steps.
    const qsizetype scanPage = sql.narrowings.isEmpty() ? kScanPage : std::max<qsizetype>(limit, 25);
    std::optional<ListPosition> position = start->position;
    qsizetype legacyOffset = start->offset;
    QList<Run> matched;
    std::optional<ListPosition> next;
    // A query answers within its budget: past it, the rows found so far and a cursor to go on from,
    // never a scan without end.
    QElapsedTimer clock;
    clock.start();
    while (matched.size() < limit) {
        sql.after = position;
        sql.offset = legacyOffset;
        legacyOffset = 0; // an old offset cursor only places the first page
        sql.limit = scanPage;
        auto page = ctx.store.queryRuns(sql);
        if (!page)
            return HttpResponse::internal(page.error());
        QList<Uuid> ids, traces;
        for (const Run &r : *page) {
            ids.append(r.id);
            if (!r.traceId.isNull())
                traces.append(r.traceId);
        }
        QHash<Uuid, QList<Feedback>> feedback;
        QHash<Uuid, QList<Run>> traceRuns;
        if (filters.traceFilter || filters.treeFilter) {
            auto all = ctx.store.runsOfTraces(traces);
            if (!all)
                return HttpResponse::internal(all.error());
            for (const Run &r : *all) {
                traceRuns[r.traceId].append(r);
                ids.append(r.id);
            }
        }
        if (filters.readsFeedback()) {
            auto loaded = ctx.store.feedbackForRuns(ids);
            if (!loaded)
                return HttpResponse::internal(loaded.error());
            feedback = *loaded;
        }
        auto passes = [&](const std::optional<filter::CompiledFilter> &filter, const Run &run) {
            const QList<Feedback> fb = feedback.value(run.id);
            return filter->matches(filter::RunView(run, fb));
        };
        // Each trace is evaluated once, however many of its runs are on the page: whether its root passes
        // trace_filter, and which of its runs pass tree_filter (a run passes when another run of its tree
        // does). A trace of n runs costs n evaluations, not n².
        QHash<Uuid, bool> rootPasses;
        QHash<Uuid, QSet<Uuid>> treeMatches;
        auto rootOf = [&](const Uuid &trace) {
            auto known = rootPasses.constFind(trace);
            if (known != rootPasses.cend())
                return *known;
            const QList<Run> &tree = traceRuns[trace];
            const auto root = std::find_if(tree.begin(), tree.end(), [](const Run &r) { return r.isRoot(); });
            return rootPasses[trace] = root != tree.end() && passes(filters.traceFilter, *root);
        };
        auto matchesIn = [&](const Uuid &trace) -> const QSet<Uuid> & {
            auto known = treeMatches.find(trace);
            if (known != treeMatches.end())
                return *known;
            QSet<Uuid> &matching = treeMatches[trace];
            for (const Run &other : traceRuns[trace])
                if (passes(filters.treeFilter, other))
                    matching.insert(other.id);
            return matching;
        };
        qsizetype consumed = 0;
        for (const Run &run : *page) {
            ++consumed;
            position = listingPosition(run);
            bool ok = !filters.filter || passes(filters.filter, run);
            if (ok && filters.traceFilter)
                ok = rootOf(run.traceId);
            if (ok && filters.treeFilter) {
                const QSet<Uuid> &matching = matchesIn(run.traceId);
                ok = matching.size() > (matching.contains(run.id) ? 1 : 0);
            }
            if (ok)
                matched.append(run);
            if (matched.size() == limit)
                break;
        }
        if (matched.size() == limit) {
            if (consumed < page->size() || page->size() == scanPage)
                next = position;
            break;
        }
        if (page->size() < scanPage)
            break;
        if (clock.elapsed() >= ctx.queryBudgetMs || ctx.state.stopping()) {
            next = position; // a partial page: the client goes on from here
            break;
        }
    }

    QList<Uuid> resultIds;
    for (const Run &r : matched)
        resultIds.append(r.id);
    auto feedback = ctx.store.feedbackForRuns(resultIds);
    if (!feedback)
        return HttpResponse::internal(feedback.error());
    QJsonArray runs;
    for (const Run &r : matched)
        runs.append(selectFields(runToJson(r, feedbackStats(feedback->value(r.id))), select));
    return HttpResponse::json(QJsonObject{
        {"runs"_L1, runs},
        {"cursors"_L1,
         QJsonObject{{"next"_L1, next ? QJsonValue(positionCursor(*next)) : QJsonValue(QJsonValue::Null)}}}});
}

} // namespace assay::server
