#include "ruleservice.h"

#include "audit/auditlog.h"
#include "rules/backfill.h"
#include "rules/ruleengine.h"

namespace assay::server {

using namespace Qt::StringLiterals;

Status RuleService::flushStats()
{
    return m_engine ? m_engine->flushStats(false) : Status(Ok{});
}

Result<std::optional<RoutingRule>> RuleService::find(const Uuid &id)
{
    return m_store.ruleById(id);
}

Result<RuleWithStats> RuleService::withStats(const RoutingRule &rule)
{
    if (Status flushed = flushStats(); !flushed)
        return flushed.error();
    auto stats = m_store.ruleStats(rule.id);
    if (!stats)
        return stats.error();
    return RuleWithStats{rule, *stats};
}

Result<QList<RuleWithStats>> RuleService::list()
{
    if (Status flushed = flushStats(); !flushed)
        return flushed.error();
    auto rules = m_store.listRules(false);
    if (!rules)
        return rules.error();
    QList<RuleWithStats> out;
    for (const RoutingRule &rule : std::as_const(*rules)) {
        auto stats = m_store.ruleStats(rule.id);
        if (!stats)
            return stats.error();
        out.append({rule, *stats});
    }
    return out;
}

Result<std::optional<Decision<RoutingRule>>> RuleService::queueMissing(const Uuid &queueId)
{
    auto queue = m_store.queueById(queueId);
    if (!queue)
        return queue.error();
    if (*queue)
        return std::optional<Decision<RoutingRule>>();
    return std::optional(Decision<RoutingRule>::refused(
        Refusal::Unknown, u"annotation queue %1 not found"_s.arg(queueId.toString()), u"queue_id"_s));
}

Result<Decision<RoutingRule>> RuleService::create(RoutingRule rule)
{
    auto missing = queueMissing(rule.queueId);
    if (!missing)
        return missing.error();
    if (*missing)
        return **missing;
    if (rule.id.isNull())
        rule.id = Uuid::v7();
    auto existing = m_store.ruleById(rule.id);
    if (!existing)
        return existing.error();
    if (*existing)
        return Decision<RoutingRule>::refused(Refusal::Conflict,
                                              u"routing rule %1 already exists"_s.arg(rule.id.toString()));
    rule.createdAt = rule.updatedAt = Timestamp::now();
    if (auto saved = m_store.saveRule(rule); !saved)
        return saved.error();
    if (auto audited = recordAudit(m_store, m_caller.actor(), u"create"_s, u"routing_rule"_s,
                                   rule.id.toString(), QJsonValue::Null, routingRuleToJson(rule));
        !audited)
        return audited.error();
    return Decision<RoutingRule>{Refusal::None, {}, rule};
}

Result<Decision<RoutingRule>> RuleService::update(const RoutingRule &before, RoutingRule after)
{
    if (after.queueId != before.queueId) {
        auto missing = queueMissing(after.queueId);
        if (!missing)
            return missing.error();
        if (*missing)
            return **missing;
    }
    after.id = before.id;
    after.createdAt = before.createdAt;
    after.updatedAt = Timestamp::now();
    if (auto saved = m_store.saveRule(after); !saved)
        return saved.error();
    if (auto audited = recordAudit(m_store, m_caller.actor(), u"update"_s, u"routing_rule"_s,
                                   before.id.toString(), routingRuleToJson(before), routingRuleToJson(after));
        !audited)
        return audited.error();
    return Decision<RoutingRule>{Refusal::None, {}, after};
}

Status RuleService::remove(const RoutingRule &rule)
{
    if (auto deleted = m_store.deleteRule(rule.id); !deleted)
        return deleted.error();
    return recordAudit(m_store, m_caller.actor(), u"delete"_s, u"routing_rule"_s, rule.id.toString(),
                       routingRuleToJson(rule), QJsonValue::Null);
}

Result<Decision<DryRun>> RuleService::dryRun(const DryRunRequest &request)
{
    if (request.samplingRate < 0 || request.samplingRate > 1)
        return Decision<DryRun>::refused(Refusal::Invalid, u"must be between 0 and 1"_s, u"sampling_rate"_s);
    if (request.lastN < 1 || request.lastN > kMaxDryRunRuns)
        return Decision<DryRun>::refused(Refusal::Invalid, u"must be from 1 to %1"_s.arg(kMaxDryRunRuns),
                                         u"last_n"_s);
    auto compiled = filter::CompiledFilter::compile(request.filter);
    if (!compiled)
        return Decision<DryRun>::refused(Refusal::Invalid, compiled.error().message,
                                         u"filter:"_s + compiled.error().where);
    RunQuery q;
    q.limit = request.lastN;
    auto runs = m_store.queryRuns(q);
    if (!runs)
        return runs.error();
    QList<Run> complete;
    QList<Uuid> ids;
    for (const Run &run : std::as_const(*runs))
        if (run.status() != RunStatus::Pending) {
            complete.append(run);
            ids.append(run.id);
        }
    auto feedback = m_store.feedbackForRuns(ids);
    if (!feedback)
        return feedback.error();
    RoutingRule draft;
    draft.id = request.ruleId.value_or(Uuid());
    draft.samplingRate = request.samplingRate;
    const RuleEvaluation e = RuleEngine::evaluate(draft, *compiled, EvaluationBatch(complete, *feedback));
    DryRun out{e.evaluated, e.matched, e.sampledIn, 0, e.routed.mid(0, kDryRunSample), {}};
    if (request.queueId) {
        QList<Uuid> routed; // only these are looked up, never the whole queue
        for (const Run &run : e.routed)
            routed.append(run.id);
        auto queued = m_store.queuedRunsAmong(*request.queueId, routed);
        if (!queued)
            return queued.error();
        out.alreadyQueued = queued->size();
        out.queued = *queued;
    }
    return Decision<DryRun>{Refusal::None, {}, out};
}

Result<Decision<RuleJob>> RuleService::backfill(const RoutingRule &rule,
                                                const std::optional<Timestamp> &since)
{
    Q_ASSERT_X(m_backfill, "RuleService", "a backfill starts on the write worker");
    if (!since && !rule.backfillFrom)
        return Decision<RuleJob>::refused(Refusal::Invalid,
                                          u"is required (or set the rule's backfill_from)"_s, u"since"_s);
    auto job = m_backfill->start(rule, since.value_or(rule.backfillFrom.value_or(Timestamp())));
    if (!job)
        return Decision<RuleJob>{Refusal::Invalid, job.error(), {}};
    return Decision<RuleJob>{Refusal::None, {}, *job};
}

} // namespace assay::server
