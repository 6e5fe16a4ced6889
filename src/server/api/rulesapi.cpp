// Routing rules (an Assay extension; LangSmith's automation rules have no classic SDK call):
//   /routing-rules             create, list
//   /routing-rules/{id}        read (with counters), update (including enable/disable), delete
//   /routing-rules/dry-run     what a draft rule would route among the last N completed runs
//   /routing-rules/{id}/backfill, /routing-rules/jobs/{id}   apply a rule to past runs in the background

#include "apicontext.h"

#include "rules/backfill.h"
#include "rules/ruleengine.h"

#include "core/jsonfields.h"

#include <QJsonArray>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

QJsonObject statsJson(const RuleStats &s)
{
    return QJsonObject{{"evaluated"_L1, double(s.evaluated)},
                       {"matched"_L1, double(s.matched)},
                       {"sampled_in"_L1, double(s.sampledIn)},
                       {"added"_L1, double(s.added)},
                       {"last_errors"_L1, QJsonArray::fromStringList(s.lastErrors)}};
}

HttpResponse ruleResponse(ApiContext &ctx, const RoutingRule &rule, int status = 200)
{
    if (auto flushed = ctx.rules().flushStats(false); !flushed)
        return HttpResponse::internal(flushed.error());
    auto stats = ctx.store.ruleStats(rule.id);
    if (!stats)
        return HttpResponse::internal(stats.error());
    QJsonObject json = routingRuleToJson(rule);
    json.insert("stats"_L1, statsJson(*stats));
    return HttpResponse::json(json, status);
}

// The rule's target queue must exist; a 404 otherwise, naming it.
std::optional<HttpResponse> checkQueue(ApiContext &ctx, const Uuid &queueId)
{
    auto queue = ctx.store.queueById(queueId);
    if (!queue)
        return HttpResponse::internal(queue.error());
    if (!*queue)
        return HttpResponse::notFound(u"annotation queue %1"_s.arg(queueId.toString()));
    return std::nullopt;
}

HttpResponse createRule(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto rule = parseRoutingRule(*body);
    if (!rule)
        return HttpResponse::badRequest(rule.error());
    if (auto missing = checkQueue(ctx, rule->queueId))
        return *missing;
    if (rule->id.isNull())
        rule->id = Uuid::v7();
    auto existing = ctx.store.ruleById(rule->id);
    if (!existing)
        return HttpResponse::internal(existing.error());
    if (*existing)
        return HttpResponse::error(409, u"routing rule %1 already exists"_s.arg(rule->id.toString()));
    rule->createdAt = rule->updatedAt = Timestamp::now();
    if (auto saved = ctx.store.saveRule(*rule); !saved)
        return HttpResponse::internal(saved.error());
    return auditOrFail(ctx, req, u"create"_s, u"routing_rule"_s, rule->id.toString(), QJsonValue::Null,
                       routingRuleToJson(*rule), ruleResponse(ctx, *rule));
}

std::optional<HttpResponse> loadRule(ApiContext &ctx, const HttpRequest &req, RoutingRule &out)
{
    return loadById(
        req, u"routing rule"_s, [&](const Uuid &id) { return ctx.store.ruleById(id); }, out);
}

HttpResponse getRule(ApiContext &ctx, HttpRequest &req)
{
    RoutingRule rule;
    if (auto failed = loadRule(ctx, req, rule))
        return *failed;
    return ruleResponse(ctx, rule);
}

HttpResponse listRules(ApiContext &ctx, HttpRequest &)
{
    if (auto flushed = ctx.rules().flushStats(false); !flushed)
        return HttpResponse::internal(flushed.error());
    auto rules = ctx.store.listRules(false);
    if (!rules)
        return HttpResponse::internal(rules.error());
    QJsonArray out;
    for (const RoutingRule &rule : *rules) {
        auto stats = ctx.store.ruleStats(rule.id);
        if (!stats)
            return HttpResponse::internal(stats.error());
        QJsonObject json = routingRuleToJson(rule);
        json.insert("stats"_L1, statsJson(*stats));
        out.append(json);
    }
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
    if (updated->queueId != rule.queueId)
        if (auto missing = checkQueue(ctx, updated->queueId))
            return *missing;
    updated->createdAt = rule.createdAt;
    updated->updatedAt = Timestamp::now();
    if (auto saved = ctx.store.saveRule(*updated); !saved)
        return HttpResponse::internal(saved.error());
    return auditOrFail(ctx, req, u"update"_s, u"routing_rule"_s, rule.id.toString(), routingRuleToJson(rule),
                       routingRuleToJson(*updated), ruleResponse(ctx, *updated));
}

HttpResponse deleteRule(ApiContext &ctx, HttpRequest &req)
{
    RoutingRule rule;
    if (auto failed = loadRule(ctx, req, rule))
        return *failed;
    if (auto deleted = ctx.store.deleteRule(rule.id); !deleted)
        return HttpResponse::internal(deleted.error());
    return auditOrFail(ctx, req, u"delete"_s, u"routing_rule"_s, rule.id.toString(), routingRuleToJson(rule),
                       QJsonValue::Null, HttpResponse::noContent());
}

HttpResponse dryRun(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const QString text = f.string("filter"_L1, Need::Required).value_or(QString());
    const double rate = f.number("sampling_rate"_L1).value_or(1.0);
    const qint64 lastN = f.integer("last_n"_L1).value_or(1000);
    const auto queueId = f.uuid("queue_id"_L1);
    const auto ruleId = f.uuid("id"_L1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    if (rate < 0 || rate > 1)
        return HttpResponse::error(400, u"must be between 0 and 1"_s, u"sampling_rate"_s);
    if (lastN < 1 || lastN > 100000)
        return HttpResponse::error(400, u"must be from 1 to 100000"_s, u"last_n"_s);
    auto compiled = filter::CompiledFilter::compile(text);
    if (!compiled)
        return HttpResponse::error(400, compiled.error().message, u"filter:"_s + compiled.error().where);
    RunQuery q;
    q.limit = lastN;
    auto runs = ctx.store.queryRuns(q);
    if (!runs)
        return HttpResponse::internal(runs.error());
    QList<Run> complete;
    QList<Uuid> ids;
    for (const Run &run : *runs)
        if (run.status() != RunStatus::Pending) {
            complete.append(run);
            ids.append(run.id);
        }
    auto feedback = ctx.store.feedbackForRuns(ids);
    if (!feedback)
        return HttpResponse::internal(feedback.error());
    RoutingRule draft;
    draft.id = ruleId.value_or(Uuid()); // sampling is keyed by the rule's id: give it to preview a saved rule
    draft.samplingRate = rate;
    const RuleEvaluation e = RuleEngine::evaluate(draft, *compiled, EvaluationBatch(complete, *feedback));
    qint64 alreadyQueued = 0;
    if (queueId) {
        QList<Uuid> routed; // only these are looked up, never the whole queue
        for (const Run &run : e.routed)
            routed.append(run.id);
        auto queued = ctx.store.queuedRunsAmong(*queueId, routed);
        if (!queued)
            return HttpResponse::internal(queued.error());
        alreadyQueued = queued->size();
    }
    QJsonArray sample;
    for (qsizetype i = 0; i < e.routed.size() && i < 100; ++i)
        sample.append(QJsonObject{
            {"id"_L1, e.routed[i].id.toString()},
            {"name"_L1, e.routed[i].name},
            {"start_time"_L1, e.routed[i].startTime ? e.routed[i].startTime->toJson() : QJsonValue()}});
    return HttpResponse::json(QJsonObject{{"evaluated"_L1, double(e.evaluated)},
                                          {"matched"_L1, double(e.matched)},
                                          {"sampled_in"_L1, double(e.sampledIn)},
                                          {"already_queued"_L1, double(alreadyQueued)},
                                          {"would_add"_L1, double(e.sampledIn - alreadyQueued)},
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
    if (!since && !rule.backfillFrom)
        return HttpResponse::error(400, u"is required (or set the rule's backfill_from)"_s, u"since"_s);
    auto job = ctx.backfill().start(rule, since.value_or(rule.backfillFrom.value_or(Timestamp())));
    if (!job)
        return HttpResponse::badRequest(job.error());
    return HttpResponse::json(ruleJobToJson(*job), 202);
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
