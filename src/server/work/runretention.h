#pragma once

// Run retention (--retain-runs-days) on the write worker: a pass every `intervalMs` walks the runs that
// started before the cutoff, oldest first, in transactions of kRunsPerStep runs with the requests
// waiting let in between, and deletes the traces that expired whole (Store::deleteExpiredTraces says
// what is kept). Each step that deletes something is one audit entry. Idle once the server stops.

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

    static constexpr qsizetype kRunsPerStep = 1000;

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
};

} // namespace assay::server
