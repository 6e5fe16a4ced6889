// Administration (admin keys only): API keys and the reviewers assigned to queues.
//   POST /admin/keys {"name", "role"}   -> the new key, shown once
//   GET /admin/keys, DELETE /admin/keys/{id}   (revocation takes effect on the next request)
//   GET /annotation-queues/{id}/reviewers, PUT|DELETE /annotation-queues/{id}/reviewers/{key}

#include "apicontext.h"

#include "auth/apikeys.h"
#include "auth/reviewerassignments.h"

#include "core/jsonfields.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

const QStringList kRoles = {u"admin"_s, u"member"_s, u"ingest"_s, u"reviewer"_s};

QJsonObject keyJson(const ApiKeyRecord &k)
{
    return QJsonObject{
        {"id"_L1, k.id},
        {"prefix"_L1, k.prefix},
        {"name"_L1, k.name},
        {"role"_L1, k.role},
        {"created_at"_L1, k.createdAt.toIso()},
        {"revoked_at"_L1, k.revokedAt ? k.revokedAt->toJson() : QJsonValue(QJsonValue::Null)},
        {"last_used_at"_L1, k.lastUsedAt ? k.lastUsedAt->toJson() : QJsonValue(QJsonValue::Null)}};
}

HttpResponse createKey(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const QString name = f.string("name"_L1, Need::Required).value_or(QString()).trimmed();
    const QString role = f.string("role"_L1, Need::Required).value_or(QString());
    const auto expiresAt = f.timestamp("expires_at"_L1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    if (expiresAt && *expiresAt <= Timestamp::now())
        return HttpResponse::error(400, u"is in the past"_s, u"expires_at"_s);
    if (name.isEmpty())
        return HttpResponse::error(400, u"must not be empty"_s, u"name"_s);
    if (!kRoles.contains(role))
        return HttpResponse::error(400, u"expected admin, member, ingest or reviewer, got '%1'"_s.arg(role),
                                   u"role"_s);
    NewApiKey key = generateApiKey(name, role);
    key.record.expiresAt = expiresAt;
    if (auto inserted = ctx.store.insertApiKey(key.record, hashApiKey(key.key)); !inserted)
        return HttpResponse::internal(inserted.error());
    QJsonObject json = keyJson(key.record);
    json.insert("key"_L1, key.key);
    return auditOrFail(ctx, req, u"create"_s, u"api_key"_s, key.record.id, QJsonValue::Null,
                       keyJson(key.record), HttpResponse::json(json));
}

HttpResponse listKeys(ApiContext &ctx, HttpRequest &)
{
    auto keys = ctx.store.listApiKeys();
    if (!keys)
        return HttpResponse::internal(keys.error());
    QJsonArray out;
    for (const ApiKeyRecord &k : *keys)
        out.append(keyJson(k));
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
    return auditOrFail(ctx, req, u"revoke"_s, u"api_key"_s, id, keyJson(**key), QJsonValue::Null,
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
    case AssignmentOutcome::UnknownKey:
        return HttpResponse::error(404, change->refusal);
    case AssignmentOutcome::NotReviewerKey:
        return HttpResponse::error(422, change->refusal, u"key"_s);
    }
    return HttpResponse::noContent();
}

HttpResponse assignReviewer(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadAdminQueue(ctx, req, queue))
        return *failed;
    const QString keyId = req.param(u"key"_s);
    return assignmentResponse(assignReviewerKey(ctx.store, actorOf(req), queue.id, keyId));
}

HttpResponse unassignReviewer(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadAdminQueue(ctx, req, queue))
        return *failed;
    const QString keyId = req.param(u"key"_s);
    auto change = unassignReviewerKey(ctx.store, actorOf(req), queue.id, keyId);
    if (change && change->outcome == AssignmentOutcome::AlreadySo)
        return HttpResponse::notFound(
            u"reviewer %1 of annotation queue %2"_s.arg(keyId, queue.id.toString()));
    return assignmentResponse(change);
}

} // namespace

void registerAdminRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/admin/keys", createKey, Access::Admin);
    addRoute(router, ctx, "GET", "/admin/keys", listKeys, Access::Admin);
    addRoute(router, ctx, "DELETE", "/admin/keys/{id}", revokeKey, Access::Admin);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/reviewers", listReviewers, Access::Admin);
    addRoute(router, ctx, "PUT", "/annotation-queues/{id}/reviewers/{key}", assignReviewer, Access::Admin);
    addRoute(router, ctx, "DELETE", "/annotation-queues/{id}/reviewers/{key}", unassignReviewer,
             Access::Admin);
}

} // namespace assay::server
