#pragma once

// The work database: what only this device has. The reviewer's answers (the outbox of unsent ones, the
// ones the server took, the ones it rejected and that need the reviewer's attention), drafts, and small
// sync facts. Precious: synchronous=FULL, never deleted automatically; an answer is "saved" when
// saveAnswer has returned.

#include "sqlitedb.h"

#include "core/annotation.h"
#include "core/reviewprotocol.h"

#include <QSet>

namespace assay::client {

enum class AnswerState {
    Unsent,         // in the outbox
    Sent,           // the server took it (applied, duplicate or superseded)
    NeedsAttention, // the server rejected it: the reviewer fixes and resends it
};

struct LocalAnswer {
    Annotation annotation;
    AnswerState state = AnswerState::Unsent;
    QString serverStatus; // applied, duplicate, superseded, rejected; empty until sent
    QStringList errors;   // the server's field messages for a rejected answer
    QStringList flags;    // late, removed, old_rubric
    int attempts = 0;
    qint64 localSeq = 0; // the order answers were saved in
};

// What the server said about one answer of a submit.
using SubmitOutcome = AnswerOutcome;

class WorkDb {
public:
    static QList<LocalMigration> migrations();
    explicit WorkDb(SqliteDb &db)
        : m_db(db)
    {
    }
    SqliteDb &db() { return m_db; }

    // Commits a new answer to the outbox (and drops the item's draft) before returning.
    Status saveAnswer(const Annotation &annotation);
    // Unsent answers in the order they were saved; `afterSeq` continues a read (0: from the start).
    Result<QList<LocalAnswer>> outbox(int limit, qint64 afterSeq = 0);
    Result<qint64> count(AnswerState state);
    // Records the server's verdicts (one transaction for the batch); counts each answer's attempt.
    Status recordOutcomes(const QList<SubmitOutcome> &outcomes);
    Result<QList<LocalAnswer>> needingAttention();
    // The reviewer fixed a rejected answer: new values (and rubric version), back into the outbox.
    Status resend(const Uuid &answerId, const QJsonObject &values, int rubricVersion);
    // Every answer the server took goes back into the outbox (the server lost them: restored from a
    // backup). Submits are idempotent, so the ones it still has come back as duplicates.
    Result<qint64> resendAllSent();
    // These answers the server once took and no longer has: back into the outbox.
    Status markUnsent(const QList<Uuid> &answerIds);
    Result<std::optional<LocalAnswer>> answer(const Uuid &id);
    // My latest answer to an item on this device, whatever its state.
    Result<std::optional<LocalAnswer>> latestAnswerFor(const Uuid &queueId, const Uuid &runId);
    // Item -> the state of my latest answer to it, whatever its state.
    Result<QHash<Uuid, AnswerState>> latestStates(const Uuid &queueId);
    // Which of these items (run ids) have an answer of mine, in any state.
    Result<QSet<QString>> answeredAmong(const Uuid &queueId, const QStringList &runIds);
    // Answers the server took in a queue: answer id -> item.
    Result<QHash<Uuid, Uuid>> sentAnswers(const Uuid &queueId);
    Result<QList<LocalAnswer>> allAnswers();
    // Per queue: items answered since `since` (any state), and answers in one state.
    Result<QHash<Uuid, int>> itemsAnsweredSince(const Timestamp &since);
    Result<QHash<Uuid, int>> countPerQueue(AnswerState state);

    Status saveDraft(const Uuid &queueId, const Uuid &runId, const QJsonObject &values);
    Result<std::optional<QJsonObject>> draft(const Uuid &queueId, const Uuid &runId);

    Status setFact(const QString &key, const QString &value);
    Result<QString> fact(const QString &key);

private:
    SqliteDb &m_db;
};

QString answerStateName(AnswerState state);

} // namespace assay::client
