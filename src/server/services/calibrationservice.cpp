#include "calibrationservice.h"

#include "answerfeedback.h"

#include "audit/auditlog.h"
#include "core/reviewprotocol.h"

#include <QRandomGenerator>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kChunk = 500; // one IN list

// The round's blind answers (made while it was open), read in chunks of its items.
Result<QList<StoredAnnotation>> blindAnswersOf(Store &store, const CalibrationRound &round)
{
    QList<StoredAnnotation> out;
    for (qsizetype i = 0; i < round.runIds.size(); i += kChunk) {
        auto chunk = store.currentAnnotationsOf(round.queueId, round.runIds.mid(i, kChunk));
        if (!chunk)
            return chunk.error();
        for (StoredAnnotation &a : *chunk)
            if (a.flags.contains(answerflag::kCalibration))
                out.append(std::move(a));
    }
    return out;
}

template<typename T>
Decision<T> refused(Refusal why, const QString &message, const QString &where = {})
{
    return Decision<T>::refused(why, message, where);
}

} // namespace

Result<Decision<RoundStatus>> CalibrationService::start(const Queue &queue, const StartRoundRequest &request)
{
    auto open = m_store.openCalibrationRound(queue.id);
    if (!open)
        return open.error();
    if (*open)
        return refused<RoundStatus>(
            Refusal::Conflict, u"calibration round %1 is still open; close it before starting another"_s.arg(
                                   (*open)->id.toString()));
    auto reviewers = m_store.reviewersOf(queue.id);
    if (!reviewers)
        return reviewers.error();
    if (reviewers->size() < 2)
        return refused<RoundStatus>(
            Refusal::Conflict,
            u"a calibration round compares two reviewers or more; the queue has %1 assigned"_s.arg(
                reviewers->size()));

    CalibrationRound round;
    round.id = Uuid::v7();
    round.queueId = queue.id;
    round.name = request.name;
    round.createdAt = Timestamp::now();
    round.createdBy = m_caller.actor();
    round.rubricVersion = queue.rubric.version;
    round.reviewers = *reviewers;
    if (!request.runIds.isEmpty()) {
        round.selection = u"hand"_s;
        if (request.runIds.size() > kMaxItems)
            return refused<RoundStatus>(Refusal::Invalid, u"at most %1 runs"_s.arg(kMaxItems), u"run_ids"_s);
        QSet<Uuid> queued, answered, seen;
        for (qsizetype i = 0; i < request.runIds.size(); i += kChunk) {
            const QList<Uuid> chunk = request.runIds.mid(i, kChunk);
            auto inQueue = m_store.queuedRunsAmong(queue.id, chunk);
            auto who = m_store.reviewersAmong(queue.id, chunk);
            if (!inQueue || !who)
                return !inQueue ? inQueue.error() : who.error();
            queued.unite(*inQueue);
            for (auto it = who->cbegin(); it != who->cend(); ++it)
                if (!it.value().isEmpty())
                    answered.insert(it.key());
        }
        for (qsizetype i = 0; i < request.runIds.size(); ++i) {
            const Uuid &id = request.runIds[i];
            const QString where = u"run_ids[%1]"_s.arg(i);
            if (seen.contains(id))
                return refused<RoundStatus>(Refusal::Invalid, u"run %1 is listed twice"_s.arg(id.toString()),
                                            where);
            seen.insert(id);
            if (!queued.contains(id))
                return refused<RoundStatus>(Refusal::Invalid,
                                            u"run %1 is not in the queue"_s.arg(id.toString()), where);
            if (answered.contains(id))
                return refused<RoundStatus>(
                    Refusal::Invalid,
                    u"run %1 already has answers; a round compares answers made blind"_s.arg(id.toString()),
                    where);
        }
        round.runIds = request.runIds;
    } else {
        round.selection = u"sample"_s;
        if (request.size < 1 || request.size > kMaxItems)
            return refused<RoundStatus>(Refusal::Invalid, u"must be from 1 to %1"_s.arg(kMaxItems),
                                        u"size"_s);
        auto pool = m_store.unansweredRunsOf(queue.id);
        if (!pool)
            return pool.error();
        if (pool->isEmpty())
            return refused<RoundStatus>(Refusal::Conflict,
                                        u"the queue has no unanswered items to sample a round from"_s);
        round.seed = request.seed.value_or(QRandomGenerator::global()->generate64());
        round.runIds = sampleRuns(*pool, request.size, *round.seed);
    }
    if (auto saved = m_store.insertCalibrationRound(round); !saved)
        return saved.error();
    if (auto audited = recordAudit(m_store, m_caller.actor(), u"create"_s, u"calibration_round"_s,
                                   round.id.toString(), {}, calibrationRoundToJson(round));
        !audited)
        return audited.error();
    auto status = statusOf(queue, round, false);
    if (!status)
        return status.error();
    return Decision<RoundStatus>{Refusal::None, {}, *status};
}

Result<QList<RoundStatus>> CalibrationService::list(const Queue &queue)
{
    auto rounds = m_store.calibrationRounds(queue.id);
    if (!rounds)
        return rounds.error();
    QList<RoundStatus> out;
    for (const CalibrationRound &round : std::as_const(*rounds)) {
        auto status = statusOf(queue, round, false);
        if (!status)
            return status.error();
        out.append(*status);
    }
    return out;
}

Result<Decision<CalibrationRound>> CalibrationService::roundOf(const Queue &queue, const Uuid &roundId)
{
    auto round = m_store.calibrationRound(roundId);
    if (!round)
        return round.error();
    if (!*round || (*round)->queueId != queue.id)
        return refused<CalibrationRound>(
            Refusal::Unknown, u"calibration round %1 not found in this queue"_s.arg(roundId.toString()));
    return Decision<CalibrationRound>{Refusal::None, {}, **round};
}

Result<Decision<RoundStatus>> CalibrationService::get(const Queue &queue, const Uuid &roundId)
{
    auto round = roundOf(queue, roundId);
    if (!round)
        return round.error();
    if (!round->done())
        return Decision<RoundStatus>{round->refusal, round->error, {}};
    auto status = statusOf(queue, round->value, true);
    if (!status)
        return status.error();
    return Decision<RoundStatus>{Refusal::None, {}, *status};
}

Result<Decision<RoundStatus>> CalibrationService::close(const Queue &queue, const Uuid &roundId)
{
    auto found = roundOf(queue, roundId);
    if (!found)
        return found.error();
    if (!found->done())
        return Decision<RoundStatus>{found->refusal, found->error, {}};
    CalibrationRound round = found->value;
    if (!round.open)
        return refused<RoundStatus>(Refusal::Conflict,
                                    u"calibration round %1 is already closed"_s.arg(roundId.toString()));
    const QJsonObject before = calibrationRoundToJson(round);
    round.open = false;
    round.closedAt = Timestamp::now();
    if (auto closed = m_store.closeCalibrationRound(round); !closed)
        return closed.error();
    // The blind answers become what every answer is: feedback rows, and their values in the audit log.
    auto answers = blindAnswersOf(m_store, round);
    if (!answers)
        return answers.error();
    auto heads = m_store.runHeads(round.runIds);
    if (!heads)
        return heads.error();
    for (const StoredAnnotation &stored : std::as_const(*answers)) {
        const Annotation &a = stored.annotation;
        auto rubric = rubricOfAnswer(m_store, queue, a.rubricVersion);
        if (!rubric)
            return rubric.error();
        if (auto saved = saveAnswerFeedback(m_store, a, *rubric, heads->value(a.runId)); !saved)
            return saved.error();
        if (auto audited = recordAudit(m_store, m_caller.actor(), u"reveal"_s, u"annotation"_s,
                                       a.id.toString(), {}, annotationToJson(a));
            !audited)
            return audited.error();
    }
    if (auto audited = recordAudit(m_store, m_caller.actor(), u"close"_s, u"calibration_round"_s,
                                   round.id.toString(), before, calibrationRoundToJson(round));
        !audited)
        return audited.error();
    auto status = statusFrom(queue, round, *answers, true);
    if (!status)
        return status.error();
    return Decision<RoundStatus>{Refusal::None, {}, *status};
}

Result<std::optional<RoundStatus>> CalibrationService::latestClosed(const Queue &queue)
{
    auto rounds = m_store.calibrationRounds(queue.id);
    if (!rounds)
        return rounds.error();
    for (const CalibrationRound &round : std::as_const(*rounds))
        if (!round.open) {
            auto status = statusOf(queue, round, true);
            if (!status)
                return status.error();
            return std::optional(*status);
        }
    return std::optional<RoundStatus>();
}

Result<RoundStatus> CalibrationService::statusOf(const Queue &queue, const CalibrationRound &round,
                                                 bool withReport)
{
    auto answers = blindAnswersOf(m_store, round);
    if (!answers)
        return answers.error();
    return statusFrom(queue, round, *answers, withReport);
}

Result<RoundStatus> CalibrationService::statusFrom(const Queue &queue, const CalibrationRound &round,
                                                   const QList<StoredAnnotation> &answers, bool withReport)
{
    RoundStatus status{round, {}, {}, {}};
    if (!m_names) { // read once per request, however many rounds it lists
        auto names = m_store.userNames();
        if (!names)
            return names.error();
        m_names = *names;
    }
    status.names = *m_names;
    for (const StoredAnnotation &a : answers)
        ++status.answeredBy[a.annotation.reviewerId];
    // Nobody reads what was answered until the round closes: not the lead either.
    if (withReport && !round.open) {
        auto rubric = rubricOfAnswer(m_store, queue, round.rubricVersion);
        if (!rubric)
            return rubric.error();
        QList<RoundAnswer> roundAnswers;
        for (const StoredAnnotation &a : answers)
            roundAnswers.append(
                {a.annotation.runId, a.annotation.reviewerId, a.annotation.values, a.annotation.comment});
        status.report = calibrationReport(round, *rubric, roundAnswers);
    }
    return status;
}

} // namespace assay::server
