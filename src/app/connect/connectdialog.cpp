#include "connectdialog.h"

#include "api/connectioncheck.h"
#include "people/invitation.h"
#include "profiles.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

ConnectDialog::ConnectDialog(const QStringList &rememberedAddresses, QWidget *parent)
    : QDialog(parent)
    , m_address(new QComboBox(this))
    , m_key(new QLineEdit(this))
    , m_verdict(new QLabel(this))
    , m_test(new QPushButton(tr("&Test connection"), this))
    , m_connect(new QPushButton(tr("&Connect"), this))
{
    setWindowTitle(tr("Connect to Assay"));
    setMinimumWidth(520);
    auto *layout = new QVBoxLayout(this);
    auto *intro =
        new QLabel(tr("Enter the address of your team's Assay server and the API key your admin gave "
                      "you. The key is kept in your system's keychain."),
                   this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_address->setEditable(true);
    m_address->addItems(rememberedAddresses);
    m_address->lineEdit()->setPlaceholderText(u"https://review.example.com"_s);
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("assay_…"));
    form->addRow(tr("Server address:"), m_address);
    form->addRow(tr("API key:"), m_key);
    layout->addLayout(form);
    m_verdict->setWordWrap(true);
    m_verdict->setMinimumHeight(40);
    layout->addWidget(m_verdict);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_test, QDialogButtonBox::ActionRole);
    QPushButton *paste = buttons->addButton(tr("Paste &invitation"), QDialogButtonBox::ActionRole);
    paste->setToolTip(
        tr("Fill in the address and key from the invitation you were sent (or drop its file here)"));
    connect(paste, &QPushButton::clicked, this,
            [this] { applyInvitation(QApplication::clipboard()->text().toUtf8()); });
    setAcceptDrops(true);
    // An invitation pasted into either box fills both.
    const auto pastedInvitation = [this](const QString &text) {
        if (text.trimmed().startsWith(u'{'))
            applyInvitation(text.toUtf8());
    };
    connect(m_key, &QLineEdit::textChanged, this, pastedInvitation);
    connect(m_address, &QComboBox::editTextChanged, this, pastedInvitation);
    QPushButton *local = buttons->addButton(tr("Use &local mode"), QDialogButtonBox::ActionRole);
    local->setToolTip(tr("Run a server on this computer, for a single reviewer or to try Assay out."));
    buttons->addButton(m_connect, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    m_connect->setDefault(true);
    layout->addWidget(buttons);
    connect(m_test, &QPushButton::clicked, this, [this] { test(); });
    connect(local, &QPushButton::clicked, this, [this] { done(LocalMode); });
    connect(m_connect, &QPushButton::clicked, this, &ConnectDialog::connectIfGood);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

ConnectDialog::~ConnectDialog() = default;

QUrl ConnectDialog::apiRoot() const
{
    return Profiles::apiRoot(m_address->currentText());
}

QByteArray ConnectDialog::apiKey() const
{
    return m_key->text().trimmed().toUtf8();
}

void ConnectDialog::setAddress(const QString &address)
{
    m_address->setCurrentText(address);
}

void ConnectDialog::setApiKey(const QByteArray &key)
{
    m_key->setText(QString::fromUtf8(key));
}

bool ConnectDialog::applyInvitation(const QByteArray &text)
{
    auto invitation = client::parseInvitation(text);
    if (!invitation) {
        m_verdict->setStyleSheet(u"color:#c53030;"_s);
        m_verdict->setText(invitation.error().message);
        return false;
    }
    m_address->setCurrentText(invitation->server);
    m_key->setText(QString::fromUtf8(invitation->key));
    m_verdict->setStyleSheet({});
    m_verdict->setText(
        invitation->name.isEmpty()
            ? tr("Invitation read: press Connect.")
            : tr("Welcome, %1: your invitation is read. Press Connect.").arg(invitation->name));
    return true;
}

void ConnectDialog::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasText())
        event->acceptProposedAction();
}

void ConnectDialog::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    QByteArray text;
    if (mime->hasUrls() && mime->urls().constFirst().isLocalFile()) {
        QFile file(mime->urls().constFirst().toLocalFile());
        if (file.size() < 64 * 1024 && file.open(QIODevice::ReadOnly))
            text = file.readAll();
    } else if (mime->hasText()) {
        text = mime->text().toUtf8();
    }
    applyInvitation(text);
    event->acceptProposedAction();
}

QString ConnectDialog::verdict() const
{
    return m_verdict->text();
}

void ConnectDialog::test(std::function<void(bool ok)> done)
{
    if (apiRoot().isEmpty() || !apiRoot().isValid()) {
        m_verdict->setText(tr("Enter the server's address, such as https://review.example.com."));
        if (done)
            done(false);
        return;
    }
    if (apiKey().isEmpty()) {
        m_verdict->setText(tr("Enter your API key."));
        if (done)
            done(false);
        return;
    }
    m_testing = true;
    m_test->setEnabled(false);
    m_connect->setEnabled(false);
    m_verdict->setStyleSheet({});
    m_verdict->setText(tr("Trying %1 …").arg(apiRoot().toString()));
    m_probe = std::make_unique<client::ApiClient>(apiRoot(), apiKey());
    m_probe->setTransferTimeout(10000);
    client::ConnectionCheck::run(*m_probe, [this, done](const client::ConnectionVerdict &v) {
        m_testing = false;
        m_test->setEnabled(true);
        m_connect->setEnabled(true);
        m_verdict->setStyleSheet(v.ok ? u"color:#2f855a;"_s : u"color:#c53030;"_s);
        m_verdict->setText(v.message);
        if (done)
            done(v.ok);
    });
}

void ConnectDialog::connectIfGood()
{
    if (m_testing)
        return;
    test([this](bool ok) {
        if (ok)
            accept();
    });
}

} // namespace assay::app
