#include "invitedialog.h"

#include "people/peopleadmin.h"
#include "people/userlistmodel.h"
#include "queueeditor/leadqueuelistmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

namespace {

QString defaultFileName(const client::Invitation &invitation)
{
    QString stem = invitation.name.toLower();
    stem.replace(QRegularExpression(u"[^a-z0-9]+"_s), u"-"_s);
    return u"%1.%2"_s.arg(stem.isEmpty() ? u"invitation"_s : stem,
                          QString::fromLatin1(client::kInvitationSuffix));
}

bool writeInvitation(const client::Invitation &invitation, const QString &path, QString *why)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *why = file.errorString();
        return false;
    }
    // It holds a secret: readable by its owner only.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(client::invitationText(invitation));
    if (!file.commit()) {
        *why = file.errorString();
        return false;
    }
    return true;
}

// Writes the invitation to `path` and says how it went under the dialog.
bool saveAndSay(const client::Invitation &invitation, const QString &path, QLabel *verdict)
{
    QString why;
    const bool ok = writeInvitation(invitation, path, &why);
    verdict->setText(ok ? QCoreApplication::translate("InviteDialog", "Saved to %1.").arg(path) : why);
    return ok;
}

// The invitation's text with "Save as file…" and "Copy" buttons, and the warning that it is shown once.
QWidget *invitationPanel(const client::Invitation &invitation, QWidget *parent, QLabel *verdict)
{
    auto *panel = new QWidget(parent);
    auto *text = new QPlainTextEdit(QString::fromUtf8(client::invitationText(invitation)), panel);
    text->setReadOnly(true);
    auto *intro =
        new QLabel(QCoreApplication::translate(
                       "InviteDialog",
                       "Send this invitation to %1 over a private channel. It holds their API key, which "
                       "is shown only now: they open it with Assay (drop the file on the connect window, "
                       "paste the text there, or run assay --invitation FILE).")
                       .arg(invitation.name),
                   panel);
    intro->setWordWrap(true);
    auto *save = new QPushButton(QCoreApplication::translate("InviteDialog", "&Save as file…"), panel);
    auto *copy = new QPushButton(QCoreApplication::translate("InviteDialog", "&Copy"), panel);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(save);
    buttons->addWidget(copy);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(intro);
    layout->addWidget(text, 1);
    layout->addLayout(buttons);
    QObject::connect(copy, &QPushButton::clicked, panel, [invitation, verdict] {
        QApplication::clipboard()->setText(QString::fromUtf8(client::invitationText(invitation)));
        verdict->setText(QCoreApplication::translate("InviteDialog", "Copied."));
    });
    QObject::connect(save, &QPushButton::clicked, panel, [invitation, verdict, panel] {
        const QString path = QFileDialog::getSaveFileName(
            panel, QCoreApplication::translate("InviteDialog", "Save invitation"),
            defaultFileName(invitation),
            QCoreApplication::translate("InviteDialog", "Assay invitations (*.%1)")
                .arg(QString::fromLatin1(client::kInvitationSuffix)));
        if (!path.isEmpty())
            saveAndSay(invitation, path, verdict);
    });
    return panel;
}

} // namespace

InviteDialog::InviteDialog(client::ApiClient &api, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_queues(new client::LeadQueueListModel(api, this))
    , m_steps(new QStackedWidget(this))
    , m_name(new QLineEdit(this))
    , m_email(new QLineEdit(this))
    , m_role(new QComboBox(this))
    , m_queueList(new QListWidget(this))
    , m_invite(new QPushButton(tr("&Invite"), this))
    , m_verdict(new QLabel(this))
{
    setWindowTitle(tr("Invite someone"));
    resize(560, 480);
    m_role->addItem(client::roleText(u"reviewer"_s), u"reviewer"_s);
    m_role->addItem(client::roleText(u"member"_s), u"member"_s);
    m_role->addItem(client::roleText(u"admin"_s), u"admin"_s);
    m_role->setToolTip(
        tr("Reviewers see only the queues they are assigned; members and admins see every queue."));
    m_email->setPlaceholderText(tr("optional"));
    m_verdict->setWordWrap(true);

    auto *ask = new QWidget(this);
    auto *form = new QFormLayout(ask);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Email:"), m_email);
    form->addRow(tr("&Role:"), m_role);
    form->addRow(tr("&Queues they review:"), m_queueList);
    m_steps->addWidget(ask);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_invite, QDialogButtonBox::AcceptRole);
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_verdict);
    layout->addWidget(buttons);

    connect(m_invite, &QPushButton::clicked, this, &InviteDialog::invite);
    connect(close, &QPushButton::clicked, this, [this] { done(invited() ? Accepted : Rejected); });
    connect(m_role, &QComboBox::currentIndexChanged, this,
            [this] { m_queueList->setEnabled(m_role->currentData().toString() == u"reviewer"); });
    connect(m_queues, &client::LeadQueueListModel::loaded, this, [this] {
        m_queueList->clear();
        for (const client::LeadQueueRow &q : m_queues->rows()) {
            auto *item = new QListWidgetItem(q.name, m_queueList);
            item->setData(Qt::UserRole, q.id.toString());
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
        }
    });
    m_queues->reload();
}

void InviteDialog::invite()
{
    if (m_name->text().trimmed().isEmpty()) {
        m_verdict->setText(tr("Enter their name."));
        return;
    }
    QList<Uuid> queues;
    if (m_queueList->isEnabled())
        for (int i = 0; i < m_queueList->count(); ++i)
            if (m_queueList->item(i)->checkState() == Qt::Checked)
                queues.append(*Uuid::parse(m_queueList->item(i)->data(Qt::UserRole).toString()));
    m_invite->setEnabled(false);
    m_verdict->setText(tr("Inviting…"));
    client::invitePerson(m_api, m_name->text(), m_email->text(), m_role->currentData().toString(), queues,
                         [this](Result<client::Invited> invited) {
                             if (!invited) {
                                 m_invite->setEnabled(true);
                                 m_verdict->setText(invited.error().message);
                                 return;
                             }
                             m_invitation = invited->invitation;
                             showInvitation();
                             emit invitedPerson();
                         });
}

void InviteDialog::showInvitation()
{
    m_invite->hide();
    m_verdict->clear();
    m_steps->addWidget(invitationPanel(m_invitation, this, m_verdict));
    m_steps->setCurrentIndex(1);
}

bool InviteDialog::saveInvitation(const QString &path)
{
    return saveAndSay(m_invitation, path, m_verdict);
}

void showInvitationOnce(const client::Invitation &invitation, QWidget *parent)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QCoreApplication::translate("InviteDialog", "New key for %1").arg(invitation.name));
    dialog.resize(560, 420);
    auto *verdict = new QLabel(&dialog);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(invitationPanel(invitation, &dialog, verdict), 1);
    layout->addWidget(verdict);
    layout->addWidget(buttons);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::accept);
    dialog.exec();
}

} // namespace assay::app
