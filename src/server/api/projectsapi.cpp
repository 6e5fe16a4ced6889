// Projects ("tracer sessions"): /sessions (langsmith-api.md §3).

#include "apicontext.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

HttpResponse createProject(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto write = parseProjectWrite(*body, true);
    if (!write)
        return HttpResponse::badRequest(write.error());
    auto upsert = queryBoolean(req, u"upsert"_s);
    if (!upsert)
        return HttpResponse::badRequest(upsert.error());
    auto existing = ctx.store.projectByName(*write->name);
    if (!existing)
        return HttpResponse::internal(existing.error());
    if (*existing && !*upsert)
        return HttpResponse::error(409, u"a project named '%1' already exists"_s.arg(*write->name));
    Project project = existing->value_or(Project{});
    const bool isNew = !*existing;
    if (isNew && !write->id)
        write->id = Uuid::v7();
    if (!isNew)
        write->id.reset(); // an upsert never changes an existing project's id
    applyProjectWrite(project, *write);
    if (!project.startTime)
        project.startTime = Timestamp::now();
    if (isNew) {
        auto clash = ctx.store.projectById(project.id);
        if (!clash)
            return HttpResponse::internal(clash.error());
        if (*clash)
            return HttpResponse::error(409,
                                       u"a project with id %1 already exists"_s.arg(project.id.toString()));
    }
    if (auto saved = ctx.store.saveProject(project, isNew); !saved)
        return HttpResponse::internal(saved.error());
    return HttpResponse::json(projectToJson(project, ctx.tenantId));
}

std::optional<HttpResponse> loadProject(ApiContext &ctx, const HttpRequest &req, Project &out)
{
    return loadById(
        req, u"project"_s, [&](const Uuid &id) { return ctx.store.projectById(id); }, out);
}

HttpResponse getProject(ApiContext &ctx, HttpRequest &req)
{
    Project project;
    if (auto failed = loadProject(ctx, req, project))
        return *failed;
    return HttpResponse::json(projectToJson(project, ctx.tenantId));
}

QJsonArray projectsJson(const ApiContext &ctx, const QList<Project> &projects)
{
    QJsonArray out;
    for (const Project &p : projects)
        out.append(projectToJson(p, ctx.tenantId));
    return out;
}

HttpResponse listProjects(ApiContext &ctx, HttpRequest &req)
{
    if (auto refused = unsupportedParameter(req, {u"reference_dataset"_s, u"metadata"_s, u"tag_value_id"_s}))
        return *refused;
    auto q = listQueryOf(req, u"id"_s);
    if (!q)
        return validationError(q.error());
    auto projects = ctx.store.listProjects(*q);
    if (!projects)
        return HttpResponse::internal(projects.error());
    const QJsonArray out = projectsJson(ctx, *projects);
    return HttpResponse::json(out);
}

// GET /api/v2/sessions (the 0.12 SDK's client.sessions.listV2).
HttpResponse listProjectsV2(ApiContext &ctx, HttpRequest &req)
{
    if (auto refused = unsupportedParameter(
            req, {u"dataset_version"_s, u"filter"_s, u"metadata"_s, u"reference_dataset_id"_s, u"sort_by"_s}))
        return *refused;
    auto q = v2ListQueryOf(req);
    if (!q)
        return validationError(q.error());
    auto projects = ctx.store.listProjects(*q);
    if (!projects)
        return HttpResponse::internal(projects.error());
    const QJsonArray out = projectsJson(ctx, *projects);
    return v2ListingResponse(out, *q);
}

HttpResponse patchProject(ApiContext &ctx, HttpRequest &req)
{
    Project project;
    if (auto failed = loadProject(ctx, req, project))
        return *failed;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto write = parseProjectWrite(*body, false);
    if (!write)
        return HttpResponse::badRequest(write.error());
    if (write->name && *write->name != project.name) {
        auto clash = ctx.store.projectByName(*write->name);
        if (!clash)
            return HttpResponse::internal(clash.error());
        if (*clash)
            return HttpResponse::error(409, u"a project named '%1' already exists"_s.arg(*write->name));
    }
    write->id.reset();
    applyProjectWrite(project, *write);
    if (auto saved = ctx.store.saveProject(project, false); !saved)
        return HttpResponse::internal(saved.error());
    return HttpResponse::json(projectToJson(project, ctx.tenantId));
}

HttpResponse deleteProject(ApiContext &ctx, HttpRequest &req)
{
    Project project;
    if (auto failed = loadProject(ctx, req, project))
        return *failed;
    if (auto deleted = ctx.store.deleteProject(project.id); !deleted)
        return HttpResponse::internal(deleted.error());
    // Its runs and their feedback (human answers among them) go with it.
    return auditOrFail(ctx, req, u"delete"_s, u"project"_s, project.id.toString(),
                       projectToJson(project, ctx.tenantId), QJsonValue::Null, HttpResponse::noContent());
}

} // namespace

void registerProjectRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/sessions", createProject);
    addRoute(router, ctx, "GET", "/sessions", listProjects);
    addRoute(router, ctx, "GET", "/api/v2/sessions", listProjectsV2);
    addRoute(router, ctx, "GET", "/sessions/{id}", getProject);
    addRoute(router, ctx, "PATCH", "/sessions/{id}", patchProject);
    addRoute(router, ctx, "DELETE", "/sessions/{id}", deleteProject);
}

} // namespace assay::server
