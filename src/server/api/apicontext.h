#pragma once

// What route handlers share, and the helpers every API module uses to read requests.

#include "auth/ratelimiter.h"
#include "auth/refusal.h"
#include "http/router.h"
#include "observability/metrics.h"
#include "observability/requestlog.h"
#include "storage/store.h"

#include "core/jsonfields.h"

#include <QMutex>

#include <atomic>
#include <memory>

namespace assay::server {

class RuleEngine;
class RuleBackfill;

// What every worker shares and what may change while the server runs; safe to use from any thread.
class ServerState {
public:
    // Where clients reach this server ("https://review.example.com"), for the links it hands out; never
    // taken from a request's Host header.
    QString publicUrl() const
    {
        QMutexLocker lock(&m_mutex);
        return m_publicUrl;
    }
    void setPublicUrl(const QString &url)
    {
        QMutexLocker lock(&m_mutex);
        m_publicUrl = url;
    }
    // Set when the server stops: long work (a query's scan) ends at its next step.
    bool stopping() const { return m_stopping.load(std::memory_order_relaxed); }
    void stop() { m_stopping.store(true, std::memory_order_relaxed); }

    // What the server counts about itself (GET /metrics); any thread.
    Metrics &metrics() { return m_metrics; }
    // How answered requests are logged; set before the workers start, read only after.
    LogFormat requestLogFormat = LogFormat::None;

private:
    Metrics m_metrics;
    mutable QMutex m_mutex;
    QString m_publicUrl;
    std::atomic<bool> m_stopping{false};
};

// One worker's view of the server: its own connection, and what all workers share. Handlers see only
// this; which thread they run on is the worker pool's business.
struct ApiContext {
    Store &store;
    RuleEngine *ruleEngine = nullptr;     // the write worker's; read routes never route runs
    RuleBackfill *ruleBackfill = nullptr; // the write worker's
    ServerState &state;
    Uuid tenantId; // one tenant per server; LangSmith objects carry a tenant_id
    // Uses of presigned feedback links per client address: a public route must not be a free write path.
    std::shared_ptr<RateLimiter> feedbackLinkUses;
    // How long one query may scan before it answers what it found with a cursor to go on from.
    qint64 queryBudgetMs = 10000;

    RuleEngine &rules() const
    {
        Q_ASSERT_X(ruleEngine, "ApiContext", "a route that routes runs must be on the write lane");
        return *ruleEngine;
    }
    RuleBackfill &backfill() const
    {
        Q_ASSERT_X(ruleBackfill, "ApiContext", "a route that starts a backfill must be on the write lane");
        return *ruleBackfill;
    }
};

using ApiHandler = HttpResponse (*)(ApiContext &, HttpRequest &);

inline void addRoute(Router &router, ApiContext &ctx, const char *method, const char *pattern,
                     ApiHandler handler, Access access = Access::Member,
                     std::optional<Lane> lane = std::nullopt)
{
    router.add(
        QString::fromLatin1(method), QString::fromLatin1(pattern),
        [&ctx, handler](HttpRequest &request) { return handler(ctx, request); }, access, lane);
}

void registerInfoRoutes(Router &router, ApiContext &ctx);
void registerProbeRoutes(Router &router, ApiContext &ctx);   // /healthz, /readyz
void registerMetricsRoutes(Router &router, ApiContext &ctx); // /metrics
void registerRunRoutes(Router &router, ApiContext &ctx);
void registerRunsV2Routes(Router &router, ApiContext &ctx); // the 0.12 SDK's client.runs
void registerProjectRoutes(Router &router, ApiContext &ctx);
void registerQueueRoutes(Router &router, ApiContext &ctx);
void registerQueueItemRoutes(Router &router, ApiContext &ctx); // items, their status, the 0.12 SDK's items
void registerQueueMembershipRoutes(Router &router, ApiContext &ctx); // runs' queues; runs matching a query
void registerQueueHealthRoutes(Router &router, ApiContext &ctx);     // backlog, traffic, reviewers' progress
void registerCalibrationRoutes(Router &router, ApiContext &ctx);     // calibration rounds and agreement
void registerExportRoutes(Router &router, ApiContext &ctx);          // exports; datasets from answers
void registerFeedbackTokenRoutes(Router &router, ApiContext &ctx);
void registerFeedbackRoutes(Router &router, ApiContext &ctx);
void registerDatasetRoutes(Router &router, ApiContext &ctx);
void registerRuleRoutes(Router &router, ApiContext &ctx);
void registerAuditRoutes(Router &router, ApiContext &ctx);
void registerAdminRoutes(Router &router, ApiContext &ctx);
void registerUserRoutes(Router &router, ApiContext &ctx);
void registerReviewRoutes(Router &router, ApiContext &ctx);
void registerNotImplementedRoutes(Router &router); // 501s naming what is missing

// Who did it, for the audit log: "user:<id>" for a user's key, "key:<id>" for a service key.
QString actorOf(const HttpRequest &request);
// Records a change in the audit log (in the request's transaction) and answers `success`; if the
// record cannot be written, the change is not committed either.
HttpResponse auditOrFail(ApiContext &ctx, const HttpRequest &request, const QString &action,
                         const QString &entity, const QString &entityId, const QJsonValue &before,
                         const QJsonValue &after, HttpResponse success);

// One audit entry per changed entity (an item added to a queue, an example added to a dataset), each
// with its `after`, then `success`; nothing is committed if an entry cannot be written.
HttpResponse auditEachOrFail(ApiContext &ctx, const HttpRequest &request, const QString &action,
                             const QString &entity, const QList<std::pair<QString, QJsonObject>> &changed,
                             HttpResponse success);

// A 400 naming the first of these query parameters (or body fields) the request has: parameters LangSmith
// has and Assay does not implement are refused, never ignored, so a listing never answers more rows
// than were asked for.
std::optional<HttpResponse> unsupportedParameter(const HttpRequest &request, const QStringList &names);
std::optional<Error> unsupportedField(const QJsonObject &body, const QStringList &names);

// A 400 for a body field the route does not know, so a typo ("disable" for "disabled") is not ignored.
std::optional<HttpResponse> unknownField(const QJsonObject &body, const QStringList &known);
// Dataset names are unique per tenant: a 409 when another dataset already has this name.
std::optional<HttpResponse> refuseTakenName(ApiContext &ctx, const QString &name);
// 400 (with the field), 404 or 409 for an administrative change that was refused.
HttpResponse refusedResponse(Refusal refusal, const Error &error);

inline void registerAllRoutes(Router &router, ApiContext &ctx)
{
    registerNotImplementedRoutes(router); // first: /sessions/resolutions before /sessions/{id}
    registerInfoRoutes(router, ctx);
    registerProbeRoutes(router, ctx);
    registerMetricsRoutes(router, ctx);
    registerRunRoutes(router, ctx);
    registerRunsV2Routes(router, ctx);
    registerProjectRoutes(router, ctx);
    registerQueueMembershipRoutes(router, ctx); // before /annotation-queues/{id}
    registerQueueRoutes(router, ctx);
    registerQueueItemRoutes(router, ctx);
    registerQueueHealthRoutes(router, ctx);
    registerCalibrationRoutes(router, ctx);
    registerExportRoutes(router, ctx);
    registerFeedbackTokenRoutes(router, ctx); // before /feedback/{id}, which would take "tokens" as an id
    registerFeedbackRoutes(router, ctx);
    registerDatasetRoutes(router, ctx);
    registerRuleRoutes(router, ctx);
    registerAuditRoutes(router, ctx);
    registerAdminRoutes(router, ctx);
    registerUserRoutes(router, ctx);
    registerReviewRoutes(router, ctx);
}

// A UUID from the path; a malformed one is a 422 that says which parameter.
Result<Uuid> pathUuid(const HttpRequest &request, const QString &name);
// A list of UUIDs from a repeated query parameter (?id=a&id=b), also comma-separated.
Result<QList<Uuid>> queryUuids(const HttpRequest &request, const QString &key);
// A list of ids in a JSON body (absent: empty); a bad one is an error naming it ("run_ids[2]").
Result<QList<Uuid>> uuidsIn(JsonFields &fields, QLatin1StringView key);
// A boolean query parameter as the SDKs spell it: true/false in any case (Python sends "True"), 1/0;
// absent is `absent`; anything else is an error naming the parameter.
Result<bool> queryBoolean(const HttpRequest &request, const QString &key, bool absent = false);

// Keyset cursors are positions, "p:<µs>:<id>": the next page starts after that row, whatever was added
// or removed meanwhile.
QString positionCursor(const ListPosition &position);
std::optional<ListPosition> parsePositionCursor(QStringView cursor);

// ?offset=&limit=&cursor= with limits checked (offset or cursor, not both); the SDK pages by offset
// until it gets fewer than `limit` items.
Result<PageRequest> pageOf(const HttpRequest &request, qsizetype defaultLimit = 100,
                           qsizetype maxLimit = 1000);
// A listing's answer: its rows, and when the page is full the cursor of the next (header X-Next-Cursor:
// the position of the page's last row).
HttpResponse listingResponse(const QJsonArray &rows, bool full, const std::optional<ListPosition> &last);

// ?<idsKey>=&name=&name_contains=&offset=&limit= as the SDK sends them to list projects, queues, datasets.
Result<ListQuery> listQueryOf(const HttpRequest &request, const QString &idsKey);

// The 0.12 SDK's v2 listings (/api/v2/sessions, /api/v2/datasets): ?id=&name=&name_contains=&limit=
// &cursor=, paged by an opaque cursor ("o:<offset>": these lists are short), answered as
// {"items": [...], "next_cursor"} by v2ListingResponse.
Result<ListQuery> v2ListQueryOf(const HttpRequest &request);
HttpResponse v2ListingResponse(const QJsonArray &items, const ListQuery &query);

// Loads what the path's {id} names with `find` (a Store lookup by id) into `out`; on failure, the
// response to send instead: 422 for a malformed id, 404 "<what> <id> not found", 500 for the store.
template<typename T, typename Find>
std::optional<HttpResponse> loadById(const HttpRequest &request, const QString &what, Find find, T &out)
{
    auto id = pathUuid(request, QStringLiteral("id"));
    if (!id)
        return HttpResponse::error(422, id.error().message, id.error().where);
    auto found = find(*id);
    if (!found)
        return HttpResponse::internal(found.error());
    if (!*found)
        return HttpResponse::notFound(what + QLatin1Char(' ') + id->toString());
    out = std::move(**found);
    return std::nullopt;
}

// What to answer instead of a service's decision: 500 when the store failed, the refusal's status when
// the change was refused, nothing when it was made.
template<typename T>
std::optional<HttpResponse> failedOrRefused(const Result<Decision<T>> &decided)
{
    if (!decided)
        return HttpResponse::internal(decided.error());
    if (!decided->done())
        return refusedResponse(decided->refusal, decided->error);
    return std::nullopt;
}

// Turns a Result into a response: errors become 400 (bad input) or 500 (store failures).
inline HttpResponse validationError(const Error &e)
{
    return HttpResponse::error(422, e.message, e.where);
}

} // namespace assay::server
