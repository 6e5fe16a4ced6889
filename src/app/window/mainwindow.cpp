#include "mainwindow.h"

#include "commands/commandregistry.h"
#include "commands/commands.h"
#include "dialogs/attentiondialog.h"
#include "dialogs/offlinedialog.h"
#include "dialogs/shortcutsdialog.h"
#include "lead/leadarea.h"
#include "queues/queuelistpage.h"
#include "review/reviewpage.h"
#include "session/clientsession.h"
#include "store/readiness.h"
#include "syncstatus.h"
#include "traces/tracespage.h"

#include "api/connectioncheck.h"

#include <QCloseEvent>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>

namespace assay::app {

using namespace Qt::StringLiterals;
using client::SyncEngine;

MainWindow::MainWindow(client::ClientSession &session, CommandRegistry &commands, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_commands(commands)
    , m_pages(new QStackedWidget(this))
    , m_queues(new QueueListPage(session.queues(), this))
    , m_review(new ReviewPage(session.review(), commands, this))
    , m_status(new SyncStatus(session, this))
{
    setWindowTitle(tr("Assay — %1").arg(session.api().baseUrl().host()));
    resize(1280, 820);
    m_pages->addWidget(m_queues);
    m_pages->addWidget(m_review);
    setCentralWidget(m_pages);
    statusBar()->addPermanentWidget(m_status);
    statusBar()->setSizeGripEnabled(false);
    buildMenus();

    confirmQuit = [this](const QString &question) {
        return QMessageBox::question(this, tr("Quit Assay?"), question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };

    connect(m_queues, &QueueListPage::openQueue, this, &MainWindow::openQueue);
    connect(m_review, &ReviewPage::backToQueues, this, &MainWindow::showQueues);
    connect(&m_session, &client::ClientSession::problem, this, &MainWindow::say);
    connect(&m_session.sync(), &SyncEngine::offlineBatchFinished, this,
            [this](const Uuid &, int checkedOut, bool ok) {
                say(ok ? tr("%n item(s) checked out: you can review them offline now.", nullptr, checkedOut)
                       : tr("Checking out stopped after %n item(s): %1", nullptr, checkedOut)
                             .arg(m_session.sync().lastError()));
            });
    connect(&m_session.sync(), &SyncEngine::stateChanged, this, [this](SyncEngine::State s) {
        if (s == SyncEngine::State::NeedsSignIn)
            say(tr("The server refused your API key. Connect again with a valid key (%1).")
                    .arg(keysText(m_commands.action(cmd::Connect)->shortcuts())));
    });
    showQueues();
    // The lead's pages are offered to admin and member keys; the server refuses them to the others anyway.
    client::ConnectionCheck::run(m_session.api(), [this](const client::ConnectionVerdict &verdict) {
        if (verdict.ok)
            offerLeadPages(verdict.role);
    });
}

void MainWindow::offerLeadPages(const QString &role)
{
    m_role = role;
    const bool lead = role == u"admin" || role == u"member";
    m_commands.action(cmd::Traces)->setEnabled(lead);
    m_commands.action(cmd::AddToQueue)->setEnabled(lead);
    m_leadMenu->menuAction()->setVisible(lead);
}

TracesPage *MainWindow::tracesPage() const
{
    return m_lead ? m_lead->traces() : nullptr;
}

void MainWindow::showTraces()
{
    if (!m_lead) {
        m_lead = new LeadArea(m_session.api(), m_role == u"admin", this);
        m_pages->addWidget(m_lead);
    }
    // The review commands are single keys: off while a filter is typed.
    m_review->setCommandsEnabled(false);
    m_commands.action(cmd::OpenQueue)->setEnabled(false);
    m_pages->setCurrentWidget(m_lead);
    m_lead->setCurrentWidget(m_lead->traces());
    m_lead->traces()->filter()->setFocus();
}

void MainWindow::buildMenus()
{
    auto add = [this](QMenu *menu, const char *id) { menu->addAction(m_commands.action(id)); };
    QMenu *file = menuBar()->addMenu(tr("&File"));
    add(file, cmd::Connect);
    file->addSeparator();
    add(file, cmd::TakeOffline);
    add(file, cmd::SyncNow);
    add(file, cmd::NeedsAttention);
    file->addSeparator();
    add(file, cmd::Quit);

    QMenu *review = menuBar()->addMenu(tr("&Review"));
    add(review, cmd::OpenQueue);
    add(review, cmd::Next);
    add(review, cmd::Previous);
    review->addSeparator();
    add(review, cmd::Submit);
    add(review, cmd::SubmitAndNext);
    add(review, cmd::Skip);
    add(review, cmd::Flag);
    review->addSeparator();
    add(review, cmd::TraceDetails);
    add(review, cmd::LeaveField);
    add(review, cmd::BackToQueues);
    QMenu *pick = review->addMenu(tr("&Pick an option"));
    for (int digit = 1; digit <= 9; ++digit)
        pick->addAction(m_commands.action(pickCommand(digit)));

    m_leadMenu = menuBar()->addMenu(tr("&Lead"));
    add(m_leadMenu, cmd::Traces);
    add(m_leadMenu, cmd::AddToQueue);
    m_commands.action(cmd::AddToQueue)->setEnabled(false);
    m_leadMenu->menuAction()->setVisible(false);
    m_commands.action(cmd::Traces)->setEnabled(false);

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    add(settings, cmd::Shortcuts);
    m_help = menuBar()->addMenu(tr("&Help"));
    add(m_help, cmd::ShortcutSheet);

    auto on = [this](const char *id, auto handler) { m_commands.onTriggered(id, this, std::move(handler)); };
    on(cmd::OpenQueue, [this] {
        if (auto q = m_queues->selectedQueue())
            openQueue(*q);
    });
    on(cmd::TakeOffline, [this] { takeOffline(); });
    on(cmd::SyncNow, [this] {
        m_session.sync().syncNow();
        say(tr("Syncing…"));
    });
    on(cmd::NeedsAttention, [this] { showAttention(); });
    on(cmd::Connect, [this] { emit connectRequested(); });
    on(cmd::Shortcuts, [this] { ShortcutsDialog(m_commands, this).exec(); });
    on(cmd::ShortcutSheet, [this] { ShortcutSheet(m_commands, this).exec(); });
    on(cmd::Quit, [this] { close(); });
    on(cmd::AddToQueue, [this] {
        if (m_lead && m_pages->currentWidget() == m_lead && m_lead->currentWidget() == m_lead->traces())
            m_lead->traces()->addToQueue();
    });
    on(cmd::Traces, [this] {
        if (m_lead && m_pages->currentWidget() == m_lead)
            showQueues();
        else
            showTraces();
    });
}

void MainWindow::setLocalServer(const QUrl &apiRoot, const QByteArray &adminKey)
{
    setWindowTitle(tr("Assay — local mode"));
    QAction *about = m_help->addAction(tr("The &local server…"));
    connect(about, &QAction::triggered, this, [this, apiRoot, adminKey] {
        QMessageBox box(
            QMessageBox::Information, tr("The local server"),
            tr("A server runs inside Assay while it is open. Send it traces with the LangSmith SDK:"),
            QMessageBox::Close, this);
        box.setInformativeText(u"export LANGSMITH_ENDPOINT=%1\nexport LANGSMITH_API_KEY=%2"_s.arg(
            apiRoot.toString(), QString::fromLatin1(adminKey)));
        box.setTextInteractionFlags(Qt::TextSelectableByMouse);
        box.exec();
    });
}

bool MainWindow::reviewing() const
{
    return m_pages->currentWidget() == m_review;
}

void MainWindow::openQueue(const Uuid &queueId)
{
    if (Status opened = m_session.review().open(queueId); !opened) {
        say(opened.error().message);
        return;
    }
    m_pages->setCurrentWidget(m_review);
    m_review->setCommandsEnabled(true);
    m_commands.action(cmd::OpenQueue)->setEnabled(false);
}

void MainWindow::showQueues()
{
    m_review->setCommandsEnabled(false);
    m_commands.action(cmd::OpenQueue)->setEnabled(true);
    (void)m_session.queues().reload();
    m_pages->setCurrentWidget(m_queues);
    m_queues->list()->setFocus();
}

void MainWindow::takeOffline()
{
    std::optional<Uuid> queue =
        reviewing() ? std::optional(m_session.review().queue().id) : m_queues->selectedQueue();
    if (!queue) {
        say(tr("Pick a queue first."));
        return;
    }
    auto cached = m_session.store().cache().queue(*queue);
    const QString name = cached && *cached ? (*cached)->name : queue->toString();
    auto ready = client::readyCount(m_session.store(), *queue, Timestamp::now());
    OfflineDialog dialog(name, ready ? *ready : 0, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_session.sync().takeOffline(*queue, dialog.items(), dialog.leaseMinutes());
    say(tr("Checking out %n item(s)…", nullptr, dialog.items()));
}

void MainWindow::showAttention()
{
    AttentionDialog dialog(m_session.store(), this);
    connect(&dialog, &AttentionDialog::openItem, this, [this](const Uuid &queueId, const Uuid &runId) {
        openQueue(queueId);
        if (Status shown = m_session.review().showItem(queueId, runId); !shown)
            say(shown.error().message);
    });
    dialog.exec();
}

void MainWindow::say(const QString &text)
{
    statusBar()->showMessage(text, 8000);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    (void)m_session.review().saveDraft();
    const qint64 unsent = m_session.unsentCount();
    if (unsent > 0 &&
        !confirmQuit(tr("%n answer(s) have not reached the server yet. They stay saved on this computer and "
                        "are sent the next time you open Assay online. Quit now?",
                        nullptr, int(unsent)))) {
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace assay::app
