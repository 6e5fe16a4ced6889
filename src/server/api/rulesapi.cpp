// Routing rules (an Assay extension; LangSmith's automation rules have no classic SDK call):
//   /routing-rules             create, list
//   /routing-rules/{id}        read (with counters), update (including enable/disable), delete
//   /routing-rules/dry-run     what a draft rule would route among the last N completed runs
//   /routing-rules/{id}/backfill, /routing-rules/jobs/{id}   apply a rule to past runs in the background
// The rules are RuleService's (services/ruleservice.h); these handlers translate JSON both ways.

#include "apicontext.h"

#include "core/jsonfields.h"
#include "services/ruleservice.h"

#include <QJsonArray>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

RuleService rules(ApiContext &ctx, const HttpRequest &req)
{
    return RuleService(ctx.store, req.principal, ctx.ruleEngine, ctx.ruleBackfill);
}

QJsonObject ruleJson(const RuleWithStats &r)
{
    const RuleStats &s = r.stats;
    QJsonObject json = routingRuleToJson(r.rule);
    json.insert("stats"_L1, QJsonObject{{"evaluated"_L1, double(s.evaluated)},
                                        {"matched"_L1, double(s.matched)},
                                        {"sampled_in"_L1, double(s.sampledIn)},
                                        {"added"_L1, double(s.added)},
                                        {"last_errors"_L1, QJsonArray::fromStringList(s.lastErrors)}});
    return json;
}

// The answer for a rule the service made or changed: the rule with its counters.
HttpResponse ruleResponse(ApiContext &ctx, const HttpRequest &req,
                          const Result<Decision<RoutingRule>> &decided)
{
    if (auto failed = failedOrRefused(decided))
        return *failed;
    auto withStats = rules(ctx, req).withStats(decided->value);
    if (!withStats)
        return HttpResponse::internal(withStats.error());
    return HttpResponse::json(ruleJson(*withStats));
}

std::optional<HttpResponse> loadRule(ApiContext &ctx, const HttpRequest &req, RoutingRule &out)
{
    return loadById(
        req, u"routing rule"_s, [&](const Uuid &id) { return rules(ctx, req).find(id); }, out);
}

HttpResponse createRule(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto rule = parseRoutingRule(*body);
    if (!rule)
        return HttpResponse::badRequest(rule.error());
    return ruleResponse(ctx, req, rules(ctx, req).create(*rule));
}

HttpResponse getRule(ApiContext &ctx, HttpRequest &req)
{
    RoutingRule rule;
    if (auto failed = loadRule(ctx, req, rule))
        return *failed;
    return ruleResponse(ctx, req, Decision<RoutingRule>{Refusal::None, {}, rule});
}

HttpResponse listRules(ApiContext &ctx, HttpRequest &req)
{
    auto all = rules(ctx, req).list();
    if (!all)
        return HttpResponse::internal(all.error());
    QJsonArray out;
    for (const RuleWithStats &r : std::as_const(*all))
        out.append(ruleJson(r));
    return HttpResponse::json(out);
}

HttpResponse patchRule(ApiContext &ctx, HttpRequest &req)
{
    RoutingRule rule;
    if (auto failed = loadRule(ctx, req, rule))
        return *failed;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    // A patch is the stored rule with the body's keys on top, validated as a whole.
    QJsonObject merged = routingRuleToJson(rule);
    for (auto it = body->begin(); it != body->end(); ++it)
        merged.insert(it.key(), it.value());
    merged.insert("id"_L1, rule.id.toString());
    auto updated = parseRoutingRule(merged);
    if (!updated)
        return HttpResponse::badRequest(updated.error());
    return ruleResponse(ctx, req, rules(ctx, req).update(rule, *updated));
}

HttpResponse deleteRule(ApiContext &ctx, HttpRequest &req)
{
    RoutingRule rule;
    if (auto failed = loadRule(ctx, req, rule))
        return *failed;
    if (auto removed = rules(ctx, req).remove(rule); !removed)
        return HttpResponse::internal(removed.error());
    return HttpResponse::noContent();
}

HttpResponse dryRun(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    DryRunRequest request;
    request.filter = f.string("filter"_L1, Need::Required).value_or(QString());
    request.samplingRate = f.number("sampling_rate"_L1).value_or(request.samplingRate);
    request.lastN = f.integer("last_n"_L1).value_or(request.lastN);
    request.queueId = f.uuid("queue_id"_L1);
    request.ruleId = f.uuid("id"_L1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    const auto decided = rules(ctx, req).dryRun(request);
    if (auto failed = failedOrRefused(decided))
        return *failed;
    const DryRun &d = decided->value;
    QJsonArray sample;
    for (const Run &run : d.sample)
        sample.append(QJsonObject{{"id"_L1, run.id.toString()},
                                  {"name"_L1, run.name},
                                  {"start_time"_L1, run.startTime ? run.startTime->toJson() : QJsonValue()},
                                  {"already_queued"_L1, d.queued.contains(run.id)}});
    return HttpResponse::json(QJsonObject{{"evaluated"_L1, double(d.evaluated)},
                                          {"matched"_L1, double(d.matched)},
                                          {"sampled_in"_L1, double(d.sampledIn)},
                                          {"already_queued"_L1, double(d.alreadyQueued)},
                                          {"would_add"_L1, double(d.wouldAdd())},
                                          {"runs"_L1, sample}});
}

HttpResponse backfill(ApiContext &ctx, HttpRequest &req)
{
    RoutingRule rule;
    if (auto failed = loadRule(ctx, req, rule))
        return *failed;
    QJsonObject body;
    if (!req.body.trimmed().isEmpty()) {
        auto parsed = req.jsonObject();
        if (!parsed)
            return HttpResponse::badRequest(parsed.error());
        body = *parsed;
    }
    JsonFields f(body);
    const auto since = f.timestamp("since"_L1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    const auto job = rules(ctx, req).backfill(rule, since);
    if (auto failed = failedOrRefused(job))
        return *failed;
    return HttpResponse::json(ruleJobToJson(job->value), 202);
}

HttpResponse getJob(ApiContext &ctx, HttpRequest &req)
{
    RuleJob job;
    if (auto failed = loadById(
            req, u"backfill job"_s, [&](const Uuid &id) { return ctx.store.ruleJob(id); }, job))
        return *failed;
    return HttpResponse::json(ruleJobToJson(job));
}

} // namespace

void registerRuleRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/routing-rules/dry-run", dryRun, Access::Member, Lane::Read);
    addRoute(router, ctx, "GET", "/routing-rules/jobs/{id}", getJob);
    addRoute(router, ctx, "POST", "/routing-rules", createRule);
    addRoute(router, ctx, "GET", "/routing-rules", listRules, Access::Member, Lane::Write);
    addRoute(router, ctx, "GET", "/routing-rules/{id}", getRule, Access::Member, Lane::Write);
    addRoute(router, ctx, "PATCH", "/routing-rules/{id}", patchRule);
    addRoute(router, ctx, "DELETE", "/routing-rules/{id}", deleteRule);
    addRoute(router, ctx, "POST", "/routing-rules/{id}/backfill", backfill);
}

} // namespace assay::server
