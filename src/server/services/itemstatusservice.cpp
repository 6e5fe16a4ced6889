#include "itemstatusservice.h"

#include "reviewstate.h"

#include "audit/auditlog.h"
#include "core/annotation.h"
#include "core/reviewprotocol.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

bool madeFromFeedback(const std::optional<StoredAnnotation> &answer)
{
    return answer && answer->flags.contains(answerflag::kFromFeedback);
}

} // namespace

Result<QList<QueueItemView>> ItemStatusService::views(const Queue &queue, const QList<QueueItem> &items)
{
    QList<Uuid> runIds;
    for (const QueueItem &item : items)
        runIds.append(item.runId);
    auto reviewers = m_store.reviewersAmong(queue.id, runIds);
    if (!reviewers)
        return reviewers.error();
    auto leases = m_store.leasesAmong(queue.id, runIds, Timestamp::now());
    if (!leases)
        return leases.error();
    QHash<Uuid, QStringList> holders;
    for (const Lease &lease : std::as_const(*leases))
        holders[lease.runId].append(lease.reviewer);
    QList<QueueItemView> out;
    for (const QueueItem &item : items) {
        QStringList completed = reviewers->value(item.runId).values();
        completed.sort();
        QStringList reserved = holders.value(item.runId);
        reserved.sort();
        out.append({item, completed, reserved});
    }
    return out;
}

Result<QList<Feedback>> ItemStatusService::myFeedbackOn(const Uuid &runId)
{
    auto all = m_store.feedbackForRuns({runId});
    if (!all)
        return all.error();
    QList<Feedback> mine;
    for (const Feedback &fb : all->value(runId))
        if (fb.source.userId == m_caller.id && fb.source.type != u"app") // not their desktop answers
            mine.append(fb);
    return mine;
}

Status ItemStatusService::answerFromFeedback(const Queue &queue, const QueueItem &item,
                                             const QList<Feedback> &mine,
                                             const std::optional<StoredAnnotation> &previous,
                                             const Timestamp &now)
{
    Annotation a;
    a.id = Uuid::v7();
    a.queueId = queue.id;
    a.runId = item.runId;
    a.reviewerId = m_caller.id;
    a.rubricVersion = queue.rubric.version;
    a.values = answersFromFeedback(queue.rubric, mine);
    a.correction = correctionFromFeedback(mine); // what a DPO export prefers to the run's answer
    a.submittedAt = now;
    auto progress = itemProgress(queue, item.runId);
    if (!progress)
        return progress.error();
    if (previous) { // the answer follows the feedback: one current answer per reviewer and item
        StoredAnnotation old = *previous;
        old.status = u"superseded"_s;
        if (auto saved = m_store.saveAnnotation(old); !saved)
            return saved.error();
    }
    // Not materialised into feedback: it is made of feedback that exists.
    const QByteArray answerDoc = encodeDoc(annotationToJson(a));
    if (auto saved = m_store.saveAnnotation({a, u"applied"_s, {answerflag::kFromFeedback}}, answerDoc);
        !saved)
        return saved.error();
    if (auto counted = progress->after(now); !counted)
        return counted.error();
    if (auto released = m_store.releaseLeases(queue.id, m_caller.id, {item.runId}); !released)
        return released.error();
    if (auto audited = recordAuditDocs(m_store, m_caller.actor(), u"answer"_s, u"annotation"_s,
                                       a.id.toString(), {}, answerDoc);
        !audited)
        return audited.error();
    // The reviewer's desktop app learns of it like an answer from another of their devices.
    return m_store.appendReviewEvent(
        {0, queue.id, u"annotation"_s, m_caller.id, item.runId, now, {}, answerDoc});
}

Result<ItemProgress> ItemStatusService::itemProgress(const Queue &queue, const Uuid &runId)
{
    auto needed = ReviewState::reviewersNeeded(m_store, queue);
    if (!needed)
        return needed.error();
    return ItemProgress::before(m_store, queue.id, runId, *needed);
}

Result<Decision<QueueItem>> ItemStatusService::mark(const Queue &queue, QueueItem item, ReviewMark mark,
                                                    std::optional<Timestamp> moveTo)
{
    if (!m_caller.mayReview(queue.id.toString()))
        return Decision<QueueItem>::refused(Refusal::Unknown,
                                            u"annotation queue item %1 not found"_s.arg(item.id.toString()));
    const Timestamp now = Timestamp::now();
    auto current = m_store.currentAnnotation(queue.id, item.runId, m_caller.id);
    if (!current)
        return current.error();
    if (mark == ReviewMark::Completed) {
        if (!*current || madeFromFeedback(*current)) {
            auto mine = myFeedbackOn(item.runId);
            if (!mine)
                return mine.error();
            if (auto answered = answerFromFeedback(queue, item, *mine, *current, now); !answered)
                return answered.error();
        } else if (auto released = m_store.releaseLeases(queue.id, m_caller.id, {item.runId}); !released) {
            return released.error();
        }
        item.lastReviewedTime = now;
    } else if (mark == ReviewMark::Cleared && *current) {
        if (!madeFromFeedback(*current))
            return Decision<QueueItem>::refused(
                Refusal::Conflict,
                u"your answer to this item came from the desktop app; answer it again there to change it"_s,
                u"status"_s);
        auto progress = itemProgress(queue, item.runId);
        if (!progress)
            return progress.error();
        StoredAnnotation withdrawn = **current;
        withdrawn.status = u"superseded"_s;
        if (auto saved = m_store.saveAnnotation(withdrawn); !saved)
            return saved.error();
        if (auto counted = progress->after(now); !counted)
            return counted.error();
    }
    if (moveTo)
        item.addedAt = *moveTo;
    if (auto saved = m_store.updateQueueItem(item); !saved)
        return saved.error();
    return Decision<QueueItem>{Refusal::None, {}, item};
}

Result<QueueItem> ItemStatusService::setTimes(QueueItem item, std::optional<Timestamp> addedAt,
                                              std::optional<Timestamp> lastReviewed)
{
    const QByteArray before = encodeDoc(queueItemToJson(item));
    if (addedAt)
        item.addedAt = *addedAt;
    if (lastReviewed)
        item.lastReviewedTime = *lastReviewed;
    if (auto saved = m_store.updateQueueItem(item); !saved)
        return saved.error();
    if (auto audited = recordAuditDocs(m_store, m_caller.actor(), u"update"_s, u"queue_item"_s,
                                       item.id.toString(), before, encodeDoc(queueItemToJson(item)));
        !audited)
        return audited.error();
    return item;
}

Status ItemStatusService::feedbackGiven(const Uuid &runId, const QString &key)
{
    if (m_caller.userId.isEmpty()) // a service key is an application, not a reviewer
        return Ok{};
    auto queueIds = m_store.queuesOfRun(runId);
    if (!queueIds)
        return queueIds.error();
    if (queueIds->isEmpty())
        return Ok{};
    auto mine = myFeedbackOn(runId); // the same in every queue that holds the run
    if (!mine)
        return mine.error();
    const Timestamp now = Timestamp::now();
    for (const Uuid &queueId : std::as_const(*queueIds)) {
        if (!m_caller.mayReview(queueId.toString()))
            continue;
        auto queue = m_store.queueById(queueId);
        auto item = m_store.queueItem(queueId, runId);
        if (!queue || !item)
            return !queue ? queue.error() : item.error();
        if (!*queue || !*item || !(*queue)->rubric.field(key))
            continue;
        auto current = m_store.currentAnnotation(queueId, runId, m_caller.id);
        if (!current)
            return current.error();
        if (*current && !madeFromFeedback(*current))
            continue; // their desktop answer stands
        if (!*current && !answersComplete((*queue)->rubric, answersFromFeedback((*queue)->rubric, *mine)))
            continue; // counts once the rubric is answered (or they mark the item done)
        if (auto answered = answerFromFeedback(**queue, **item, *mine, *current, now); !answered)
            return answered.error();
        QueueItem reviewed = **item;
        reviewed.lastReviewedTime = now;
        if (auto saved = m_store.updateQueueItem(reviewed); !saved)
            return saved.error();
    }
    return Ok{};
}

} // namespace assay::server
