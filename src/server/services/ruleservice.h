#pragma once

// The rules of routing rules: a rule routes into a queue that exists, ids are unique, every change is
// audited, a rule's counters are current when read, a dry run says what a draft would route among the
// last completed runs (and how many of those are queued already), and a backfill applies a rule to past
// runs. The REST routes (api/rulesapi.cpp) translate JSON; nothing here knows HTTP or threads.

#include "auth/principal.h"
#include "auth/refusal.h"
#include "storage/store.h"

namespace assay::server {

class RuleEngine;
class RuleBackfill;

struct RuleWithStats {
    RoutingRule rule;
    RuleStats stats;
};

struct DryRunRequest {
    QString filter; // either filter syntax
    double samplingRate = 1.0;
    qint64 lastN = 1000;         // the most recent runs looked at (the complete ones are evaluated)
    std::optional<Uuid> queueId; // to count the routed runs already in it
    std::optional<Uuid> ruleId;  // sampling is keyed by the rule's id: give it to preview a saved rule
};

struct DryRun {
    qint64 evaluated = 0;
    qint64 matched = 0;
    qint64 sampledIn = 0;
    qint64 alreadyQueued = 0;
    QList<Run> sample; // the first routed runs, at most kDryRunSample
    QSet<Uuid> queued; // the routed runs already in the queue
    qint64 wouldAdd() const { return sampledIn - alreadyQueued; }
};

class RuleService {
public:
    static constexpr qint64 kMaxDryRunRuns = 100000;
    static constexpr qsizetype kDryRunSample = 100;

    // `engine` and `backfill` are the write worker's; reads and dry runs need neither.
    RuleService(Store &store, const Principal &caller, RuleEngine *engine = nullptr,
                RuleBackfill *backfill = nullptr)
        : m_store(store)
        , m_caller(caller)
        , m_engine(engine)
        , m_backfill(backfill)
    {
    }

    Result<std::optional<RoutingRule>> find(const Uuid &id);
    // With their counters, summed over every process (this process's pending counts written first).
    Result<QList<RuleWithStats>> list();
    Result<RuleWithStats> withStats(const RoutingRule &rule);
    Result<Decision<RoutingRule>> create(RoutingRule rule);
    // `after` is the whole rule as it will be (the caller merges a patch into the stored rule).
    Result<Decision<RoutingRule>> update(const RoutingRule &before, RoutingRule after);
    Status remove(const RoutingRule &rule);
    Result<Decision<DryRun>> dryRun(const DryRunRequest &request);
    Result<Decision<RuleJob>> backfill(const RoutingRule &rule, const std::optional<Timestamp> &since);

private:
    // Unknown when the queue a rule routes into does not exist.
    Result<std::optional<Decision<RoutingRule>>> queueMissing(const Uuid &queueId);
    Status flushStats();

    Store &m_store;
    const Principal &m_caller;
    RuleEngine *m_engine;
    RuleBackfill *m_backfill;
};

} // namespace assay::server
