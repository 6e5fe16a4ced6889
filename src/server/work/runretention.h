#pragma once

// Run retention (--retain-runs-days) on the write worker: a pass every `intervalMs` walks the runs that
// started before the cutoff, oldest first, in short transactions with the requests waiting let in
// between, and deletes the traces that expired whole (Store::deleteExpiredTraces says what is kept).
// A step walks up to kMaxRunsPerStep runs but fewer when steps take longer than kStepBudgetMs: a
// reviewer's request waits for at most one step (a 1,000-run step held the writer ~170 ms on SQLite).
// Each step that deletes something is one audit entry. Idle once the server stops.

#include "core/timestamp.h"
#include "storage/store.h"

#include <QObject>
#include <QTimer>

namespace assay::server {

class ServerState;

struct RetentionOptions {
    int days = 0; // 0: runs are kept for ever
    int intervalMs = 3'600'000;
};

class RunRetention : public QObject {
public:
    RunRetention(Store &store, const ServerState &state, RetentionOptions options, QObject *parent = nullptr);

    static constexpr qsizetype kMaxRunsPerStep = 1000;
    static constexpr qsizetype kMinRunsPerStep = 25;
    static constexpr qint64 kStepBudgetMs = 25;

    // The next step's size from how long the last one took: halved over budget, doubled well under it.
    static qsizetype nextStepSize(qsizetype runs, qint64 tookMs);

private:
    void startPass();
    void step();
    Result<RetentionStep> deleteInTransaction();

    Store &m_store;
    const ServerState &m_state;
    RetentionOptions m_options;
    QTimer m_timer;
    bool m_walking = false;
    Timestamp m_cutoff;
    std::optional<ListPosition> m_after;
    qsizetype m_runsPerStep = kMinRunsPerStep; // grows while steps stay short
};

} // namespace assay::server
