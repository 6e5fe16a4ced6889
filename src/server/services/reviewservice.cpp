#include "reviewservice.h"

#include "answerfeedback.h"
#include "itemprogress.h"

#include "reviewstate.h"

#include "audit/auditlog.h"

#include <QSet>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

Decision<Queue> queueNotFound(const Uuid &id)
{
    return Decision<Queue>::refused(Refusal::Unknown, u"annotation queue %1 not found"_s.arg(id.toString()));
}

// The item's own subtree, by parent links (never by dotted order alone: a child sent without one would
// otherwise take in its parent and siblings), in the trace's order.
QList<Run> subtreeOf(const Run &run, const QList<Run> &trace,
                     const QHash<Uuid, QList<const Run *>> &childrenOf)
{
    QList<const Run *> frontier = childrenOf.value(run.id);
    QSet<Uuid> subtree{run.id};
    while (!frontier.isEmpty()) {
        const Run *child = frontier.takeLast();
        if (subtree.contains(child->id))
            continue; // a cycle of parent links in bad data ends here
        subtree.insert(child->id);
        frontier.append(childrenOf.value(child->id));
    }
    QList<Run> out;
    for (const Run &other : trace)
        if (other.id != run.id && subtree.contains(other.id))
            out.append(other);
    return out;
}

// The first `count` of two lists in queue order, each already in it, without repeating an item: a
// calibration round's items take their place among the others.
QList<QueueItem> mergedInQueueOrder(const QList<QueueItem> &a, const QList<QueueItem> &b, qsizetype count)
{
    QList<QueueItem> all = a;
    QSet<Uuid> seen;
    for (const QueueItem &item : a)
        seen.insert(item.runId);
    for (const QueueItem &item : b)
        if (!seen.contains(item.runId))
            all.append(item);
    std::sort(all.begin(), all.end(),
              [](const QueueItem &x, const QueueItem &y) { return queuePosition(x) < queuePosition(y); });
    return all.mid(0, count);
}

// What the audit log keeps of a blind answer until its round closes: that it was made, not what it says.
QByteArray blindAnswerDoc(const Annotation &a)
{
    return encodeDoc(QJsonObject{{u"id"_s, a.id.toString()},
                                 {u"queue_id"_s, a.queueId.toString()},
                                 {u"run_id"_s, a.runId.toString()},
                                 {u"reviewer_id"_s, a.reviewerId},
                                 {u"blind"_s, true}});
}

} // namespace

// What a batch of answers needs to know, loaded once per batch with targeted queries (never the whole
// queue): each queue, which of the batch's runs are queued in it and leased to the caller, and each
// run's session and trace.
struct ReviewService::BatchFacts {
    struct QueueFacts {
        std::optional<Queue> queue;
        QSet<Uuid> queuedRuns;
        QSet<Uuid> removedRuns; // were in the queue once: answers for them are kept, flagged `removed`
        QSet<Uuid> myLeases;
        qsizetype reviewersNeeded = 1; // what completes an item (for the queue's health)
        QSet<Uuid> roundRuns;          // in an open calibration round: answers stay blind until it closes
    };
    QHash<Uuid, QueueFacts> queues;
    QHash<Uuid, Store::RunHead> runs;
};

Result<Decision<Queue>> ReviewService::reviewQueue(const Uuid &id)
{
    auto found = m_store.queueById(id);
    if (!found)
        return found.error();
    // A queue outside a reviewer's own answers as missing: its existence is not theirs to learn.
    if (!*found || !m_caller.mayReview(id.toString()))
        return queueNotFound(id);
    return Decision<Queue>{Refusal::None, {}, **found};
}

Result<QList<ReviewQueueSummary>> ReviewService::myQueues()
{
    QStringList queueIds = m_caller.queueIds;
    if (!m_caller.isReviewer()) { // members and admins may review every queue
        ListQuery everyQueue;
        everyQueue.limit = 100000;
        auto all = m_store.listQueues(everyQueue);
        if (!all)
            return all.error();
        queueIds.clear();
        for (const Queue &q : *all)
            queueIds.append(q.id.toString());
    }
    QList<ReviewQueueSummary> out;
    for (const QString &id : std::as_const(queueIds)) {
        auto queue = m_store.queueById(*Uuid::parse(id));
        if (!queue)
            return queue.error();
        if (!*queue)
            continue;
        auto needed = ReviewState::reviewersNeeded(m_store, **queue);
        if (!needed)
            return needed.error();
        auto counts = m_store.reviewCounts((*queue)->id, m_caller.id, *needed); // aggregated in SQL
        if (!counts)
            return counts.error();
        out.append({**queue, *counts});
    }
    return out;
}

Result<Decision<Checkout>> ReviewService::checkout(const CheckoutRequest &request)
{
    if (request.count < 1 || request.count > kMaxCheckout)
        return Decision<Checkout>::refused(Refusal::Invalid, u"must be from 1 to %1"_s.arg(kMaxCheckout),
                                           u"count"_s);
    if (request.leaseMinutes < 1 || request.leaseMinutes > kMaxLeaseMinutes)
        return Decision<Checkout>::refused(
            Refusal::Invalid, u"must be from 1 to %1 (a week)"_s.arg(kMaxLeaseMinutes), u"lease_minutes"_s);
    auto queue = reviewQueue(request.queueId);
    if (!queue)
        return queue.error();
    if (!queue->done())
        return Decision<Checkout>{queue->refusal, queue->error, {}};
    Checkout out;
    out.queue = queue->value;
    const Uuid queueId = out.queue.id;
    const QString &me = m_caller.id;
    // Two servers on one database must never lease one item to two reviewers: one checkout per queue
    // at a time, and the leases it reads are the committed ones.
    if (auto locked = m_store.lockQueue(queueId); !locked)
        return locked.error();
    const Timestamp now = Timestamp::now();
    out.leaseExpiresAt = Timestamp::fromMicros(now.micros() + request.leaseMinutes * 60'000'000LL);
    // Page through the queue from `after` (from the top when it left the queue), looking only at the
    // runs of each page: what I still need to review, not held by someone else.
    std::optional<ListPosition> start;
    if (request.after) {
        auto position = m_store.queueItemPosition(queueId, *request.after);
        if (!position)
            return position.error();
        start = *position;
    }
    auto needed = ReviewState::reviewersNeeded(m_store, out.queue);
    if (!needed)
        return needed.error();
    QList<QueueItem> chosen;
    const qsizetype chunkSize = std::max<qsizetype>(2 * request.count, 200);
    while (chosen.size() < request.count) {
        // Only items I still have to review come back; of those, the ones nobody else holds.
        auto items = m_store.queueItemsToReview(queueId, me, *needed, PageRequest{start, 0, chunkSize});
        if (!items)
            return items.error();
        QList<Uuid> chunkRuns;
        for (const QueueItem &item : std::as_const(*items))
            chunkRuns.append(item.runId);
        auto leases = m_store.leasesAmong(queueId, chunkRuns, now);
        if (!leases)
            return leases.error();
        QSet<Uuid> heldByOthers;
        for (const Lease &l : *leases)
            if (l.reviewer != me && out.queue.enableReservations)
                heldByOthers.insert(l.runId);
        for (const QueueItem &item : std::as_const(*items))
            if (chosen.size() < request.count && !heldByOthers.contains(item.runId))
                chosen.append(item);
        if (items->size() < chunkSize)
            break;
        start = queuePosition(items->last());
    }
    auto roundItems = calibrationItemsToReview(out.queue, start, request.count);
    if (!roundItems)
        return roundItems.error();
    chosen = mergedInQueueOrder(chosen, *roundItems, request.count);
    QList<Uuid> runIds, traceIds;
    for (const QueueItem &item : std::as_const(chosen))
        runIds.append(item.runId);
    auto runs = m_store.runsByIds(runIds);
    if (!runs)
        return runs.error();
    for (const Run &r : std::as_const(*runs))
        traceIds.append(r.traceId);
    auto traces = m_store.runsOfTraces(traceIds);
    if (!traces)
        return traces.error();
    QHash<Uuid, QList<const Run *>> childrenOf;
    for (const Run &other : std::as_const(*traces))
        if (other.parentRunId)
            childrenOf[*other.parentRunId].append(&other);
    for (const QueueItem &item : std::as_const(chosen)) {
        const auto run = runs->constFind(item.runId);
        if (run == runs->cend())
            continue; // queued before it was ingested: not reviewable yet
        if (auto leased = m_store.saveLease({queueId, item.runId, me, out.leaseExpiresAt}); !leased)
            return leased.error();
        out.items.append({item, *run, subtreeOf(*run, *traces, childrenOf)});
    }
    return Decision<Checkout>{Refusal::None, {}, out};
}

Result<QList<QueueItem>> ReviewService::calibrationItemsToReview(const Queue &queue,
                                                                 const std::optional<ListPosition> &after,
                                                                 qsizetype count)
{
    auto round = m_store.openCalibrationRound(queue.id);
    if (!round)
        return round.error();
    if (!*round || !(*round)->reviewers.contains(m_caller.id))
        return QList<QueueItem>();
    return m_store.roundItemsToReview((*round)->id, m_caller.id, PageRequest{after, 0, count});
}

Result<ReviewService::BatchFacts> ReviewService::loadBatchFacts(const QList<SubmittedAnswer> &answers,
                                                                const Timestamp &now)
{
    QHash<Uuid, QList<Uuid>> runsByQueue;
    QList<Uuid> allRuns;
    for (const SubmittedAnswer &answer : answers)
        if (answer.annotation) {
            runsByQueue[answer.annotation->queueId].append(answer.annotation->runId);
            allRuns.append(answer.annotation->runId);
        }
    BatchFacts facts;
    for (auto it = runsByQueue.cbegin(); it != runsByQueue.cend(); ++it) {
        BatchFacts::QueueFacts f;
        auto queue = m_store.queueById(it.key());
        if (!queue)
            return queue.error();
        f.queue = *queue;
        if (f.queue) {
            auto queued = m_store.queuedRunsAmong(it.key(), it.value());
            auto removed = m_store.removedRunsAmong(it.key(), it.value());
            if (!queued || !removed)
                return !queued ? queued.error() : removed.error();
            f.queuedRuns = *queued;
            f.removedRuns = *removed;
            auto needed = ReviewState::reviewersNeeded(m_store, *f.queue);
            if (!needed)
                return needed.error();
            f.reviewersNeeded = *needed;
            auto inRound = m_store.runsInOpenRound(it.key(), it.value());
            if (!inRound)
                return inRound.error();
            f.roundRuns = *inRound;
        }
        auto leases = m_store.leasesAmong(it.key(), it.value(), now);
        if (!leases)
            return leases.error();
        for (const Lease &l : *leases)
            if (l.reviewer == m_caller.id)
                f.myLeases.insert(l.runId);
        facts.queues.insert(it.key(), f);
    }
    auto heads = m_store.runHeads(allRuns);
    if (!heads)
        return heads.error();
    facts.runs = *heads;
    return facts;
}

Result<QList<AnswerOutcome>> ReviewService::submit(const QList<SubmittedAnswer> &answers)
{
    const Timestamp now = Timestamp::now();
    auto facts = loadBatchFacts(answers, now);
    if (!facts)
        return facts.error();
    QList<AnswerOutcome> out;
    for (const SubmittedAnswer &answer : answers) {
        if (!answer.annotation) {
            out.append(AnswerOutcome::rejected(answer.id, answer.errors));
            continue;
        }
        auto outcome = submitOne(*answer.annotation, now, *facts);
        if (!outcome)
            return outcome.error();
        out.append(*outcome);
    }
    return out;
}

Result<AnswerOutcome> ReviewService::submitOne(const Annotation &answer, const Timestamp &now,
                                               const BatchFacts &batch)
{
    Annotation a = answer;
    a.reviewerId = m_caller.id; // never from the body
    auto existing = m_store.annotationById(a.id);
    if (!existing)
        return existing.error();
    if (*existing)
        return AnswerOutcome{a.id, AnswerStatus::Duplicate, {}, {}};
    const BatchFacts::QueueFacts facts = batch.queues.value(a.queueId);
    // Only a queue the caller may review, and only a run that is or was in it: an answer is never a way
    // to write feedback on any run.
    if (!facts.queue || !m_caller.mayReview(a.queueId.toString()))
        return AnswerOutcome::rejected(
            a.id, {u"queue_id: annotation queue %1 not found"_s.arg(a.queueId.toString())});
    if (!facts.queuedRuns.contains(a.runId) && !facts.removedRuns.contains(a.runId))
        return AnswerOutcome::rejected(a.id, {u"run_id: run %1 is not in annotation queue %2"_s.arg(
                                                 a.runId.toString(), a.queueId.toString())});
    QStringList flags;
    if (a.rubricVersion > facts.queue->rubric.version)
        return AnswerOutcome::rejected(
            a.id, {u"rubric_version: version %1 does not exist; the queue's rubric is at version %2"_s
                       .arg(a.rubricVersion)
                       .arg(facts.queue->rubric.version)});
    if (a.rubricVersion < facts.queue->rubric.version)
        flags.append(answerflag::kOldRubric);
    // Validated against the version it names.
    auto rubric = rubricOfAnswer(m_store, *facts.queue, a.rubricVersion);
    if (!rubric)
        return rubric.error();
    const ValidationReport report = validateAnnotationValues(*rubric, a.values);
    if (!report.ok()) {
        QStringList errors;
        for (const ValidationIssue &e : report.errors)
            errors.append(e.toString());
        return AnswerOutcome::rejected(a.id, errors);
    }
    if (!facts.queuedRuns.contains(a.runId))
        flags.append(answerflag::kRemoved);
    if (!facts.myLeases.contains(a.runId))
        flags.append(answerflag::kLate);
    const bool blind = facts.roundRuns.contains(a.runId);
    if (blind)
        flags.append(answerflag::kCalibration);

    auto progress = ItemProgress::before(m_store, a.queueId, a.runId, facts.reviewersNeeded);
    if (!progress)
        return progress.error();
    // One reviewer, one current answer per item: the latest submitted_at wins (then the larger id).
    auto current = m_store.currentAnnotation(a.queueId, a.runId, a.reviewerId);
    if (!current)
        return current.error();
    StoredAnnotation stored{a, u"applied"_s, flags};
    if (*current) {
        const Annotation &prev = (*current)->annotation;
        const bool newer =
            a.submittedAt > prev.submittedAt || (a.submittedAt == prev.submittedAt && prev.id < a.id);
        if (!newer) {
            stored.status = u"superseded"_s;
        } else {
            StoredAnnotation old = **current;
            old.status = u"superseded"_s;
            if (auto saved = m_store.saveAnnotation(old); !saved)
                return saved.error();
            for (const Feedback &fb : materializeFeedback(prev, *rubric, std::nullopt, std::nullopt))
                if (auto deleted = m_store.deleteFeedback(fb.id); !deleted)
                    return deleted.error();
        }
    }
    // Encoded once: stored, audited and fed to the other devices as the same bytes.
    const QByteArray answerDoc = encodeDoc(annotationToJson(a));
    if (auto saved = m_store.saveAnnotation(stored, answerDoc); !saved)
        return saved.error();
    if (auto counted = progress->after(a.submittedAt); !counted)
        return counted.error();
    if (stored.status == u"applied") {
        // A blind answer writes no feedback and audits no values until its round closes (which does both).
        if (!blind)
            if (auto saved = saveAnswerFeedback(m_store, a, *rubric, batch.runs.value(a.runId)); !saved)
                return saved.error();
        if (auto released = m_store.releaseLeases(a.queueId, a.reviewerId, {a.runId}); !released)
            return released.error();
        if (auto audited = recordAuditDocs(m_store, m_caller.actor(), u"answer"_s, u"annotation"_s,
                                           a.id.toString(), {}, blind ? blindAnswerDoc(a) : answerDoc);
            !audited)
            return audited.error();
        // The reviewer's other devices learn of it from the feed.
        if (auto fed = m_store.appendReviewEvent(
                {0, a.queueId, u"annotation"_s, a.reviewerId, a.runId, now, {}, answerDoc});
            !fed)
            return fed.error();
    }
    const AnswerStatus status =
        stored.status == u"applied" ? AnswerStatus::Applied : AnswerStatus::Superseded;
    return AnswerOutcome{a.id, status, {}, flags};
}

Result<Decision<qsizetype>> ReviewService::release(const Uuid &queueId, const QList<Uuid> &runIds)
{
    auto queue = reviewQueue(queueId);
    if (!queue)
        return queue.error();
    if (!queue->done())
        return Decision<qsizetype>{queue->refusal, queue->error, 0};
    auto released = m_store.releaseLeases(queueId, m_caller.id, runIds);
    if (!released)
        return released.error();
    return Decision<qsizetype>{Refusal::None, {}, *released};
}

Result<ReviewChanges> ReviewService::changes(qint64 since, qsizetype limit)
{
    auto last = m_store.lastReviewEventSeq();
    if (!last)
        return last.error();
    if (since > *last)
        return ReviewChanges{{}, *last, true};
    if (m_caller.isReviewer() && m_caller.queueIds.isEmpty())
        return ReviewChanges{{}, *last, false};
    auto events = m_store.reviewEvents(since, m_caller.isReviewer() ? m_caller.queueIds : QStringList(),
                                       m_caller.id, limit);
    if (!events)
        return events.error();
    // A full page may have more behind it; otherwise the caller is current up to the last sequence.
    const qint64 cursor = events->size() == limit
                              ? events->last().seq
                              : std::max(*last, events->isEmpty() ? 0 : events->last().seq);
    return ReviewChanges{*events, cursor, false};
}

} // namespace assay::server
