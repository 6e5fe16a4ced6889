#include "syncengine.h"

#include "store/readiness.h"

#include <QNetworkInformation>
#include <QUrlQuery>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

constexpr int kChangesPage = 500;
constexpr qsizetype kEnvelopeBytes = 32; // {"annotations":[...]} around a batch

// An answer that does not follow the protocol: treated as a server error, saying what was wrong.
ApiReply notTheProtocol(ApiReply reply, const QString &what, const Error &error)
{
    reply.kind = ReplyKind::ServerError;
    reply.message = what + u" does not follow the protocol: "_s + error.toString();
    return reply;
}

} // namespace

SyncEngine::SyncEngine(LocalStore &store, ApiClient &api, SyncSettings settings, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_api(api)
    , m_settings(settings)
    , m_backoff(settings.backoffBaseMs, settings.backoffCapMs)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SyncEngine::beginCycle);
    if (auto last = m_store.work().fact(u"last_synced_at"_s); last && !last->isEmpty())
        if (auto at = Timestamp::parseIso(*last))
            m_lastSyncedAt = *at;
}

bool SyncEngine::busy() const
{
    return m_running || m_rerunPending;
}

void SyncEngine::start()
{
    m_started = true;
    // The system's connectivity hints, where a backend exists (NetworkManager on Linux): back online
    // means try now, not at the end of the backoff.
    if (!m_watchingNetwork &&
        QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        m_watchingNetwork = true;
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability r) {
                    connectivityChanged(r == QNetworkInformation::Reachability::Online);
                });
    }
    beginCycle();
}

void SyncEngine::stop()
{
    m_started = false;
    m_timer.stop();
}

void SyncEngine::syncNow()
{
    m_started = true;
    m_backoff.reset();
    beginCycle();
}

void SyncEngine::answerSaved()
{
    if (!m_started || m_state == State::NeedsSignIn)
        return;
    if (m_running) {
        m_again = true;
        return;
    }
    if (m_state == State::Idle && (!m_timer.isActive() || m_timer.remainingTime() > m_settings.debounceMs))
        m_timer.start(m_settings.debounceMs);
    // Offline or backing off: the answer waits in the outbox for the next attempt.
}

void SyncEngine::connectivityChanged(bool online)
{
    if (online && m_started && (m_state == State::Offline || m_state == State::Backoff)) {
        m_backoff.reset();
        beginCycle();
    }
}

void SyncEngine::takeOffline(const Uuid &queueId, int count, int leaseMinutes)
{
    m_offline.append(OfflineRequest{queueId, count, leaseMinutes, 0, {}});
    syncNow();
}

void SyncEngine::setState(State s)
{
    if (s == m_state)
        return;
    m_state = s;
    emit stateChanged(s);
}

void SyncEngine::beginCycle()
{
    if (m_running) {
        m_again = true;
        return;
    }
    m_timer.stop();
    m_rerunPending = false;
    m_running = true;
    m_again = false;
    m_cycleFailed = false;
    m_rebuiltThisCycle = false;
    m_outboxReadUpTo = 0;
    m_pendingBatches.clear();
    m_batchesInFlight = 0;
    push();
}

// Pushing: the outbox, in batches of at most ApiClient::kMaxBodyBytes, a few in flight at once.
void SyncEngine::push()
{
    setState(State::Pushing);
    if (!refillBatches())
        return; // failed
    if (m_pendingBatches.isEmpty())
        return pull();
    sendPending();
}

// Reads the next answers of the outbox (after the ones already read this cycle; answers saved meanwhile
// come after them too) into batches of at most ApiClient::kMaxBodyBytes. False when the database failed.
bool SyncEngine::refillBatches()
{
    auto outbox = m_store.work().outbox(m_settings.outboxRead, m_outboxReadUpTo);
    if (!outbox) {
        failLocal(outbox.error());
        return false;
    }
    QList<QJsonObject> toSend;
    for (const LocalAnswer &a : *outbox) {
        m_outboxReadUpTo = std::max(m_outboxReadUpTo, a.localSeq);
        toSend.append(annotationToJson(a.annotation));
    }
    m_pendingBatches += splitBySize(toSend, ApiClient::kMaxBodyBytes - kEnvelopeBytes);
    return true;
}

void SyncEngine::sendPending()
{
    while (!m_pendingBatches.isEmpty() && m_batchesInFlight < m_settings.parallelPushes)
        sendBatch(m_pendingBatches.takeFirst());
}

void SyncEngine::sendBatch(const QJsonArray &batch)
{
    ++m_batchesInFlight;
    m_api.post(u"/review/submit"_s, QJsonObject{{"annotations"_L1, batch}},
               [this, batch](const ApiReply &reply) { onBatchDone(batch, reply); });
}

void SyncEngine::onBatchDone(const QJsonArray &batch, const ApiReply &reply)
{
    --m_batchesInFlight;
    if (reply.ok()) {
        // Recorded even when another batch of this cycle failed: the server has these.
        auto outcomes = readSubmitResults(reply.body.toObject());
        if (!outcomes) {
            fail(notTheProtocol(reply, u"the server's answer to a submit"_s, outcomes.error()));
        } else if (Status recorded = m_store.work().recordOutcomes(*outcomes); !recorded) {
            failLocal(recorded.error());
        } else {
            emit answersChanged();
        }
    } else if ((reply.kind == ReplyKind::Rejected || reply.kind == ReplyKind::TooLarge) && !m_cycleFailed) {
        if (batch.size() > 1) { // find the answer the server cannot take: halve the batch
            const qsizetype half = batch.size() / 2;
            QJsonArray first, second;
            for (qsizetype i = 0; i < batch.size(); ++i)
                (i < half ? first : second).append(batch.at(i));
            m_pendingBatches.prepend(second);
            m_pendingBatches.prepend(first);
        } else {
            auto id = Uuid::parse(batch.at(0).toObject().value("id"_L1).toString());
            const QList<SubmitOutcome> refused{AnswerOutcome::rejected(id ? *id : Uuid(), {reply.message})};
            if (Status recorded = m_store.work().recordOutcomes(refused); !recorded)
                failLocal(recorded.error());
            else
                emit answersChanged();
        }
    } else if (!reply.ok()) {
        fail(reply);
    }
    if (m_cycleFailed) {
        if (m_batchesInFlight == 0)
            finishCycle();
        return;
    }
    // Keep the server busy: read on before the pipeline drains (answers saved meanwhile go out too).
    if (m_pendingBatches.size() < m_settings.parallelPushes && !refillBatches())
        return;
    sendPending();
    if (m_batchesInFlight == 0 && m_pendingBatches.isEmpty())
        pull();
}

// Pulling: the changes since my cursor, page by page; each page commits with its cursor.
void SyncEngine::pull()
{
    setState(State::Pulling);
    auto cursor = m_store.cache().cursor();
    if (!cursor)
        return failLocal(cursor.error());
    m_api.get(
        u"/review/changes?since=%1&limit=%2"_s.arg(*cursor).arg(kChangesPage), [this](const ApiReply &reply) {
            if (!reply.ok())
                return fail(reply);
            auto page = readChanges(reply.body.toObject());
            if (!page) {
                ApiReply bad = reply;
                bad.kind = ReplyKind::ServerError;
                bad.message = u"the changes feed does not follow the protocol: "_s + page.error().toString();
                return fail(bad);
            }
            if (page->reset) {
                // The server is behind my cursor: it was restored from an older backup. Start the cache
                // again from what it has, and send it every answer it may have lost (duplicates are no-ops).
                if (Status rebuilt = m_store.rebuildCache(); !rebuilt)
                    return failLocal(rebuilt.error());
                auto resent = m_store.work().db().transaction([&]() -> Status {
                    auto n = m_store.work().resendAllSent();
                    return n ? Status(Ok{}) : Status(n.error());
                });
                if (!resent)
                    return failLocal(resent.error());
                m_rebuiltThisCycle = true;
                m_again = true;
                emit queuesChanged();
                emit answersChanged();
                return pull();
            }
            Status applied = m_store.cache().db().transaction([&]() -> Status {
                if (Status s = applyChanges(m_store.cache(), page->events); !s)
                    return s;
                return m_store.cache().setCursor(page->cursor);
            });
            if (!applied)
                return failLocal(applied.error());
            if (!page->events.isEmpty()) {
                QSet<Uuid> queues;
                for (const QJsonValue &e : page->events)
                    if (auto id = Uuid::parse(e.toObject().value("queue_id"_L1).toString()))
                        queues.insert(*id);
                for (const Uuid &q : queues)
                    emit itemsChanged(q);
                emit queuesChanged();
            }
            if (page->events.size() == kChangesPage)
                return pull();
            verify();
        });
}

// Verifying: my queues and the server's counts for me against the cache. A cache that disagrees is
// rebuilt (once a cycle); an answer I sent that the server no longer has goes out again.
void SyncEngine::verify()
{
    setState(State::Verifying);
    m_api.get(u"/review/me"_s, [this](const ApiReply &reply) {
        if (!reply.ok())
            return fail(reply);
        auto me = readMe(reply.body.toObject());
        if (!me)
            return fail(notTheProtocol(reply, u"/review/me"_s, me.error()));
        m_myQueues = *me;
        QList<CachedQueue> queues;
        for (const MeQueue &m : *me)
            queues.append(m.queue);
        if (Status saved =
                m_store.cache().db().transaction([&] { return m_store.cache().saveQueues(queues); });
            !saved)
            return failLocal(saved.error());
        emit queuesChanged();
        QList<Uuid> lost;
        for (const MeQueue &m : *me) {
            auto known = m_store.cache().serverAnswerCount(m.queue.id);
            if (!known)
                return failLocal(known.error());
            if (*known != m.answeredByMe && !m_rebuiltThisCycle) {
                qInfo("sync: queue %s: the server counts %lld answers of mine, the cache %lld; rebuilding "
                      "the cache",
                      qPrintable(m.queue.id.toString()), m.answeredByMe, *known);
                if (Status rebuilt = m_store.rebuildCache(); !rebuilt)
                    return failLocal(rebuilt.error());
                m_rebuiltThisCycle = true;
                emit queuesChanged();
                return pull();
            }
            if (!m_rebuiltThisCycle)
                continue;
            // The cache was just rebuilt from what the server has: whatever I sent that is not there,
            // the server lost (restored from a backup).
            auto answeredThere = m_store.cache().serverAnsweredRuns(m.queue.id);
            auto sent = m_store.work().sentAnswers(m.queue.id);
            if (!answeredThere || !sent)
                return failLocal(!answeredThere ? answeredThere.error() : sent.error());
            for (auto it = sent->cbegin(); it != sent->cend(); ++it)
                if (!answeredThere->contains(it.value()))
                    lost.append(it.key());
        }
        if (!lost.isEmpty()) {
            qInfo("sync: the server lacks %lld answers it once took; sending them again",
                  qint64(lost.size()));
            if (Status requeued = m_store.work().markUnsent(lost); !requeued)
                return failLocal(requeued.error());
            m_again = true;
            emit answersChanged();
        }
        checkOut();
    });
}

// Checking out: every queue topped up to `readyPerQueue` items, then the offline batches asked for.
void SyncEngine::checkOut()
{
    setState(State::CheckingOut);
    m_toCheckOut.clear();
    for (const MeQueue &m : m_myQueues) {
        if (m.queue.toReview == 0)
            continue; // nothing left for me on the server
        auto ready = readyCount(m_store, m.queue.id, Timestamp::now());
        if (!ready)
            return failLocal(ready.error());
        if (*ready < m_settings.readyPerQueue && m.queue.toReview > *ready)
            m_toCheckOut.append(m.queue.id);
    }
    checkOutNext();
}

void SyncEngine::checkOutNext()
{
    if (m_toCheckOut.isEmpty())
        return continueOffline();
    const Uuid queue = m_toCheckOut.takeFirst();
    const QJsonObject body{{"queue_id"_L1, queue.toString()},
                           {"count"_L1, std::min(m_settings.readyPerQueue, m_settings.checkoutPage)},
                           {"lease_minutes"_L1, m_settings.leaseMinutes}};
    m_api.post(u"/review/checkout"_s, body, [this, queue](const ApiReply &reply) {
        if (reply.kind == ReplyKind::NotFound)
            return checkOutNext(); // no longer mine since /review/me: the next cycle drops it
        if (!saveCheckout(reply))
            return; // the cycle failed
        emit itemsChanged(queue);
        checkOutNext();
    });
}

std::optional<QList<CachedItem>> SyncEngine::saveCheckout(const ApiReply &reply)
{
    if (!reply.ok()) {
        fail(reply);
        return std::nullopt;
    }
    auto items = readCheckout(reply.body.toObject(), Timestamp::now());
    if (!items) {
        fail(notTheProtocol(reply, u"a checkout"_s, items.error()));
        return std::nullopt;
    }
    if (Status saved = m_store.cache().db().transaction([&] { return m_store.cache().saveItems(*items); });
        !saved) {
        failLocal(saved.error());
        return std::nullopt;
    }
    return *items;
}

void SyncEngine::continueOffline()
{
    if (m_offline.isEmpty())
        return finishCycle();
    OfflineRequest &r = m_offline.first();
    const int count = std::min(m_settings.checkoutPage, r.wanted - r.got);
    // From the top of the queue (renewing what I already hold with the longer lease), page after page.
    QJsonObject body{
        {"queue_id"_L1, r.queueId.toString()}, {"count"_L1, count}, {"lease_minutes"_L1, r.leaseMinutes}};
    if (!r.after.isEmpty())
        body.insert("after"_L1, r.after);
    m_api.post(u"/review/checkout"_s, body, [this, count](const ApiReply &reply) {
        OfflineRequest &req = m_offline.first();
        if (reply.kind == ReplyKind::NotFound) {
            emit offlineBatchFinished(req.queueId, req.got, false);
            m_offline.removeFirst();
            return continueOffline();
        }
        const auto items = saveCheckout(reply);
        if (!items)
            return; // the cycle failed
        req.got += int(items->size());
        if (!items->isEmpty())
            req.after = items->last().queueRunId;
        emit itemsChanged(req.queueId);
        if (items->size() < count || req.got >= req.wanted) {
            emit offlineBatchFinished(req.queueId, req.got, true);
            m_offline.removeFirst();
        }
        continueOffline();
    });
}

void SyncEngine::fail(const ApiReply &reply)
{
    if (!m_cycleFailed) {
        m_cycleFailed = true;
        m_lastError = replyKindName(reply.kind) + u": "_s + reply.message;
        m_lastErrorRequestId = reply.requestId;
        const State next = reply.kind == ReplyKind::Auth ? State::NeedsSignIn
                           : reply.kind == ReplyKind::Offline || reply.kind == ReplyKind::Timeout
                               ? State::Offline
                               : State::Backoff;
        m_failState = next;
        m_failRetryAfter = reply.retryAfterSeconds;
    }
    if (m_batchesInFlight == 0)
        finishCycle();
}

void SyncEngine::failLocal(const Error &error)
{
    if (!m_cycleFailed) {
        m_cycleFailed = true;
        m_lastError = u"local database: "_s + error.toString();
        m_lastErrorRequestId.clear();
        m_failState = State::Backoff;
        m_failRetryAfter.reset();
    }
    if (m_batchesInFlight == 0)
        finishCycle();
}

void SyncEngine::finishCycle()
{
    if (!m_running)
        return; // already finished (a failure inside a batch callback finishes it once)
    m_running = false;
    m_pendingBatches.clear();
    if (m_cycleFailed) {
        setState(m_failState);
        m_lastRetryDelayMs = m_failState == State::NeedsSignIn ? 0 : m_backoff.next(m_failRetryAfter);
        if (m_failState != State::NeedsSignIn && m_started)
            m_timer.start(m_lastRetryDelayMs);
        emit cycleFinished(false);
        return;
    }
    m_backoff.reset();
    m_lastError.clear();
    m_lastErrorRequestId.clear();
    m_lastSyncedAt = Timestamp::now();
    // Kept across restarts, for "last synced" in the status bar; not worth failing a cycle over.
    (void)m_store.work().setFact(u"last_synced_at"_s, m_lastSyncedAt->toIso());
    setState(State::Idle);
    emit cycleFinished(true);
    if (m_again) {
        m_rerunPending = true;
        QTimer::singleShot(0, this, &SyncEngine::beginCycle);
    } else if (m_started)
        m_timer.start(m_settings.intervalMs);
}

} // namespace assay::client
