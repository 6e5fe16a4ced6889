#include "runretention.h"

#include "api/apicontext.h"
#include "audit/auditlog.h"

#include <QDebug>
#include <QElapsedTimer>
#include <QJsonObject>

namespace assay::server {

using namespace Qt::StringLiterals;

RunRetention::RunRetention(Store &store, const ServerState &state, RetentionOptions options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_state(state)
    , m_options(options)
{
    m_timer.setInterval(m_options.intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &RunRetention::startPass);
    m_timer.start();
    QTimer::singleShot(0, this, &RunRetention::startPass); // the first pass right after start
}

void RunRetention::startPass()
{
    if (m_walking || m_state.stopping())
        return;
    m_walking = true;
    m_cutoff = Timestamp::fromMicros(Timestamp::now().micros() - qint64(m_options.days) * 86'400'000'000LL);
    m_after.reset();
    step();
}

Result<RetentionStep> RunRetention::deleteInTransaction()
{
    if (Status begun = m_store.begin(); !begun)
        return begun.error();
    auto step = m_store.deleteExpiredTraces(m_cutoff, m_after, m_runsPerStep);
    Status done = step ? Status(Ok{}) : Status(step.error());
    if (done && step->deletedRuns > 0)
        done = recordAudit(m_store, u"system:retention"_s, u"delete"_s, u"runs"_s,
                           u"started-before:"_s + m_cutoff.toIso(), QJsonValue::Null,
                           QJsonObject{{"runs"_L1, step->deletedRuns},
                                       {"traces"_L1, step->deletedTraces},
                                       {"started_before"_L1, m_cutoff.toIso()},
                                       {"retain_runs_days"_L1, m_options.days}});
    if (done)
        done = m_store.commit();
    if (!done) {
        m_store.rollback();
        return done.error();
    }
    return step;
}

qsizetype RunRetention::nextStepSize(qsizetype runs, qint64 tookMs)
{
    if (tookMs > kStepBudgetMs)
        return std::max(kMinRunsPerStep, runs / 2);
    if (tookMs < kStepBudgetMs / 4)
        return std::min(kMaxRunsPerStep, runs * 2);
    return runs;
}

void RunRetention::step()
{
    QElapsedTimer took;
    took.start();
    auto done = m_state.stopping() ? Result<RetentionStep>(RetentionStep{}) : deleteInTransaction();
    m_runsPerStep = nextStepSize(m_runsPerStep, took.elapsed());
    if (!done && !m_state.stopping())
        qWarning().noquote() << "run retention:" << done.error().message; // tried again next pass
    m_after = done ? done->next : std::nullopt;
    if (!m_after || m_state.stopping()) {
        m_walking = false;
        return;
    }
    QTimer::singleShot(0, this, &RunRetention::step); // the requests waiting go first
}

} // namespace assay::server
