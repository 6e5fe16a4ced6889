#pragma once

// People (admin keys only): everyone with their role and state; invite someone (Ctrl+N); for the chosen
// person, the queues they review (checked: assigned to that queue only, as the seed's queue-specific
// reviewers; members and admins review every queue as project members), disable or enable them, and
// rotate their key (a new key in an invitation, the old ones revoked). Destructive actions ask first;
// each is in the audit log.

#include "core/uuid.h"

#include <QWidget>

#include <functional>

class QLabel;
class QListView;
class QListWidget;
class QPushButton;

namespace assay::client {
class ApiClient;
class LeadQueueListModel;
class UserListModel;
struct Invitation;
} // namespace assay::client

namespace assay::app {

class InviteDialog;

class PeoplePage : public QWidget {
    Q_OBJECT
public:
    explicit PeoplePage(client::ApiClient &api, QWidget *parent = nullptr);

    void refresh();
    QListView *list() const { return m_list; }
    QListWidget *queues() const { return m_queueList; }
    client::UserListModel &users() const { return *m_users; }
    QLabel *status() const { return m_status; }

    void invite();
    void toggleDisabled();
    void rotateKey();
    // Tests drive the dialogs: the invite dialog (instead of showing it), the question asked before a
    // destructive action (true = yes), and the new key's invitation after a rotation.
    std::function<void(InviteDialog &)> onInvite;
    std::function<bool(const QString &question)> confirm;
    std::function<void(const client::Invitation &)> showNewKey;

signals:
    void assignmentsLoaded();

private:
    void personChanged();
    void assignmentToggled(int row);
    std::optional<Uuid> currentUser() const;

    client::ApiClient &m_api;
    client::UserListModel *m_users;
    client::LeadQueueListModel *m_queues;
    QListView *m_list;
    QLabel *m_person;
    QListWidget *m_queueList;
    QPushButton *m_disable;
    QPushButton *m_rotate;
    QLabel *m_status;
    bool m_filling = false;
    quint64 m_generation = 0;
};

} // namespace assay::app
