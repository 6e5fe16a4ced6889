#pragma once

// Invite someone: their name, email, role (a reviewer, usually) and the queues they review. Once the
// server has made the user and their key, the dialog shows the invitation once — the key is never shown
// again — to save as a file (`assay --invitation FILE`, or dropped on the connect dialog) or copy as
// text to paste into it.

#include "people/invitation.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace assay::client {
class ApiClient;
class LeadQueueListModel;
} // namespace assay::client

namespace assay::app {

class InviteDialog : public QDialog {
    Q_OBJECT
public:
    explicit InviteDialog(client::ApiClient &api, QWidget *parent = nullptr);

    QLineEdit *name() const { return m_name; }
    QLineEdit *email() const { return m_email; }
    QComboBox *role() const { return m_role; }
    QListWidget *queues() const { return m_queueList; }
    QPushButton *inviteButton() const { return m_invite; }
    QLabel *verdict() const { return m_verdict; }
    // Once invited: the invitation (with the key) and where it was saved, if it was.
    const client::Invitation &invitation() const { return m_invitation; }
    bool invited() const { return !m_invitation.key.isEmpty(); }
    // Writes the invitation to a file; false with the reason in the verdict.
    bool saveInvitation(const QString &path);

signals:
    void invitedPerson();

private:
    void invite();
    void showInvitation();

    client::ApiClient &m_api;
    client::LeadQueueListModel *m_queues;
    QStackedWidget *m_steps;
    QLineEdit *m_name;
    QLineEdit *m_email;
    QComboBox *m_role;
    QListWidget *m_queueList;
    QPushButton *m_invite;
    QLabel *m_verdict;
    client::Invitation m_invitation;
};

// Shows a new key's invitation (after rotating a key): save as a file or copy; shown once.
void showInvitationOnce(const client::Invitation &invitation, QWidget *parent);

} // namespace assay::app
