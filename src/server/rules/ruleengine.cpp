#include "ruleengine.h"

#include "observability/metrics.h"

#include "core/sampling.h"

#include <QLoggingCategory>
#include <QSet>

namespace assay::server {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcRules, "assay.rules")

QString routingReason(const RoutingRule &rule)
{
    QString reason = u"Routed by rule '%1': %2"_s.arg(rule.name, rule.filter);
    if (rule.samplingRate < 1.0)
        reason += u" (sampled at %1%)"_s.arg(rule.samplingRate * 100, 0, 'g', 4);
    return reason;
}

RuleEngine::RuleEngine(Store &store, Metrics *metrics, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_metrics(metrics)
{
    m_flushTimer.setInterval(1000);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        if (auto flushed = flushStats(true); !flushed)
            qCWarning(lcRules).noquote() << "cannot write rule counters:" << flushed.error().toString();
    });
    m_flushTimer.start();
}

RuleEngine::~RuleEngine()
{
    (void)flushStats(true);
}

Status RuleEngine::refresh()
{
    auto fingerprint = m_store.rulesFingerprint();
    if (!fingerprint)
        return fingerprint.error();
    if (*fingerprint == m_fingerprint)
        return Ok{};
    auto rules = m_store.listRules(true);
    if (!rules)
        return rules.error();
    m_rules.clear();
    for (const RoutingRule &rule : *rules) {
        auto compiled = filter::CompiledFilter::compile(rule.filter);
        if (!compiled) { // saved rules are validated; a newer server's syntax could still land here
            recordError(rule.id, u"filter no longer compiles: %1"_s.arg(compiled.error().toString()));
            continue;
        }
        m_rules.append({rule, *compiled});
    }
    m_fingerprint = *fingerprint;
    return Ok{};
}

EvaluationBatch::EvaluationBatch(const QList<Run> &runs, const QHash<Uuid, QList<Feedback>> &feedback)
    : m_runs(runs)
{
    m_feedback.reserve(size_t(m_runs.size()));
    m_views.reserve(size_t(m_runs.size()));
    for (const Run &run : m_runs) {
        m_feedback.push_back(feedback.value(run.id));
        m_views.emplace_back(run, m_feedback.back());
    }
}

RuleEvaluation RuleEngine::evaluate(const RoutingRule &rule, const filter::CompiledFilter &filter,
                                    const EvaluationBatch &batch)
{
    RuleEvaluation out;
    const filter::EvalContext context{rule.id};
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const Run &run = batch.run(i);
        ++out.evaluated;
        if (!filter.matches(batch.view(i), context))
            continue;
        ++out.matched;
        if (!inSample(rule.samplingRate, rule.id, run.id, SampleStream::RuleSamplingRate))
            continue;
        ++out.sampledIn;
        out.routed.append(run);
    }
    return out;
}

Result<qint64> RuleEngine::applyRule(const RoutingRule &rule, const filter::CompiledFilter &filter,
                                     const QList<Run> &runs, const QHash<Uuid, QList<Feedback>> &feedback)
{
    const ActiveRule active{rule, filter};
    return applyRules({&active}, runs, feedback);
}

Result<qint64> RuleEngine::applyRules(const QList<const ActiveRule *> &rules, const QList<Run> &runs,
                                      const QHash<Uuid, QList<Feedback>> &feedback)
{
    // A run several rules send to one queue becomes one item, with the first rule's reason (rules
    // are evaluated in id order, so that is stable).
    const EvaluationBatch batch(runs, feedback);
    QList<QueueItem> items;
    QSet<std::pair<Uuid, Uuid>> queueRuns;
    const Timestamp now = Timestamp::now();
    for (const ActiveRule *active : rules) {
        const RuleEvaluation e = evaluate(active->rule, active->filter, batch);
        RuleStats &stats = m_pending[active->rule.id];
        stats.evaluated += e.evaluated;
        stats.matched += e.matched;
        stats.sampledIn += e.sampledIn;
        for (const Run &run : e.routed) {
            if (queueRuns.contains({active->rule.queueId, run.id}))
                continue;
            queueRuns.insert({active->rule.queueId, run.id});
            QueueItem item;
            item.id = Uuid::v7();
            item.queueId = active->rule.queueId;
            item.runId = run.id;
            item.addedAt = now;
            item.addedBy = AddedBy::Rule;
            item.addedById = active->rule.id.toString();
            item.reason = routingReason(active->rule);
            items.append(item);
        }
    }
    auto added = m_store.addQueueItems(items, true);
    if (!added)
        return added.error();
    for (const QueueItem &item : *added)
        ++m_pending[*Uuid::parse(item.addedById)].added;
    return qint64(added->size());
}

Status RuleEngine::route(const QList<Run> &runs, bool feedbackRulesOnly)
{
    if (auto refreshed = refresh(); !refreshed)
        return refreshed;
    QList<Run> complete;
    for (const Run &run : runs)
        if (run.status() != RunStatus::Pending)
            complete.append(run);
    if (complete.isEmpty() || m_rules.isEmpty())
        return Ok{};
    const bool needFeedback = std::any_of(m_rules.cbegin(), m_rules.cend(),
                                          [](const ActiveRule &r) { return r.filter.readsFeedback(); });
    QHash<Uuid, QList<Feedback>> feedback;
    if (needFeedback) {
        QList<Uuid> ids;
        for (const Run &run : complete)
            ids.append(run.id);
        auto loaded = m_store.feedbackForRuns(ids);
        if (!loaded)
            return loaded.error();
        feedback = *loaded;
    }
    QList<const ActiveRule *> rules;
    for (const ActiveRule &active : std::as_const(m_rules))
        if (!feedbackRulesOnly || active.filter.readsFeedback())
            rules.append(&active);
    if (auto applied = applyRules(rules, complete, feedback); !applied)
        return applied.error();
    return Ok{};
}

Status RuleEngine::onRunsWritten(const QList<Run> &runs)
{
    return route(runs, false);
}

Status RuleEngine::onFeedback(const Uuid &runId)
{
    auto runs = m_store.runsByIds({runId});
    if (!runs)
        return runs.error();
    if (runs->isEmpty())
        return Ok{}; // feedback may come before its run; the run is routed when it completes
    return route(runs->values(), true);
}

void RuleEngine::recordError(const Uuid &ruleId, const QString &message)
{
    qCWarning(lcRules).noquote() << "rule" << ruleId.toString() << message;
    if (m_metrics)
        m_metrics->addRuleErrors(1);
    QStringList &errors = m_pending[ruleId].lastErrors;
    errors.prepend(u"%1 %2"_s.arg(Timestamp::now().toIso(), message));
}

Status RuleEngine::flushStats(bool ownTransaction)
{
    if (m_pending.isEmpty())
        return Ok{};
    if (ownTransaction)
        if (auto begun = m_store.begin(); !begun)
            return begun;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it->isEmpty())
            continue;
        if (auto added = m_store.addRuleStats(it.key(), it.value()); !added) {
            if (ownTransaction)
                m_store.rollback();
            return added;
        }
    }
    if (ownTransaction)
        if (auto committed = m_store.commit(); !committed)
            return committed;
    m_pending.clear();
    return Ok{};
}

} // namespace assay::server
