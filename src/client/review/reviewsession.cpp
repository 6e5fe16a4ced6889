#include "reviewsession.h"

namespace assay::client {

using namespace Qt::StringLiterals;

ReviewSession::ReviewSession(LocalStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_items(store)
{
}

Status ReviewSession::open(const Uuid &queueId)
{
    if (Status saved = saveDraft(); !saved)
        return saved;
    auto queue = m_store.cache().queue(queueId);
    if (!queue)
        return queue.error();
    if (!*queue)
        return Error{tr("This queue is no longer assigned to you."), {}};
    m_queue = **queue;
    m_skipped.clear();
    m_row = -1;
    if (Status loaded = m_items.setQueue(queueId); !loaded)
        return loaded;
    return showFirstToReview();
}

// The first item to review, or the first item when all are done (or nothing when there are none).
Status ReviewSession::showFirstToReview()
{
    const int first = m_items.nextToReview(0);
    return show(first >= 0 ? first : (m_items.rowCount() > 0 ? 0 : -1));
}

Status ReviewSession::refresh()
{
    if (m_queue.id.isNull())
        return Ok{};
    auto queue = m_store.cache().queue(m_queue.id);
    if (!queue)
        return queue.error();
    if (*queue)
        m_queue = **queue;
    const std::optional<Uuid> onScreen = currentRunId();
    if (Status loaded = m_items.reload(); !loaded)
        return loaded;
    const int row = onScreen ? m_items.rowOf(*onScreen) : -1;
    if (row >= 0) {
        m_row = row; // the same item stays on screen, wherever its row went
        return Ok{};
    }
    return showFirstToReview();
}

std::optional<Uuid> ReviewSession::currentRunId() const
{
    if (m_row < 0)
        return std::nullopt;
    return m_item.runId;
}

ItemStatus ReviewSession::currentStatus() const
{
    return m_row >= 0 ? m_items.rowAt(m_row).status : ItemStatus::ToReview;
}

Status ReviewSession::goTo(int row)
{
    if (row < 0 || row >= m_items.rowCount() || row == m_row)
        return Ok{};
    if (Status saved = saveDraft(); !saved)
        return saved;
    return show(row);
}

Status ReviewSession::showItem(const Uuid &queueId, const Uuid &runId)
{
    if (queueId != m_queue.id)
        if (Status opened = open(queueId); !opened)
            return opened;
    const int row = m_items.rowOf(runId);
    if (row < 0)
        return Error{tr("That item is no longer checked out to you."), {}};
    return goTo(row);
}

Status ReviewSession::next()
{
    return goTo(m_row + 1);
}

Status ReviewSession::previous()
{
    return goTo(m_row - 1);
}

Status ReviewSession::skip()
{
    if (auto run = currentRunId())
        m_skipped.insert(*run);
    const int row = m_items.nextToReview(m_row + 1, m_skipped);
    return row >= 0 && row != m_row ? goTo(row) : next();
}

void ReviewSession::setFlag(const QString &note)
{
    m_flag = note.trimmed();
}

int ReviewSession::toReviewCount() const
{
    int n = 0;
    for (const ItemRow &r : m_items.rows())
        n += r.status == ItemStatus::ToReview;
    return n;
}

Status ReviewSession::show(int row)
{
    m_row = row;
    m_errors.clear();
    m_flag.clear();
    m_rejectedAnswer.reset();
    if (row < 0) {
        m_item = {};
        m_presentation = {};
        m_runTree.clear();
        m_form.setRubric(m_queue.rubric);
        emit currentChanged();
        return Ok{};
    }
    const Uuid runId = m_items.rowAt(row).runId;
    auto item = m_store.cache().item(m_queue.id, runId);
    if (!item)
        return item.error();
    if (!*item)
        return Error{tr("The item is no longer in the local cache."), {}};
    m_item = **item;
    m_presentation = presentRun(m_item.run, m_item.childRuns);
    m_runTree.setRuns(m_item.run, m_item.childRuns);

    // The form starts from the draft, else from my latest answer (under the rubric it was made with).
    Rubric rubric = m_queue.rubric;
    QJsonObject values;
    auto answer = m_store.work().latestAnswerFor(m_queue.id, runId);
    if (!answer)
        return answer.error();
    if (*answer) {
        const LocalAnswer &a = **answer;
        values = a.annotation.values;
        m_errors = a.errors;
        if (a.state == AnswerState::NeedsAttention)
            m_rejectedAnswer = a.annotation.id; // fixing it resends the same answer
        m_flag = a.annotation.comment;
        if (a.annotation.rubricVersion != rubric.version) {
            auto older = m_store.cache().rubric(m_queue.id, a.annotation.rubricVersion);
            if (!older)
                return older.error();
            if (*older)
                rubric = **older;
        }
    }
    auto draft = m_store.work().draft(m_queue.id, runId);
    if (!draft)
        return draft.error();
    if (*draft)
        values = **draft;
    m_form.setRubric(rubric, values);
    m_pace.itemShown(Timestamp::now());
    emit currentChanged();
    return Ok{};
}

Status ReviewSession::saveDraft()
{
    if (m_row < 0 || !m_form.isDirty())
        return Ok{};
    if (Status saved = m_store.work().saveDraft(m_queue.id, m_item.runId, m_form.values()); !saved)
        return saved;
    m_form.markSaved();
    return Ok{};
}

SubmitResult ReviewSession::submit(const Uuid &runIdOnScreen, bool goOn)
{
    SubmitResult result;
    const std::optional<Uuid> current = currentRunId();
    if (!current)
        return result; // NoItem
    if (*current != runIdOnScreen) {
        result.kind = SubmitResult::Kind::WrongItem;
        return result;
    }
    result.report = m_form.attemptSubmit();
    if (!result.report.ok()) {
        result.kind = SubmitResult::Kind::Invalid;
        return result;
    }
    const Timestamp now = Timestamp::now();
    Annotation a;
    a.id = Uuid::v7();
    a.queueId = m_queue.id;
    a.runId = *current;
    a.rubricVersion = m_form.rubric().version;
    a.values = m_form.values();
    a.comment = m_flag;
    a.startedAt = m_pace.shownAt();
    a.submittedAt = now;
    PaceTracker pace = m_pace; // counted only once the answer is committed
    a.activeSeconds = pace.answerSaved(now);
    // A rejected answer is fixed in place (the server stored nothing under its id); otherwise a new one.
    const Status saved = m_rejectedAnswer ? m_store.work().resend(*m_rejectedAnswer, a.values, a.rubricVersion)
                                          : m_store.work().saveAnswer(a);
    if (!saved) {
        result.kind = SubmitResult::Kind::Failed;
        result.message = saved.error().message;
        return result;
    }
    m_pace = pace;
    m_form.markSaved();
    m_errors.clear();
    m_rejectedAnswer.reset();
    m_items.setStatus(*current, ItemStatus::Unsent);
    m_skipped.remove(*current);
    result.kind = SubmitResult::Kind::Saved;
    emit answerSaved(*current);
    if (goOn) {
        const int row = m_items.nextToReview(m_row + 1, m_skipped);
        if (row < 0)
            emit queueDone();
        else if (Status shown = show(row); !shown)
            result.message = shown.error().message; // saved all the same
    }
    return result;
}

} // namespace assay::client
