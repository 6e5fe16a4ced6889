// Users (admins only): the people API keys belong to. Disabled, never deleted (answers and the audit
// log keep naming them).
//   POST /admin/users {"name", "role", "email"?}   GET /admin/users   GET /admin/users/{id} (with keys)
//   PATCH /admin/users/{id} {"name"?, "email"?, "role"?, "disabled"?}
// {id} is the user's id or exact name.

#include "apicontext.h"

#include "auth/apikeys.h"
#include "auth/users.h"

#include "core/jsonfields.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// The draft a body asks for; `email: null` clears the email.
Result<UserDraft> draftOf(const QJsonObject &body)
{
    JsonFields f(body);
    UserDraft draft;
    draft.name = f.string("name"_L1);
    draft.email = f.string("email"_L1);
    if (body.contains("email"_L1) && body.value("email"_L1).isNull())
        draft.email = QString();
    draft.role = f.string("role"_L1);
    draft.disabled = f.boolean("disabled"_L1);
    if (f.failed())
        return f.error();
    return draft;
}

HttpResponse userResponse(const Result<Decision<UserRecord>> &decision, int status)
{
    if (!decision)
        return HttpResponse::internal(decision.error());
    if (!decision->done())
        return refusedResponse(decision->refusal, decision->error);
    return HttpResponse::json(userJson(decision->value), status);
}

HttpResponse createUserRoute(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    if (auto refused = unknownField(*body, {u"name"_s, u"email"_s, u"role"_s}))
        return *refused;
    auto draft = draftOf(*body);
    if (!draft)
        return HttpResponse::badRequest(draft.error());
    return userResponse(createUser(ctx.store, actorOf(req), *draft), 201);
}

HttpResponse listUsersRoute(ApiContext &ctx, HttpRequest &)
{
    auto users = ctx.store.listUsers();
    if (!users)
        return HttpResponse::internal(users.error());
    QJsonArray out;
    for (const UserRecord &u : *users)
        out.append(userJson(u));
    return HttpResponse::json(out);
}

HttpResponse getUserRoute(ApiContext &ctx, HttpRequest &req)
{
    auto user = findUser(ctx.store, req.param(u"id"_s));
    if (!user)
        return HttpResponse::internal(user.error());
    if (!*user)
        return HttpResponse::notFound(u"user %1"_s.arg(req.param(u"id"_s)));
    auto keys = ctx.store.listApiKeys();
    if (!keys)
        return HttpResponse::internal(keys.error());
    QJsonArray theirs;
    for (const ApiKeyRecord &k : *keys)
        if (k.userId == (*user)->id)
            theirs.append(apiKeyJson(k));
    QJsonObject json = userJson(**user);
    json.insert("keys"_L1, theirs);
    return HttpResponse::json(json);
}

HttpResponse patchUserRoute(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    if (auto refused = unknownField(*body, {u"name"_s, u"email"_s, u"role"_s, u"disabled"_s}))
        return *refused;
    auto draft = draftOf(*body);
    if (!draft)
        return HttpResponse::badRequest(draft.error());
    return userResponse(changeUser(ctx.store, actorOf(req), req.param(u"id"_s), *draft, req.principal.userId),
                        200);
}

} // namespace

void registerUserRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/admin/users", createUserRoute, Access::Admin);
    addRoute(router, ctx, "GET", "/admin/users", listUsersRoute, Access::Admin);
    addRoute(router, ctx, "GET", "/admin/users/{id}", getUserRoute, Access::Admin);
    addRoute(router, ctx, "PATCH", "/admin/users/{id}", patchUserRoute, Access::Admin);
}

} // namespace assay::server
