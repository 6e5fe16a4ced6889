#include "reviewpage.h"

#include "commands/commandregistry.h"
#include "commands/commands.h"
#include "models/rubricformmodel.h"
#include "review/reviewsession.h"
#include "rubricform.h"
#include "runview.h"
#include "tracedetails.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;
using client::ItemStatus;
using client::SubmitResult;

ReviewPage::ReviewPage(client::ReviewSession &session, CommandRegistry &commands, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_commands(commands)
    , m_title(new QLabel(this))
    , m_position(new QLabel(this))
    , m_state(new QLabel(this))
    , m_guide(new QLabel(this))
    , m_run(new RunView(this))
    , m_form(new RubricForm(session.form(), this))
    , m_message(new QLabel(this))
    , m_submit(new QPushButton(this))
    , m_submitNext(new QPushButton(this))
    , m_details(new TraceDetails(session.runTree(), this))
    , m_vertical(new QSplitter(Qt::Vertical, this))
{
    askFlagNote = [this](const QString &current) -> std::optional<QString> {
        bool ok = false;
        const QString note = QInputDialog::getText(this, tr("Flag for a lead"),
                                                   tr("What should a lead look at? (sent with your answer)"),
                                                   QLineEdit::Normal, current, &ok);
        return ok ? std::optional(note) : std::nullopt;
    };

    auto *page = new QVBoxLayout(this);
    page->setContentsMargins(12, 8, 12, 4);
    auto *header = new QHBoxLayout;
    m_title->setStyleSheet(u"font-size:15pt; font-weight:600;"_s);
    m_position->setStyleSheet(u"color:#4a5568;"_s);
    m_state->setStyleSheet(u"padding:2px 8px; border-radius:8px;"_s);
    header->addWidget(m_title);
    header->addSpacing(12);
    header->addWidget(m_position);
    header->addStretch();
    header->addWidget(m_state);
    page->addLayout(header);

    // Right: the guide, the form, what happened, the submit buttons.
    auto *right = new QWidget(this);
    auto *rightBox = new QVBoxLayout(right);
    rightBox->setContentsMargins(8, 0, 0, 0);
    m_guide->setWordWrap(true);
    m_guide->setTextFormat(Qt::PlainText);
    m_guide->setStyleSheet(u"background:#f7fafc; color:#2d3748; padding:8px; border-radius:6px;"_s);
    rightBox->addWidget(m_guide);
    rightBox->addWidget(m_form);
    m_message->setWordWrap(true);
    rightBox->addWidget(m_message);
    auto *buttons = new QHBoxLayout;
    m_submit->setFocusPolicy(Qt::NoFocus);
    m_submitNext->setFocusPolicy(Qt::NoFocus);
    m_submitNext->setDefault(true);
    buttons->addWidget(m_submit);
    buttons->addWidget(m_submitNext);
    rightBox->addLayout(buttons);
    rightBox->addStretch();
    auto *rightScroll = new QScrollArea(this);
    rightScroll->setWidget(right);
    rightScroll->setWidgetResizable(true);
    rightScroll->setFrameShape(QFrame::NoFrame);
    rightScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // wrap, never scroll sideways
    rightScroll->setMinimumWidth(400);

    auto *horizontal = new QSplitter(Qt::Horizontal, this);
    horizontal->addWidget(m_run);
    horizontal->addWidget(rightScroll);
    horizontal->setStretchFactor(0, 3);
    horizontal->setStretchFactor(1, 2);
    horizontal->setSizes({780, 520});
    m_vertical->addWidget(horizontal);
    m_vertical->addWidget(m_details);
    m_vertical->setStretchFactor(0, 3);
    m_vertical->setStretchFactor(1, 2);
    m_details->hide();
    page->addWidget(m_vertical, 1);

    auto on = [this](const char *id, auto handler) { m_commands.onTriggered(id, this, std::move(handler)); };
    on(cmd::Next, [this] { navigate(true); });
    on(cmd::Previous, [this] { navigate(false); });
    on(cmd::Submit, [this] { submit(false); });
    on(cmd::SubmitAndNext, [this] { submit(true); });
    on(cmd::Skip, [this] {
        if (Status s = m_session.skip(); !s)
            say(s.error().message, true);
    });
    on(cmd::Flag, [this] {
        if (!m_session.currentRunId())
            return;
        if (auto note = askFlagNote(m_session.flag())) {
            m_session.setFlag(*note);
            say(note->trimmed().isEmpty() ? tr("Flag removed.") : tr("Flagged: the note goes with your answer."));
        }
    });
    on(cmd::TraceDetails, [this] { m_details->setVisible(!m_details->isVisible()); });
    on(cmd::LeaveField, [this] { m_form->leaveTextField(); });
    on(cmd::BackToQueues, [this] {
        if (Status s = m_session.saveDraft(); !s)
            say(s.error().message, true);
        emit backToQueues();
    });
    for (int digit = 1; digit <= 9; ++digit)
        connect(m_commands.action(pickCommand(digit)), &QAction::triggered, this, [this, digit] {
            if (!m_form->pickOption(digit))
                say(tr("There is no option %1 here. Tab to a field with options first.").arg(digit), true);
        });
    connect(m_submit, &QPushButton::clicked, this, [this] { submit(false); });
    connect(m_submitNext, &QPushButton::clicked, this, [this] { submit(true); });
    connect(&m_session, &client::ReviewSession::currentChanged, this, &ReviewPage::showCurrent);
    connect(&m_session.items(), &QAbstractItemModel::dataChanged, this, &ReviewPage::showHeader);
    connect(&m_session, &client::ReviewSession::queueDone, this, [this] {
        say(tr("That was the last item to review in this queue. Well done."));
    });
    auto labelButtons = [this] { // with their current keys
        const auto keys = [this](const char *id) {
            return keysText(m_commands.action(id)->shortcuts().mid(0, 1));
        };
        m_submit->setText(tr("Submit (%1)").arg(keys(cmd::Submit)));
        m_submitNext->setText(tr("Submit and go on (%1)").arg(keys(cmd::SubmitAndNext)));
    };
    connect(&m_commands, &CommandRegistry::keysChanged, this, labelButtons);
    labelButtons();
    showCurrent();
}

void ReviewPage::setCommandsEnabled(bool enabled)
{
    for (const char *id : {cmd::Next, cmd::Previous, cmd::Submit, cmd::SubmitAndNext, cmd::Skip, cmd::Flag,
                           cmd::TraceDetails, cmd::LeaveField, cmd::BackToQueues})
        m_commands.action(id)->setEnabled(enabled);
    for (int digit = 1; digit <= 9; ++digit)
        m_commands.action(pickCommand(digit))->setEnabled(enabled);
}

QString ReviewPage::message() const
{
    return m_message->text();
}

void ReviewPage::say(const QString &text, bool problem)
{
    m_message->setStyleSheet(problem ? u"color:#c53030;"_s : u"color:#2f855a;"_s);
    m_message->setText(text);
}

void ReviewPage::navigate(bool forward)
{
    const Status moved = forward ? m_session.next() : m_session.previous();
    if (!moved)
        say(moved.error().message, true);
}

void ReviewPage::submit(bool goOn)
{
    const std::optional<Uuid> onScreen = m_session.currentRunId(); // the item the key was pressed on
    if (!onScreen)
        return;
    const SubmitResult r = m_session.submit(*onScreen, goOn);
    switch (r.kind) {
    case SubmitResult::Kind::Saved:
        if (!goOn)
            say(tr("Saved. It goes to the server with the next sync."));
        emit submitted();
        break;
    case SubmitResult::Kind::Invalid: {
        QStringList problems; // as the form shows them, under each field: its label and its problem
        const client::RubricFormModel &form = m_session.form();
        for (int row = 0; row < form.rowCount(); ++row) {
            const QString error = form.index(row).data(client::RubricFormModel::ErrorRole).toString();
            if (!error.isEmpty())
                problems.append(form.index(row).data(client::RubricFormModel::LabelRole).toString() + u' ' + error);
        }
        if (problems.isEmpty()) // a problem of the whole answer rather than of one field
            for (const ValidationIssue &e : r.report.errors)
                problems.append(e.toString());
        say(tr("Not submitted: %1.").arg(problems.join(u"; "_s)), true);
        break;
    }
    case SubmitResult::Kind::WrongItem:
        say(tr("Another item came on screen before the key was handled; nothing was submitted."), true);
        break;
    case SubmitResult::Kind::NoItem:
        break;
    case SubmitResult::Kind::Failed:
        say(tr("Could not save your answer on this computer: %1").arg(r.message), true);
        break;
    }
}

void ReviewPage::showHeader()
{
    const int total = m_session.items().rowCount();
    m_title->setText(m_session.queue().name);
    m_position->setText(m_session.currentRow() < 0
                            ? tr("%n to review", nullptr, m_session.toReviewCount())
                            : tr("Item %1 of %2 · %3").arg(m_session.currentRow() + 1).arg(total)
                                  .arg(tr("%n to review", nullptr, m_session.toReviewCount())));
    QString state;
    QString colour = u"#e2e8f0"_s;
    switch (m_session.currentStatus()) {
    case ItemStatus::ToReview:
        state = tr("To review");
        colour = u"#bee3f8"_s;
        break;
    case ItemStatus::Unsent:
        state = tr("Answered · waiting to be sent");
        colour = u"#fefcbf"_s;
        break;
    case ItemStatus::Answered:
        state = tr("Answered");
        colour = u"#c6f6d5"_s;
        break;
    case ItemStatus::NeedsAttention:
        state = tr("Needs attention");
        colour = u"#fed7d7"_s;
        break;
    case ItemStatus::Expired:
        state = tr("Lease expired · an answer is still sent");
        break;
    case ItemStatus::Removed:
        state = tr("Removed from the queue · an answer is still sent");
        break;
    }
    m_state->setVisible(m_session.currentRow() >= 0);
    m_state->setText(state);
    m_state->setStyleSheet(u"padding:2px 8px; border-radius:8px; background:%1;"_s.arg(colour));
}

void ReviewPage::showCurrent()
{
    showHeader();
    m_guide->setText(m_session.queue().guide.isEmpty() ? tr("No reviewer guide for this queue.")
                                                       : m_session.queue().guide);
    m_message->clear();
    if (m_session.currentRow() < 0) {
        m_run->clearRun(tr("Nothing checked out in this queue yet. Sync (F5), or take items offline (Ctrl+O)."));
        return;
    }
    m_run->showRun(m_session.presentation(), m_session.currentItem().reason);
    if (!m_session.currentErrors().isEmpty())
        say(tr("The server did not take your answer: %1. Fix it and submit again.")
                .arg(m_session.currentErrors().join(u"; "_s)),
            true);
    else if (m_session.rubricIsOlder())
        say(tr("You answered this under an older version of the rubric; that version is shown."));
    // A new item starts at its first field (even when the last one ended in the note); the same item
    // shown again after a sync keeps the focus where the reviewer is typing.
    const std::optional<Uuid> shown = m_session.currentRunId();
    if (shown != m_shownRun || !m_form->isTyping())
        m_form->focusField(0);
    m_shownRun = shown;
}

} // namespace assay::app
