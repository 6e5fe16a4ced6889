// Feedback and feedback configs (langsmith-api.md §5).

#include "apicontext.h"

#include "services/itemstatusservice.h"

#include "rules/ruleengine.h"

#include "core/jsonfields.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

QJsonObject configJson(const StoredFeedbackConfig &c, const Uuid &tenant)
{
    return QJsonObject{{"feedback_key"_L1, c.field.key},
                       {"feedback_config"_L1, c.config},
                       {"tenant_id"_L1, tenant.toString()},
                       {"modified_at"_L1, c.modifiedAt.toIso()},
                       {"is_lower_score_better"_L1, c.lowerIsBetter}};
}

// A config as a rubric field, validated the way rubric fields are.
Result<RubricField> checkedConfig(const QString &key, const QJsonObject &config)
{
    auto field = parseFeedbackConfig(key, config);
    if (!field)
        return field.error();
    const ValidationReport report = validateRubric(Rubric{1, {}, {*field}});
    if (!report.ok())
        return Error{report.errors.first().message, u"feedback_config"_s};
    return *field;
}

// Identical -> the existing one; different -> 400; new -> stored (LangSmith's createFeedbackConfig).
HttpResponse registerConfig(ApiContext &ctx, const HttpRequest &req, const QString &key,
                            const QJsonObject &config, bool lowerIsBetter)
{
    auto field = checkedConfig(key, config);
    if (!field)
        return HttpResponse::badRequest(field.error());
    auto existing = ctx.store.feedbackConfig(key);
    if (!existing)
        return HttpResponse::internal(existing.error());
    if (*existing) {
        if ((*existing)->config == config && (*existing)->lowerIsBetter == lowerIsBetter)
            return HttpResponse::json(configJson(**existing, ctx.tenantId));
        return HttpResponse::error(
            400,
            u"feedback key '%1' already has a different config; change it with PATCH /feedback-configs"_s.arg(
                key));
    }
    const StoredFeedbackConfig stored{*field, config, lowerIsBetter, Timestamp::now()};
    if (auto saved = ctx.store.saveFeedbackConfig(stored); !saved)
        return HttpResponse::internal(saved.error());
    return auditOrFail(ctx, req, u"create"_s, u"feedback_config"_s, key, QJsonValue::Null,
                       configJson(stored, ctx.tenantId),
                       HttpResponse::json(configJson(stored, ctx.tenantId)));
}

HttpResponse createFeedback(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto fb = parseFeedbackCreate(*body);
    if (!fb)
        return HttpResponse::badRequest(fb.error());
    if (fb->id.isNull())
        fb->id = Uuid::v7();
    if (fb->runId && (!fb->sessionId || !fb->traceId)) {
        auto runs = ctx.store.runsByIds({*fb->runId});
        if (!runs)
            return HttpResponse::internal(runs.error());
        if (const auto run = runs->constFind(*fb->runId); run != runs->cend()) {
            fb->sessionId = fb->sessionId ? fb->sessionId : run->sessionId;
            fb->traceId = fb->traceId ? fb->traceId : std::optional(run->traceId);
        }
    }
    // Where feedback came from and who wrote it are the server's to say: a key writes "api" feedback (or
    // "model", which evaluators declare) under its own principal; only the review protocol writes "app"
    // (human review), and nothing in a body links it to a review answer.
    fb->source.type = fb->source.type == u"model" ? u"model"_s : u"api"_s;
    fb->source.userId = req.principal.id;
    fb->source.userName = req.principal.name;
    for (const auto reviewLink : {"annotation_id"_L1, "queue_id"_L1, "rubric_version"_L1})
        fb->source.metadata.remove(reviewLink);
    const Timestamp now = Timestamp::now();
    auto existing = ctx.store.feedbackById(fb->id);
    if (!existing)
        return HttpResponse::internal(existing.error());
    if (*existing && ((*existing)->source.userId != req.principal.id || (*existing)->source.type == u"app"))
        return HttpResponse::error(
            409,
            u"feedback %1 exists and was written by someone else; send new feedback with a new id"_s.arg(
                fb->id.toString()),
            u"id"_s);
    fb->createdAt = *existing ? (*existing)->createdAt : now; // never from the body
    fb->modifiedAt = now;
    if (!fb->feedbackConfig.isEmpty()) {
        const HttpResponse config = registerConfig(ctx, req, fb->key, fb->feedbackConfig, false);
        if (config.status >= 400)
            return config;
    }
    if (auto saved = ctx.store.saveFeedback(*fb); !saved)
        return HttpResponse::internal(saved.error());
    if (fb->runId) {
        if (auto routed = ctx.rules().onFeedback(*fb->runId); !routed)
            return HttpResponse::internal(routed.error());
        // A person's feedback on a queued run is their review of it, as in LangSmith's queue view.
        if (auto reviewed = ItemStatusService(ctx.store, req.principal).feedbackGiven(*fb->runId, fb->key);
            !reviewed)
            return HttpResponse::internal(reviewed.error());
    }
    const QJsonObject json = feedbackToJson(*fb);
    return auditOrFail(ctx, req, *existing ? u"update"_s : u"create"_s, u"feedback"_s, fb->id.toString(),
                       *existing ? QJsonValue(feedbackToJson(**existing)) : QJsonValue(QJsonValue::Null),
                       json, HttpResponse::json(json));
}

Result<std::optional<Feedback>> feedbackFromPath(ApiContext &ctx, const HttpRequest &req)
{
    auto id = pathUuid(req, u"id"_s);
    if (!id)
        return id.error();
    return ctx.store.feedbackById(*id);
}

HttpResponse getFeedback(ApiContext &ctx, HttpRequest &req)
{
    auto fb = feedbackFromPath(ctx, req);
    if (!fb)
        return fb.error().where.isEmpty() ? HttpResponse::internal(fb.error()) : validationError(fb.error());
    if (!*fb)
        return HttpResponse::notFound(u"feedback %1"_s.arg(req.param(u"id"_s)));
    return HttpResponse::json(feedbackToJson(**fb));
}

HttpResponse patchFeedback(ApiContext &ctx, HttpRequest &req)
{
    auto fb = feedbackFromPath(ctx, req);
    if (!fb)
        return fb.error().where.isEmpty() ? HttpResponse::internal(fb.error()) : validationError(fb.error());
    if (!*fb)
        return HttpResponse::notFound(u"feedback %1"_s.arg(req.param(u"id"_s)));
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto patch = parseFeedbackPatch(*body);
    if (!patch)
        return HttpResponse::badRequest(patch.error());
    const QJsonObject before = feedbackToJson(**fb);
    applyFeedbackPatch(**fb, *patch);
    (*fb)->modifiedAt = Timestamp::now();
    if (auto saved = ctx.store.saveFeedback(**fb); !saved)
        return HttpResponse::internal(saved.error());
    if ((*fb)->runId && (*fb)->source.userId == req.principal.id) // their answer follows their feedback
        if (auto reviewed =
                ItemStatusService(ctx.store, req.principal).feedbackGiven(*(*fb)->runId, (*fb)->key);
            !reviewed)
            return HttpResponse::internal(reviewed.error());
    const QJsonObject after = feedbackToJson(**fb);
    return auditOrFail(ctx, req, u"update"_s, u"feedback"_s, (*fb)->id.toString(), before, after,
                       HttpResponse::json(after));
}

HttpResponse deleteFeedback(ApiContext &ctx, HttpRequest &req)
{
    auto fb = feedbackFromPath(ctx, req);
    if (!fb)
        return fb.error().where.isEmpty() ? HttpResponse::internal(fb.error()) : validationError(fb.error());
    if (!*fb)
        return HttpResponse::notFound(u"feedback %1"_s.arg(req.param(u"id"_s)));
    if (auto deleted = ctx.store.deleteFeedback((*fb)->id); !deleted)
        return HttpResponse::internal(deleted.error());
    return auditOrFail(ctx, req, u"delete"_s, u"feedback"_s, (*fb)->id.toString(), feedbackToJson(**fb),
                       QJsonValue::Null, HttpResponse::noContent());
}

HttpResponse listFeedback(ApiContext &ctx, HttpRequest &req)
{
    auto page = pageOf(req);
    if (!page)
        return validationError(page.error());
    if (auto refused = unsupportedParameter(req, {u"has_comment"_s, u"has_score"_s, u"level"_s, u"user"_s,
                                                  u"comparative_experiment_id"_s, u"min_created_at"_s,
                                                  u"max_created_at"_s}))
        return *refused;
    auto runs = queryUuids(req, u"run"_s);
    if (!runs)
        return validationError(runs.error());
    auto sessions = queryUuids(req, u"session"_s);
    if (!sessions)
        return validationError(sessions.error());
    FeedbackQuery q{*runs, *sessions, req.queryValues(u"key"_s), req.queryValues(u"source"_s), *page};
    auto found = ctx.store.listFeedback(q);
    if (!found)
        return HttpResponse::internal(found.error());
    QJsonArray out;
    for (const Feedback &fb : found->rows)
        out.append(feedbackToJson(fb));
    return listingResponse(out, found->rows.size() >= page->limit, found->last);
}

HttpResponse createConfig(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const QString key = f.string("feedback_key"_L1, Need::Required).value_or(QString());
    const QJsonObject config = f.object("feedback_config"_L1, Need::Required).value_or(QJsonObject());
    const bool lower = f.boolean("is_lower_score_better"_L1).value_or(false);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    if (!isValidFeedbackKey(key))
        return HttpResponse::error(
            400, u"a key may only use letters, digits and _ . : - (at most 100 characters)"_s,
            u"feedback_key"_s);
    return registerConfig(ctx, req, key, config, lower);
}

HttpResponse updateConfig(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const QString key = f.string("feedback_key"_L1, Need::Required).value_or(QString());
    const auto config = f.object("feedback_config"_L1);
    const auto lower = f.boolean("is_lower_score_better"_L1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    auto existing = ctx.store.feedbackConfig(key);
    if (!existing)
        return HttpResponse::internal(existing.error());
    if (!*existing)
        return HttpResponse::notFound(u"feedback config '%1'"_s.arg(key));
    StoredFeedbackConfig updated = **existing;
    if (config) {
        auto field = checkedConfig(key, *config);
        if (!field)
            return HttpResponse::badRequest(field.error());
        updated.field = *field;
        updated.config = *config;
    }
    if (lower)
        updated.lowerIsBetter = *lower;
    updated.modifiedAt = Timestamp::now();
    if (auto saved = ctx.store.saveFeedbackConfig(updated); !saved)
        return HttpResponse::internal(saved.error());
    return auditOrFail(ctx, req, u"update"_s, u"feedback_config"_s, key, configJson(**existing, ctx.tenantId),
                       configJson(updated, ctx.tenantId),
                       HttpResponse::json(configJson(updated, ctx.tenantId)));
}

HttpResponse listConfigs(ApiContext &ctx, HttpRequest &req)
{
    auto page = pageOf(req);
    if (!page)
        return validationError(page.error());
    auto configs = ctx.store.listFeedbackConfigs(
        req.queryValues(u"key"_s), req.queryValue(u"name_contains"_s), page->offset, page->limit);
    if (!configs)
        return HttpResponse::internal(configs.error());
    QJsonArray out;
    for (const StoredFeedbackConfig &c : *configs)
        out.append(configJson(c, ctx.tenantId));
    return HttpResponse::json(out);
}

HttpResponse deleteConfig(ApiContext &ctx, HttpRequest &req)
{
    const QString key = req.queryValue(u"feedback_key"_s);
    if (key.isEmpty())
        return HttpResponse::error(422, u"is required"_s, u"feedback_key"_s);
    auto existing = ctx.store.feedbackConfig(key);
    if (!existing)
        return HttpResponse::internal(existing.error());
    if (!*existing)
        return HttpResponse::notFound(u"feedback config '%1'"_s.arg(key));
    if (auto deleted = ctx.store.deleteFeedbackConfig(key); !deleted)
        return HttpResponse::internal(deleted.error());
    return auditOrFail(ctx, req, u"delete"_s, u"feedback_config"_s, key, configJson(**existing, ctx.tenantId),
                       QJsonValue::Null, HttpResponse::noContent());
}

} // namespace

void registerFeedbackRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/feedback", createFeedback, Access::Ingest);
    addRoute(router, ctx, "GET", "/feedback", listFeedback);
    addRoute(router, ctx, "GET", "/feedback/{id}", getFeedback);
    addRoute(router, ctx, "PATCH", "/feedback/{id}", patchFeedback);
    addRoute(router, ctx, "DELETE", "/feedback/{id}", deleteFeedback);
    addRoute(router, ctx, "POST", "/feedback-configs", createConfig);
    addRoute(router, ctx, "GET", "/feedback-configs", listConfigs);
    addRoute(router, ctx, "PATCH", "/feedback-configs", updateConfig);
    addRoute(router, ctx, "DELETE", "/feedback-configs", deleteConfig);
}

} // namespace assay::server
