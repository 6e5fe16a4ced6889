#pragma once

// Backfill: applies one rule to the runs that started since a date, in the background. The work is
// cut into chunks, each in its own transaction on the server's event loop, so requests keep being
// answered while it runs; the job's progress is stored after every chunk.

#include "ruleengine.h"

namespace assay::server {

class RuleBackfill : public QObject {
    Q_OBJECT
public:
    RuleBackfill(Store &store, RuleEngine &engine, QObject *parent = nullptr);

    // Creates the job (in the caller's transaction) and schedules its chunks.
    Result<RuleJob> start(const RoutingRule &rule, const Timestamp &since);

    static constexpr qsizetype kChunk = 250;

private:
    void step(Uuid jobId, RoutingRule rule, filter::CompiledFilter filter, qsizetype offset);
    Status runChunk(RuleJob &job, const RoutingRule &rule, const filter::CompiledFilter &filter,
                    qsizetype offset, qsizetype *taken);

    Store &m_store;
    RuleEngine &m_engine;
};

} // namespace assay::server
