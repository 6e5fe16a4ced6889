#pragma once

// Reviewing one queue: which item is on screen, its run as the screen shows it, the rubric form with the
// draft or my earlier answer, moving between items (saving the draft of the one left), and submitting.
// Everything reads and writes the local store, so it works the same offline. A submit names the item
// that was on screen when the key was pressed and is refused if another one is there by then.

#include "models/queueitemmodel.h"
#include "models/rubricformmodel.h"
#include "models/runtreemodel.h"
#include "pace.h"
#include "runpresentation.h"
#include "store/localstore.h"

#include <QObject>
#include <QSet>

namespace assay::client {

struct SubmitResult {
    enum class Kind {
        Saved,     // committed to the outbox
        Invalid,   // the form is not complete: `report` names the fields
        WrongItem, // another item is on screen now: nothing was saved
        NoItem,    // nothing on screen
        Failed,    // the local database failed: `message` says how; nothing was saved
    };
    Kind kind = Kind::NoItem;
    ValidationReport report;
    QString message;
    bool ok() const { return kind == Kind::Saved; }
};

class ReviewSession : public QObject {
    Q_OBJECT
public:
    explicit ReviewSession(LocalStore &store, QObject *parent = nullptr);

    QueueItemModel &items() { return m_items; }
    RubricFormModel &form() { return m_form; }
    RunTreeModel &runTree() { return m_runTree; }
    const PaceTracker &pace() const { return m_pace; }

    // Opens a queue on its first item to review (or its first item when all are done).
    Status open(const Uuid &queueId);
    // The cached items changed (a sync): the list is read again, the item on screen stays.
    Status refresh();
    const CachedQueue &queue() const { return m_queue; }

    int currentRow() const { return m_row; }
    std::optional<Uuid> currentRunId() const;
    const CachedItem &currentItem() const { return m_item; }
    const RunPresentation &presentation() const { return m_presentation; }
    ItemStatus currentStatus() const;
    // Errors the server gave for my answer to this item (it needs attention), else empty.
    QStringList currentErrors() const { return m_errors; }
    bool rubricIsOlder() const { return m_form.rubric().version < m_queue.rubric.version; }

    Status goTo(int row);
    // Opens the queue (if another) and brings this item on screen.
    Status showItem(const Uuid &queueId, const Uuid &runId);
    Status next();
    Status previous();
    // Leaves this item for later: the next item to review comes first, this one after all others.
    Status skip();
    // Marks the item on screen for a lead's attention; the note travels with the answer as its comment.
    void setFlag(const QString &note);
    QString flag() const { return m_flag; }

    // Submits the form for `runIdOnScreen`; with `goOn`, the next item to review comes on screen.
    SubmitResult submit(const Uuid &runIdOnScreen, bool goOn);
    // Keeps what was typed on the item on screen, if anything changed (leaving it, quitting).
    Status saveDraft();

    int toReviewCount() const;

signals:
    void currentChanged();              // another item is on screen (or the same one, reloaded)
    void answerSaved(const Uuid &runId); // committed locally: time to sync
    void queueDone();                   // submit-and-go-on found nothing left to review

private:
    Status show(int row);
    Status showFirstToReview();

    LocalStore &m_store;
    QueueItemModel m_items;
    RubricFormModel m_form;
    RunTreeModel m_runTree;
    PaceTracker m_pace;
    CachedQueue m_queue;
    int m_row = -1;
    CachedItem m_item;
    RunPresentation m_presentation;
    QStringList m_errors;
    QString m_flag;
    std::optional<Uuid> m_rejectedAnswer; // my answer to the item on screen that the server rejected
    QSet<Uuid> m_skipped;
};

} // namespace assay::client
