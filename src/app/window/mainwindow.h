#pragma once

// The reviewer's window: the queue list, the review screen, the lead's pages for admin and member keys, the
// menus (every command with its key) and the status bar. It wires commands to the session and opens the
// dialogs; the work happens in ClientSession and ReviewSession.

#include "core/uuid.h"

#include <QMainWindow>
#include <QUrl>

#include <functional>

class QStackedWidget;

namespace assay::client {
class ClientSession;
}

namespace assay::app {

class CommandRegistry;
class QueueListPage;
class ReviewPage;
class SyncStatus;
class LeadArea;
class TracesPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(client::ClientSession &session, CommandRegistry &commands, QWidget *parent = nullptr);

    QueueListPage *queuePage() const { return m_queues; }
    ReviewPage *reviewPage() const { return m_review; }
    SyncStatus *syncStatus() const { return m_status; }
    bool reviewing() const;

    void openQueue(const Uuid &queueId);
    void showQueues();
    // The lead's pages (admin and member keys: enabled once the server has said the key's role), at
    // the traces page.
    void showTraces();
    TracesPage *tracesPage() const;
    LeadArea *leadArea() const { return m_lead; }
    // Local mode: Help tells how to send the server inside the app traces with the LangSmith SDK.
    void setLocalServer(const QUrl &apiRoot, const QByteArray &adminKey);

    // Asked before quitting with unsent answers; true quits. Replaceable in tests.
    std::function<bool(const QString &question)> confirmQuit;

signals:
    void connectRequested(); // the reviewer wants another server (or a new key)

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void offerLeadPages(const QString &role);
    void takeOffline();
    void showAttention();
    void say(const QString &text);

    client::ClientSession &m_session;
    CommandRegistry &m_commands;
    QStackedWidget *m_pages;
    QueueListPage *m_queues;
    ReviewPage *m_review;
    SyncStatus *m_status;
    LeadArea *m_lead = nullptr; // made when first shown
    QString m_role;             // the key's role, once the server said it
    QMenu *m_help = nullptr;
    QMenu *m_leadMenu = nullptr;
};

} // namespace assay::app
