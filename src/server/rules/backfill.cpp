#include "backfill.h"

#include <QTimer>

namespace assay::server {

using namespace Qt::StringLiterals;

RuleBackfill::RuleBackfill(Store &store, RuleEngine &engine, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_engine(engine)
{
}

Result<RuleJob> RuleBackfill::start(const RoutingRule &rule, const Timestamp &since)
{
    auto compiled = filter::CompiledFilter::compile(rule.filter);
    if (!compiled)
        return Error{compiled.error().message, u"filter:"_s + compiled.error().where};
    auto total = m_store.countRunsSince(since);
    if (!total)
        return total.error();
    RuleJob job;
    job.id = Uuid::v7();
    job.ruleId = rule.id;
    job.since = since;
    job.total = *total;
    job.createdAt = Timestamp::now();
    if (auto saved = m_store.saveRuleJob(job); !saved)
        return saved.error();
    QTimer::singleShot(0, this, [this, id = job.id, rule, filter = *compiled] { step(id, rule, filter, 0); });
    return job;
}

Status RuleBackfill::runChunk(RuleJob &job, const RoutingRule &rule, const filter::CompiledFilter &filter,
                              qsizetype offset, qsizetype *taken)
{
    auto runs = m_store.runsSince(job.since, offset, kChunk);
    if (!runs)
        return runs.error();
    *taken = runs->size();
    QList<Run> complete;
    QList<Uuid> ids;
    for (const Run &run : *runs) {
        if (run.status() == RunStatus::Pending)
            continue;
        complete.append(run);
        ids.append(run.id);
    }
    QHash<Uuid, QList<Feedback>> feedback;
    if (filter.readsFeedback()) {
        auto loaded = m_store.feedbackForRuns(ids);
        if (!loaded)
            return loaded.error();
        feedback = *loaded;
    }
    auto added = m_engine.applyRule(rule, filter, complete, feedback);
    if (!added)
        return added.error();
    job.processed += *taken;
    job.added += *added;
    return Ok{};
}

void RuleBackfill::step(Uuid jobId, RoutingRule rule, filter::CompiledFilter filter, qsizetype offset)
{
    if (!m_store.begin())
        return;
    auto stored = m_store.ruleJob(jobId);
    if (!stored || !*stored) {
        m_store.rollback();
        return;
    }
    RuleJob job = **stored;
    qsizetype taken = 0;
    Status chunk = runChunk(job, rule, filter, offset, &taken);
    if (!chunk) {
        m_store.rollback();
        (void)m_store.begin();
        job.status = u"failed"_s;
        job.error = chunk.error().toString();
    } else if (taken < kChunk) {
        job.status = u"done"_s;
    }
    if (job.status != u"running")
        job.finishedAt = Timestamp::now();
    job.total = std::max(job.total, job.processed);
    if (!m_store.saveRuleJob(job) || !m_store.commit()) {
        m_store.rollback();
        return;
    }
    if (job.status == u"running")
        QTimer::singleShot(
            0, this, [this, jobId, rule, filter, next = offset + taken] { step(jobId, rule, filter, next); });
}

} // namespace assay::server
