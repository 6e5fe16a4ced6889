// Administration (admins only): API keys and the reviewers assigned to queues. Users: usersapi.cpp.
//   POST /admin/keys {"name", "role" | "user_id", "expires_at"?}   -> the new key, shown once
//   GET /admin/keys, DELETE /admin/keys/{id}   (revocation takes effect on the next request)
//   GET /annotation-queues/{id}/reviewers, PUT|DELETE /annotation-queues/{id}/reviewers/{reviewer}

#include "apicontext.h"

#include "auth/apikeys.h"
#include "auth/reviewerassignments.h"

#include "core/jsonfields.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

HttpResponse createKey(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    if (auto refused = unknownField(*body, {u"name"_s, u"role"_s, u"user_id"_s, u"expires_at"_s}))
        return *refused;
    JsonFields f(*body);
    KeyDraft draft;
    draft.name = f.string("name"_L1, Need::Required).value_or(QString());
    draft.role = f.string("role"_L1);
    draft.user = f.string("user_id"_L1).value_or(QString());
    draft.expiresAt = f.timestamp("expires_at"_L1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    auto created = createApiKey(ctx.store, actorOf(req), draft);
    if (!created)
        return HttpResponse::internal(created.error());
    if (!created->done())
        return refusedResponse(created->refusal, created->error);
    QJsonObject json = apiKeyJson(created->value.record);
    json.insert("key"_L1, created->value.key);
    return HttpResponse::json(json);
}

HttpResponse listKeys(ApiContext &ctx, HttpRequest &)
{
    auto keys = ctx.store.listApiKeys();
    if (!keys)
        return HttpResponse::internal(keys.error());
    QJsonArray out;
    for (const ApiKeyRecord &k : *keys)
        out.append(apiKeyJson(k));
    return HttpResponse::json(out);
}

HttpResponse revokeKey(ApiContext &ctx, HttpRequest &req)
{
    const QString id = req.param(u"id"_s);
    auto key = ctx.store.apiKeyById(id);
    if (!key)
        return HttpResponse::internal(key.error());
    if (!*key)
        return HttpResponse::notFound(u"API key %1"_s.arg(id));
    if (id == req.principal.keyId)
        return HttpResponse::error(409, u"a key cannot revoke itself; use another admin key"_s);
    auto revoked = ctx.store.revokeApiKey(id);
    if (!revoked)
        return HttpResponse::internal(revoked.error());
    if (!*revoked)
        return HttpResponse::error(409, u"API key %1 is already revoked"_s.arg(id));
    return auditOrFail(ctx, req, u"revoke"_s, u"api_key"_s, id, apiKeyJson(**key), QJsonValue::Null,
                       HttpResponse::noContent());
}

// The queue named by {id} (admins see every queue).
std::optional<HttpResponse> loadAdminQueue(ApiContext &ctx, const HttpRequest &req, Queue &out)
{
    return loadById(
        req, u"annotation queue"_s, [&](const Uuid &id) { return ctx.store.queueById(id); }, out);
}

HttpResponse listReviewers(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadAdminQueue(ctx, req, queue))
        return *failed;
    auto reviewers = ctx.store.reviewersOf(queue.id);
    if (!reviewers)
        return HttpResponse::internal(reviewers.error());
    return HttpResponse::json(QJsonArray::fromStringList(*reviewers));
}

// Answers an assignment change: 204 when done or already so (a replay), 404/422 with the reason.
HttpResponse assignmentResponse(const Result<AssignmentChange> &change)
{
    if (!change)
        return HttpResponse::internal(change.error());
    switch (change->outcome) {
    case AssignmentOutcome::Changed:
    case AssignmentOutcome::AlreadySo:
        break;
    case AssignmentOutcome::UnknownReviewer:
        return HttpResponse::error(404, change->refusal);
    case AssignmentOutcome::NotReviewer:
        return HttpResponse::error(422, change->refusal, u"reviewer"_s);
    }
    return HttpResponse::noContent();
}

HttpResponse assignReviewer(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadAdminQueue(ctx, req, queue))
        return *failed;
    return assignmentResponse(
        assignQueueReviewer(ctx.store, actorOf(req), queue.id, req.param(u"reviewer"_s)));
}

HttpResponse unassignReviewer(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadAdminQueue(ctx, req, queue))
        return *failed;
    const QString reviewer = req.param(u"reviewer"_s);
    auto change = unassignQueueReviewer(ctx.store, actorOf(req), queue.id, reviewer);
    if (change && change->outcome == AssignmentOutcome::AlreadySo)
        return HttpResponse::notFound(
            u"reviewer %1 of annotation queue %2"_s.arg(reviewer, queue.id.toString()));
    return assignmentResponse(change);
}

} // namespace

void registerAdminRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/admin/keys", createKey, Access::Admin);
    addRoute(router, ctx, "GET", "/admin/keys", listKeys, Access::Admin);
    addRoute(router, ctx, "DELETE", "/admin/keys/{id}", revokeKey, Access::Admin);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/reviewers", listReviewers, Access::Admin);
    addRoute(router, ctx, "PUT", "/annotation-queues/{id}/reviewers/{reviewer}", assignReviewer,
             Access::Admin);
    addRoute(router, ctx, "DELETE", "/annotation-queues/{id}/reviewers/{reviewer}", unassignReviewer,
             Access::Admin);
}

} // namespace assay::server
