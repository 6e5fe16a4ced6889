#pragma once

// Routing: every enabled rule is evaluated when a run completes, and the rules that read feedback
// again when feedback lands on it. A run a rule matches and samples in goes into the rule's queue
// once: a queue holds a run at most once, so several rules into one queue form a union, and a run
// removed from a queue is not routed back into it (adding it by hand re-queues it). Counters are kept in
// memory and written once a second (and before they are read), so routing adds no per-rule writes to ingest.

#include "core/filter/compiledfilter.h"
#include "storage/store.h"

#include <QObject>
#include <QTimer>

namespace assay::server {

class Metrics;

// Runs with their feedback and one RunView each, built once and shared by every rule evaluated on them
// (a view decodes metadata and builds the search text on first use: per run, not per rule).
class EvaluationBatch {
public:
    EvaluationBatch(const QList<Run> &runs, const QHash<Uuid, QList<Feedback>> &feedback);
    qsizetype size() const { return qsizetype(m_views.size()); }
    const Run &run(qsizetype i) const { return m_runs.at(i); }
    const filter::RunView &view(qsizetype i) const { return m_views[size_t(i)]; }

private:
    QList<Run> m_runs;
    std::vector<QList<Feedback>> m_feedback;
    std::vector<filter::RunView> m_views;
};

struct RuleEvaluation {
    qint64 evaluated = 0;
    qint64 matched = 0;
    qint64 sampledIn = 0;
    QList<Run> routed; // matched and sampled in
};

class RuleEngine : public QObject {
    Q_OBJECT
public:
    // `metrics`, when given, counts the rule errors recorded.
    explicit RuleEngine(Store &store, Metrics *metrics = nullptr, QObject *parent = nullptr);
    ~RuleEngine() override;

    // After runs were written: evaluates the enabled rules on those that are complete.
    Status onRunsWritten(const QList<Run> &runs);
    // After feedback on a run: evaluates the enabled rules that read feedback.
    Status onFeedback(const Uuid &runId);

    // One rule (or a draft) over runs with their feedback; nothing is written.
    static RuleEvaluation evaluate(const RoutingRule &rule, const filter::CompiledFilter &filter,
                                   const EvaluationBatch &batch);
    // Evaluates `rule` on `runs` and queues what it routes; counts go to the pending counters.
    Result<qint64> applyRule(const RoutingRule &rule, const filter::CompiledFilter &filter,
                             const QList<Run> &runs, const QHash<Uuid, QList<Feedback>> &feedback);

    struct ActiveRule {
        RoutingRule rule;
        filter::CompiledFilter filter;
    };
    // Evaluates several rules and queues what they route. Returns how many items were added.
    Result<qint64> applyRules(const QList<const ActiveRule *> &rules, const QList<Run> &runs,
                              const QHash<Uuid, QList<Feedback>> &feedback);

    // Writes the pending counters (in their own transaction when `ownTransaction`).
    Status flushStats(bool ownTransaction);

private:
    Status refresh();
    Status route(const QList<Run> &runs, bool feedbackRulesOnly);
    void recordError(const Uuid &ruleId, const QString &message);

    Store &m_store;
    Metrics *m_metrics;
    QList<ActiveRule> m_rules;
    QString m_fingerprint;
    QHash<Uuid, RuleStats> m_pending;
    QTimer m_flushTimer;
};

QString routingReason(const RoutingRule &rule);

} // namespace assay::server
