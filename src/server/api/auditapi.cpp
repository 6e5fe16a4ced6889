// The audit log over REST: GET /audit?after=<seq>&limit= (oldest first) and GET /audit/verify.

#include "apicontext.h"

#include "audit/auditlog.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

HttpResponse listAudit(ApiContext &ctx, HttpRequest &req)
{
    auto page = pageOf(req, 100, 1000);
    if (!page)
        return validationError(page.error());
    qint64 after = 0;
    if (req.query.hasQueryItem(u"after"_s)) {
        bool ok = false;
        after = req.queryValue(u"after"_s).toLongLong(&ok);
        if (!ok || after < 0)
            return HttpResponse::error(422, u"must be an entry's sequence number"_s, u"after"_s);
    }
    auto entries = ctx.store.auditEntries(after, page->limit);
    if (!entries)
        return HttpResponse::internal(entries.error());
    QJsonArray out;
    for (const AuditEntry &e : *entries)
        out.append(auditEntryToJson(e));
    return HttpResponse::json(out);
}

HttpResponse verifyAudit(ApiContext &ctx, HttpRequest &)
{
    auto verified = verifyAuditLog(ctx.store);
    if (!verified)
        return HttpResponse::json(QJsonObject{{"intact"_L1, false}, {"detail"_L1, verified.error().message}});
    return HttpResponse::json(QJsonObject{{"intact"_L1, true},
                                          {"entries"_L1, double(verified->entries)},
                                          {"last_hash"_L1, verified->lastHash}});
}

HttpResponse auditHeadRoute(ApiContext &ctx, HttpRequest &)
{
    auto head = auditHead(ctx.store);
    if (!head)
        return HttpResponse::internal(head.error());
    return HttpResponse::json(QJsonObject{{"head"_L1, *head}});
}

} // namespace

QString actorOf(const HttpRequest &request)
{
    return request.principal.actor();
}

HttpResponse auditOrFail(ApiContext &ctx, const HttpRequest &request, const QString &action,
                         const QString &entity, const QString &entityId, const QJsonValue &before,
                         const QJsonValue &after, HttpResponse success)
{
    if (auto recorded = recordAudit(ctx.store, actorOf(request), action, entity, entityId, before, after);
        !recorded)
        return HttpResponse::internal(recorded.error());
    return success;
}

HttpResponse auditEachOrFail(ApiContext &ctx, const HttpRequest &request, const QString &action,
                             const QString &entity, const QList<std::pair<QString, QJsonObject>> &changed,
                             HttpResponse success)
{
    const QString actor = actorOf(request);
    for (const auto &[id, after] : changed)
        if (auto recorded = recordAudit(ctx.store, actor, action, entity, id, QJsonValue::Null, after);
            !recorded)
            return HttpResponse::internal(recorded.error());
    return success;
}

void registerAuditRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "GET", "/audit", listAudit, Access::Admin);
    addRoute(router, ctx, "GET", "/audit/verify", verifyAudit, Access::Admin);
    addRoute(router, ctx, "GET", "/audit/head", auditHeadRoute, Access::Admin);
}

} // namespace assay::server
