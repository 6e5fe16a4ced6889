#pragma once

// Queue items the LangSmith way, for one caller: who completed an item and who holds it (completed_by,
// reserved_by), a reviewer marking an item done ("status": "completed") or taking that back, and the
// item's timestamps. LangSmith's reviewers give feedback on the run and then press "done"; Assay's give
// an answer in the desktop app. Both are one state here: "done" stores the person's answer built from
// their own feedback on the run (answersFromFeedback), so the desktop app, checkout and the counts see
// the same item as completed, and feedback through the SDK that answers the whole rubric counts as done
// by itself. Nothing here knows HTTP.

#include "auth/principal.h"
#include "auth/refusal.h"
#include "itemprogress.h"
#include "storage/store.h"

namespace assay::server {

// A queue item with where it stands for everyone.
struct QueueItemView {
    QueueItem item;
    QStringList completedBy; // reviewers with a current answer
    QStringList reservedBy;  // reviewers holding a live lease
};

enum class ReviewMark { Viewed, Completed, Cleared };

class ItemStatusService {
public:
    ItemStatusService(Store &store, const Principal &caller)
        : m_store(store)
        , m_caller(caller)
    {
    }

    Result<QList<QueueItemView>> views(const Queue &queue, const QList<QueueItem> &items);

    // The caller's status for the item. Completed stores their answer (from their feedback on the run)
    // unless they have one; Cleared takes back an answer that "done" made (an answer from the desktop app
    // is a Conflict: it is changed by answering again); Viewed changes nothing. `moveTo` re-places the
    // item in the queue (LangSmith's override_added_at).
    Result<Decision<QueueItem>> mark(const Queue &queue, QueueItem item, ReviewMark mark,
                                     std::optional<Timestamp> moveTo);
    // PATCH of an item's timestamps, by a member or admin.
    Result<QueueItem> setTimes(QueueItem item, std::optional<Timestamp> addedAt,
                               std::optional<Timestamp> lastReviewed);
    // After the caller (a person) wrote feedback `key` on `runId` through the SDK: in each queue they
    // review that holds the run and asks for the key, their answer follows their feedback, and an answer
    // that completes the rubric completes their review.
    Status feedbackGiven(const Uuid &runId, const QString &key);

private:
    // The caller's answer made from `mine` (their feedback on the item's run; flag "from_feedback"),
    // saved and announced.
    Status answerFromFeedback(const Queue &queue, const QueueItem &item, const QList<Feedback> &mine,
                              const std::optional<StoredAnnotation> &previous, const Timestamp &now);
    Result<QList<Feedback>> myFeedbackOn(const Uuid &runId);
    // The item's count of reviewers now, to count its completion once a change is made.
    Result<ItemProgress> itemProgress(const Queue &queue, const Uuid &runId);

    Store &m_store;
    const Principal &m_caller;
};

} // namespace assay::server
