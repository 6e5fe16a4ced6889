// The 0.12 SDK's resource client for runs: POST /api/v2/runs/query (client.runs.queryV2) and
// GET /api/v2/runs/{id} (client.runs.retrieveV2). The same search as /runs/query under LangSmith's v2
// names: project_ids, min/max_start_time (default: the last day), page_size, cursor → next_cursor, and
// `selects` (upper-case field names; only the id when absent). What Assay cannot answer is refused
// naming the field, never ignored.

#include "runquery.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kDayMicros = 86'400'000'000LL;
constexpr qsizetype kPreviewChars = 200;

QString preview(const QJsonValue &value)
{
    const QString text =
        value.isString() ? value.toString()
                         : QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return text.size() > kPreviewChars ? text.left(kPreviewChars) + u"…"_s : text;
}

// The ids of a run's ancestors, root first, read from its dotted order (one "<time>Z<id>" a level).
QJsonArray parentRunIds(const Run &run)
{
    QJsonArray ids;
    const QStringList segments = run.dottedOrder.split(u'.', Qt::SkipEmptyParts);
    for (qsizetype i = 0; i + 1 < segments.size(); ++i) {
        const qsizetype z = segments.at(i).indexOf(u'Z');
        if (z >= 0)
            ids.append(segments.at(i).mid(z + 1));
    }
    return ids;
}

// A v2 select (upper case) → the value, or undefined where Assay keeps nothing of the kind (costs,
// attachments, share links): those are left out, as LangSmith leaves out what it does not have.
QJsonValue selected(const QString &field, const Run &run, const QJsonObject &v1)
{
    static const QHash<QString, QString> sameAsV1{
        {u"ID"_s, u"id"_s},
        {u"NAME"_s, u"name"_s},
        {u"RUN_TYPE"_s, u"run_type"_s},
        {u"STATUS"_s, u"status"_s},
        {u"START_TIME"_s, u"start_time"_s},
        {u"END_TIME"_s, u"end_time"_s},
        {u"ERROR"_s, u"error"_s},
        {u"EXTRA"_s, u"extra"_s},
        {u"EVENTS"_s, u"events"_s},
        {u"INPUTS"_s, u"inputs"_s},
        {u"OUTPUTS"_s, u"outputs"_s},
        {u"MANIFEST"_s, u"serialized"_s},
        {u"PROJECT_ID"_s, u"session_id"_s},
        {u"TRACE_ID"_s, u"trace_id"_s},
        {u"DOTTED_ORDER"_s, u"dotted_order"_s},
        {u"REFERENCE_EXAMPLE_ID"_s, u"reference_example_id"_s},
        {u"TOTAL_TOKENS"_s, u"total_tokens"_s},
        {u"PROMPT_TOKENS"_s, u"prompt_tokens"_s},
        {u"COMPLETION_TOKENS"_s, u"completion_tokens"_s},
        {u"TAGS"_s, u"tags"_s},
        {u"APP_PATH"_s, u"app_path"_s},
        {u"FEEDBACK_STATS"_s, u"feedback_stats"_s},
    };
    if (auto same = sameAsV1.constFind(field); same != sameAsV1.cend())
        return v1.value(*same);
    if (field == u"LATENCY_SECONDS") {
        const auto latency = run.latencySeconds();
        return latency ? QJsonValue(*latency) : QJsonValue(QJsonValue::Null);
    }
    if (field == u"ERROR_PREVIEW")
        return run.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(preview(run.error));
    if (field == u"INPUTS_PREVIEW")
        return preview(run.inputs);
    if (field == u"OUTPUTS_PREVIEW")
        return preview(run.outputs);
    if (field == u"METADATA")
        return run.metadata();
    if (field == u"IS_ROOT")
        return run.isRoot();
    if (field == u"PARENT_RUN_IDS")
        return parentRunIds(run);
    if (field == u"THREAD_ID") {
        const QJsonObject metadata = run.metadata();
        for (const char *key : {"thread_id", "session_id", "conversation_id"})
            if (metadata.value(QLatin1StringView(key)).isString())
                return metadata.value(QLatin1StringView(key));
        return QJsonValue(QJsonValue::Null);
    }
    return QJsonValue(QJsonValue::Undefined);
}

const QStringList kKnownSelects{u"ID"_s,
                                u"NAME"_s,
                                u"RUN_TYPE"_s,
                                u"STATUS"_s,
                                u"START_TIME"_s,
                                u"END_TIME"_s,
                                u"LATENCY_SECONDS"_s,
                                u"FIRST_TOKEN_TIME"_s,
                                u"ERROR"_s,
                                u"ERROR_PREVIEW"_s,
                                u"EXTRA"_s,
                                u"METADATA"_s,
                                u"EVENTS"_s,
                                u"INPUTS"_s,
                                u"INPUTS_PREVIEW"_s,
                                u"OUTPUTS"_s,
                                u"OUTPUTS_PREVIEW"_s,
                                u"MANIFEST"_s,
                                u"PARENT_RUN_IDS"_s,
                                u"PROJECT_ID"_s,
                                u"TRACE_ID"_s,
                                u"THREAD_ID"_s,
                                u"DOTTED_ORDER"_s,
                                u"IS_ROOT"_s,
                                u"REFERENCE_EXAMPLE_ID"_s,
                                u"REFERENCE_DATASET_ID"_s,
                                u"TOTAL_TOKENS"_s,
                                u"PROMPT_TOKENS"_s,
                                u"COMPLETION_TOKENS"_s,
                                u"TOTAL_COST"_s,
                                u"PROMPT_COST"_s,
                                u"COMPLETION_COST"_s,
                                u"PROMPT_TOKEN_DETAILS"_s,
                                u"COMPLETION_TOKEN_DETAILS"_s,
                                u"PROMPT_COST_DETAILS"_s,
                                u"COMPLETION_COST_DETAILS"_s,
                                u"PRICE_MODEL_ID"_s,
                                u"TAGS"_s,
                                u"APP_PATH"_s,
                                u"ATTACHMENTS"_s,
                                u"THREAD_EVALUATION_TIME"_s,
                                u"IS_IN_DATASET"_s,
                                u"LAST_QUEUED_AT"_s,
                                u"SHARE_URL"_s,
                                u"FEEDBACK_STATS"_s,
                                u"LS_USER_ID"_s};

// The selects a request names, checked; where names the field ("selects" or "selects[2]").
Result<QStringList> parseSelects(const QStringList &selects, const QString &where)
{
    for (qsizetype i = 0; i < selects.size(); ++i)
        if (!kKnownSelects.contains(selects.at(i)))
            return Error{u"unknown field %1 (expected one of LangSmith's run fields, e.g. NAME, START_TIME, "
                         "INPUTS)"_s.arg(selects.at(i)),
                         u"%1[%2]"_s.arg(where).arg(i)};
    return selects;
}

QJsonObject v2Run(const Run &run, const QList<Feedback> &feedback, const QStringList &selects)
{
    const QJsonObject v1 = runToJson(run, feedbackStats(feedback));
    QJsonObject out{{"id"_L1, run.id.toString()}};
    for (const QString &field : selects) {
        const QJsonValue value = selected(field, run, v1);
        if (!value.isUndefined())
            out.insert(field.toLower(), value);
    }
    return out;
}

// Fields of LangSmith's v2 query that Assay does not answer: refused by name rather than ignored.
constexpr std::array kUnsupported{"ai_search", "reference_dataset_id", "reference_examples",
                                  "min_feedback_modified_at", "max_feedback_modified_at"};

Result<RunSearch> v2Search(const QJsonObject &body)
{
    for (const char *key : kUnsupported)
        if (const QJsonValue v = body.value(QLatin1StringView(key)); !v.isNull() && !v.isUndefined())
            return Error{u"is not supported by Assay"_s, QString::fromLatin1(key)};
    JsonFields f(body);
    RunSearch search;
    RunQuery &q = search.query;
    for (const auto &[key, target] :
         {std::pair{"project_ids"_L1, &q.sessions}, std::pair{"ids"_L1, &q.ids}}) {
        auto ids = uuidsIn(f, key);
        if (!ids)
            return ids.error();
        *target = *ids;
    }
    q.trace = f.uuid("trace_id"_L1);
    q.runType = f.string("run_type"_L1).value_or(QString());
    q.isRoot = f.boolean("is_root"_L1);
    q.hasError = f.boolean("has_error"_L1);
    const qint64 now = Timestamp::now().micros();
    q.startTimeFrom = f.timestamp("min_start_time"_L1).value_or(Timestamp::fromMicros(now - kDayMicros));
    q.startTimeBefore = f.timestamp("max_start_time"_L1);
    search.limit = f.integer("page_size"_L1).value_or(100);
    if (f.boolean("include_subtree_usage"_L1).value_or(false))
        f.fail("include_subtree_usage"_L1, u"is not supported by Assay"_s);
    if (f.failed())
        return f.error();
    if (q.sessions.isEmpty() && q.ids.isEmpty())
        return Error{u"is required: the projects to search"_s, u"project_ids"_s};
    auto filters = compileRunFilters(body);
    if (!filters)
        return filters.error();
    search.filters = *filters;
    return placeRunCursor(std::move(search), f.string("cursor"_L1).value_or(QString()));
}

HttpResponse queryRunsV2(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto search = v2Search(*body);
    if (!search)
        return HttpResponse::badRequest(search.error());
    auto selects =
        parseSelects(JsonFields(*body).stringList("selects"_L1).value_or(QStringList()), u"selects"_s);
    if (!selects)
        return HttpResponse::badRequest(selects.error());
    RunPage page;
    if (auto refused = searchRuns(ctx, *search, page))
        return *refused;
    QJsonArray items;
    for (const Run &r : std::as_const(page.runs))
        items.append(v2Run(r, page.feedback.value(r.id), *selects));
    return HttpResponse::json(
        QJsonObject{{"items"_L1, items},
                    {"next_cursor"_L1,
                     page.next ? QJsonValue(positionCursor(*page.next)) : QJsonValue(QJsonValue::Null)}});
}

HttpResponse retrieveRunV2(ApiContext &ctx, HttpRequest &req)
{
    auto id = Uuid::parse(req.param(u"id"_s));
    if (!id)
        return HttpResponse::error(404, u"run not found"_s, u"id"_s);
    auto project = Uuid::parse(req.queryValue(u"project_id"_s));
    if (!project)
        return HttpResponse::error(400, u"is required: the run's project id"_s, u"project_id"_s);
    auto selects = parseSelects(req.queryValues(u"selects"_s), u"selects"_s);
    if (!selects)
        return HttpResponse::badRequest(selects.error());
    auto stored = storedRun(ctx.store, *id);
    if (!stored)
        return HttpResponse::internal(stored.error());
    if (!*stored || (*stored)->run.sessionId != *project)
        return HttpResponse::error(
            404, u"run %1 not found in project %2"_s.arg(id->toString(), project->toString()), u"id"_s);
    return HttpResponse::json(v2Run((*stored)->run, (*stored)->feedback, *selects));
}

} // namespace

void registerRunsV2Routes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/api/v2/runs/query", queryRunsV2, Access::Member, Lane::Read);
    addRoute(router, ctx, "GET", "/api/v2/runs/{id}", retrieveRunV2, Access::Member, Lane::Read);
}

} // namespace assay::server
