#include "peoplepage.h"

#include "invitedialog.h"

#include "lead/masterdetail.h"

#include "people/peopleadmin.h"
#include "people/userlistmodel.h"
#include "queueeditor/leadqueuelistmodel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

PeoplePage::PeoplePage(client::ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_users(new client::UserListModel(api, this))
    , m_queues(new client::LeadQueueListModel(api, this))
    , m_list(new QListView(this))
    , m_person(new QLabel(this))
    , m_queueList(new QListWidget(this))
    , m_disable(new QPushButton(tr("&Disable…"), this))
    , m_rotate(new QPushButton(tr("&Rotate key…"), this))
    , m_status(new QLabel(this))
{
    m_list->setModel(m_users);
    m_person->setWordWrap(true);
    auto *inviteButton = new QPushButton(tr("&Invite…"), this);
    inviteButton->setToolTip(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText));

    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_person);
    auto *queuesTitle = new QLabel(tr("&Queues they review (Space assigns or unassigns):"), this);
    queuesTitle->setBuddy(m_queueList);
    detailsLayout->addWidget(queuesTitle);
    detailsLayout->addWidget(m_queueList, 1);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_disable);
    actions->addWidget(m_rotate);
    actions->addStretch();
    detailsLayout->addLayout(actions);
    layOutMasterDetail(this, tr("&People:"), m_list, {inviteButton}, details, m_status);

    confirm = [this](const QString &question) {
        return QMessageBox::question(this, tr("People"), question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
    showNewKey = [this](const client::Invitation &invitation) { showInvitationOnce(invitation, this); };
    connect(inviteButton, &QPushButton::clicked, this, &PeoplePage::invite);
    connect(new QShortcut(QKeySequence::New, this), &QShortcut::activated, this, &PeoplePage::invite);
    connect(m_disable, &QPushButton::clicked, this, &PeoplePage::toggleDisabled);
    connect(m_rotate, &QPushButton::clicked, this, &PeoplePage::rotateKey);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &PeoplePage::personChanged);
    connect(m_users, &client::UserListModel::loaded, this, [this] {
        if (!m_list->currentIndex().isValid() && m_users->rowCount() > 0)
            m_list->setCurrentIndex(m_users->index(0));
        personChanged();
    });
    connect(m_users, &client::UserListModel::failed, m_status, &QLabel::setText);
    connect(m_queues, &client::LeadQueueListModel::loaded, this, &PeoplePage::personChanged);
    connect(m_queueList, &QListWidget::itemChanged, this,
            [this](QListWidgetItem *item) { assignmentToggled(m_queueList->row(item)); });
    personChanged();
}

void PeoplePage::refresh()
{
    m_users->reload();
    m_queues->reload();
}

std::optional<Uuid> PeoplePage::currentUser() const
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    return m_users->rowAt(current.row()).id;
}

void PeoplePage::personChanged()
{
    const auto user = currentUser();
    m_filling = true;
    m_queueList->clear();
    m_filling = false;
    m_disable->setEnabled(bool(user));
    m_rotate->setEnabled(bool(user));
    if (!user) {
        m_person->setText(tr("Invite the first reviewer with Invite…"));
        return;
    }
    const client::UserRow row = m_users->rowAt(m_list->currentIndex().row());
    const bool disabled = !row.disabledAt.isEmpty();
    m_disable->setText(disabled ? tr("&Enable") : tr("&Disable…"));
    m_person->setText(u"<b>%1</b> — %2%3<br>%4"_s.arg(
        row.name.toHtmlEscaped(), client::roleText(row.role),
        disabled ? tr(", disabled since %1").arg(row.disabledAt) : QString(), row.email.toHtmlEscaped()));
    const bool reviewer = row.role == u"reviewer";
    m_queueList->setEnabled(reviewer && !disabled);
    if (!reviewer) {
        m_queueList->addItem(tr("Members and admins review every queue."));
        return;
    }
    QList<Uuid> queueIds;
    for (const client::LeadQueueRow &q : m_queues->rows())
        queueIds.append(q.id);
    const quint64 generation = ++m_generation;
    client::assignedQueues(m_api, *user, queueIds, [this, generation](Result<QSet<Uuid>> assigned) {
        if (generation != m_generation)
            return;
        if (!assigned) {
            m_status->setText(assigned.error().message);
            return;
        }
        m_filling = true;
        m_queueList->clear();
        for (const client::LeadQueueRow &q : m_queues->rows()) {
            auto *item = new QListWidgetItem(q.name, m_queueList);
            item->setData(Qt::UserRole, q.id.toString());
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(assigned->contains(q.id) ? Qt::Checked : Qt::Unchecked);
        }
        m_filling = false;
        emit assignmentsLoaded();
    });
}

void PeoplePage::assignmentToggled(int row)
{
    const auto user = currentUser();
    if (m_filling || !user || row < 0)
        return;
    QListWidgetItem *item = m_queueList->item(row);
    const bool assign = item->checkState() == Qt::Checked;
    const QString queueName = item->text();
    const QString person = m_users->rowAt(m_list->currentIndex().row()).name;
    if (!assign && !confirm(tr("Unassign %1 from “%2”? Their answers stay; they stop seeing the queue.")
                                .arg(person, queueName))) {
        m_filling = true;
        item->setCheckState(Qt::Checked);
        m_filling = false;
        return;
    }
    client::setAssigned(m_api, *Uuid::parse(item->data(Qt::UserRole).toString()), *user, assign,
                        [this, assign, person, queueName](Status s) {
                            m_status->setText(!s ? s.error().message
                                              : assign
                                                  ? tr("%1 now reviews “%2”.").arg(person, queueName)
                                                  : tr("%1 no longer reviews “%2”.").arg(person, queueName));
                        });
}

void PeoplePage::invite()
{
    InviteDialog dialog(m_api, this);
    connect(&dialog, &InviteDialog::invitedPerson, m_users, &client::UserListModel::reload);
    if (onInvite)
        onInvite(dialog);
    else
        dialog.exec();
    if (dialog.invited())
        m_status->setText(tr("%1 is invited.").arg(dialog.invitation().name));
}

void PeoplePage::toggleDisabled()
{
    const auto user = currentUser();
    if (!user)
        return;
    const client::UserRow row = m_users->rowAt(m_list->currentIndex().row());
    const bool disable = row.disabledAt.isEmpty();
    if (disable &&
        !confirm(
            tr("Disable %1? Every key of theirs stops working at once; their answers stay.").arg(row.name)))
        return;
    client::setDisabled(m_api, *user, disable, [this, row, disable](Status s) {
        m_status->setText(!s        ? s.error().message
                          : disable ? tr("%1 is disabled.").arg(row.name)
                                    : tr("%1 is enabled again.").arg(row.name));
        m_users->reload();
    });
}

void PeoplePage::rotateKey()
{
    const auto user = currentUser();
    if (!user)
        return;
    const QString name = m_users->rowAt(m_list->currentIndex().row()).name;
    if (!confirm(
            tr("Give %1 a new key? Their current keys stop working at once; they connect again with the new "
               "invitation.")
                .arg(name)))
        return;
    client::rotateKey(m_api, *user, [this, name](Result<client::Invitation> invitation) {
        if (!invitation) {
            m_status->setText(invitation.error().message);
            return;
        }
        m_status->setText(tr("%1 has a new key; the old ones are revoked.").arg(name));
        showNewKey(*invitation);
    });
}

} // namespace assay::app
