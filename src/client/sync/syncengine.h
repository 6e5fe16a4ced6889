#pragma once

// Keeps the local store and the server in step, as an explicit state machine (design.md §6):
//   Idle -> Pushing (the outbox) -> Pulling (changes since my cursor) -> Verifying (my queues and their
//   counts against the cache) -> CheckingOut (enough items ready per queue) -> Idle
// with Offline (no connection: wait for a hint or the backoff), Backoff (the server failed or asked us to
// wait) and NeedsSignIn (the key was refused: nothing happens until it changes).
// A cycle starts from a timer, a connectivity hint, a new local answer or the user. Answers leave the
// outbox only when the server's verdict for them is committed locally, so a crash at any point resends
// them and the server answers "duplicate". The cursor commits with the page it belongs to.

#include "api/apiclient.h"
#include "backoff.h"
#include "protocol.h"
#include "store/localstore.h"

#include <QObject>
#include <QTimer>

namespace assay::client {

struct SyncSettings {
    int readyPerQueue = 20;     // items kept checked out and unanswered per queue
    int leaseMinutes = 120;     // lease of the items kept ready
    int intervalMs = 60 * 1000; // a cycle at least this often
    int debounceMs = 300;       // after a new local answer
    int outboxRead = 2000;      // answers read from the outbox at once
    int parallelPushes = 4;     // submit requests in flight at once
    int checkoutPage = 500;     // items per checkout request (the server's maximum)
    int backoffBaseMs = 1000;
    int backoffCapMs = 5 * 60 * 1000;
};

class SyncEngine : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Pushing, Pulling, Verifying, CheckingOut, Offline, Backoff, NeedsSignIn };
    Q_ENUM(State)

    SyncEngine(LocalStore &store, ApiClient &api, SyncSettings settings = {}, QObject *parent = nullptr);

    void start(); // the first cycle now, then on the timer
    void stop();
    void syncNow();     // the user asked
    void answerSaved(); // a new local answer: a cycle soon
    void connectivityChanged(bool online);
    // Check out `count` more items of a queue for `leaseMinutes` (an offline batch: hours or days).
    void takeOffline(const Uuid &queueId, int count, int leaseMinutes);

    State state() const { return m_state; }
    bool busy() const; // a cycle runs, or another is about to start
    QString lastError() const { return m_lastError; }
    QByteArray lastErrorRequestId() const { return m_lastErrorRequestId; }
    std::optional<Timestamp> lastSyncedAt() const { return m_lastSyncedAt; }
    int nextAttemptInMs() const { return m_timer.isActive() ? m_timer.remainingTime() : -1; }
    int lastRetryDelayMs() const { return m_lastRetryDelayMs; } // chosen when the last cycle failed

signals:
    void stateChanged(assay::client::SyncEngine::State state);
    void cycleFinished(bool ok);
    void queuesChanged();
    void itemsChanged(const assay::Uuid &queueId);
    void answersChanged();
    void offlineBatchFinished(const assay::Uuid &queueId, int checkedOut, bool ok);

private:
    struct OfflineRequest {
        Uuid queueId;
        int wanted = 0;
        int leaseMinutes = 0;
        int got = 0;
        QString after; // the queue_run_id that ended the previous page
    };

    void setState(State s);
    void beginCycle();
    void push();
    bool refillBatches();
    void sendPending();
    void sendBatch(const QJsonArray &batch);
    void onBatchDone(const QJsonArray &batch, const ApiReply &reply);
    void pull();
    void verify();
    void checkOut();
    void checkOutNext();
    // Reads and stores the items of a checkout answer; nothing when the cycle failed on it.
    std::optional<QList<CachedItem>> saveCheckout(const ApiReply &reply);
    void finishCycle();
    void fail(const ApiReply &reply);
    void failLocal(const Error &error);
    void continueOffline();

    LocalStore &m_store;
    ApiClient &m_api;
    SyncSettings m_settings;
    Backoff m_backoff;
    QTimer m_timer;
    State m_state = State::Idle;
    bool m_running = false;      // a cycle is in progress
    bool m_again = false;        // another cycle was asked for during this one
    bool m_rerunPending = false; // and is about to start
    bool m_started = false;
    bool m_watchingNetwork = false;
    QString m_lastError;
    QByteArray m_lastErrorRequestId;
    std::optional<Timestamp> m_lastSyncedAt;
    int m_lastRetryDelayMs = 0;

    // This cycle
    qint64 m_outboxReadUpTo = 0; // the outbox's local sequence read so far this cycle
    QList<QJsonArray> m_pendingBatches;
    int m_batchesInFlight = 0;
    bool m_cycleFailed = false;
    State m_failState = State::Backoff;
    std::optional<int> m_failRetryAfter;
    bool m_rebuiltThisCycle = false;
    QList<MeQueue> m_myQueues;
    QList<Uuid> m_toCheckOut;
    QList<OfflineRequest> m_offline;
};

} // namespace assay::client
