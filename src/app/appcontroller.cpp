#include "appcontroller.h"

#include "commands/commandregistry.h"
#include "commands/commands.h"
#include "connect/connectdialog.h"
#include "connect/localserver.h"
#include "connect/profiles.h"
#include "credentials.h"
#include "session/clientsession.h"
#include "window/mainwindow.h"

#include "api/certificatepins.h"

#include <QDir>
#include <QEventLoop>
#include <QMessageBox>
#include <QStandardPaths>

namespace assay::app {

using namespace Qt::StringLiterals;

AppController::AppController(AppOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_commands(std::make_unique<CommandRegistry>(m_settings))
    , m_credentials(std::make_unique<client::CredentialStore>())
{
    Commands::registerAll(*m_commands);
}

AppController::~AppController()
{
    m_window.reset(); // before the session it shows
    m_session.reset();
    m_local.reset();
}

namespace {

// Servers trusted by a certificate fingerprint, kept in the settings so a pin given once (an
// invitation, --certificate-sha256) holds for later starts.
constexpr auto kPinsKey = "certificate-pins"_L1;

void loadCertificatePins(const QSettings &settings)
{
    const QVariantMap pins = settings.value(kPinsKey).toMap();
    for (auto it = pins.cbegin(); it != pins.cend(); ++it)
        client::CertificatePins::global().pin(QUrl(it.key()), it.value().toByteArray());
}

void rememberCertificatePin(QSettings &settings, const QUrl &apiRoot, const QByteArray &fingerprint)
{
    QVariantMap pins = settings.value(kPinsKey).toMap();
    pins.insert(apiRoot.toString(), fingerprint);
    settings.setValue(kPinsKey, pins);
    client::CertificatePins::global().pin(apiRoot, fingerprint);
}

} // namespace

bool AppController::start()
{
    loadCertificatePins(m_settings);
    if (!m_options.certificateSha256.isEmpty() && !m_options.server.isEmpty())
        rememberCertificatePin(m_settings, Profiles::apiRoot(m_options.server), m_options.certificateSha256);
    if (m_options.local)
        return startLocal();
    if (m_options.invitation)
        return startInvited(*m_options.invitation);
    Profiles profiles(m_settings);
    const QString address = !m_options.server.isEmpty() ? Profiles::apiRoot(m_options.server).toString()
                                                        : profiles.last().value_or(QString());
    if (address.isEmpty())
        return askForServer();
    const QByteArray fromEnvironment = qgetenv("ASSAY_API_KEY");
    if (!fromEnvironment.isEmpty())
        return openSession(QUrl(address), fromEnvironment);
    // The keychain answers asynchronously; the window waits for it (it is quick, or absent).
    std::optional<QByteArray> key;
    bool answered = false;
    QEventLoop wait;
    m_credentials->load(address, [&](const client::LoadedKey &loaded) {
        key = loaded.key;
        answered = true;
        wait.quit();
    });
    if (!answered) // it may answer at once, before the loop would start
        wait.exec();
    if (key && !key->isEmpty())
        return openSession(QUrl(address), *key);
    return askForServer();
}

bool AppController::startLocal()
{
    const QString root = m_options.dataRoot.isEmpty()
                             ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                             : m_options.dataRoot;
    auto local = LocalServer::start(QDir(root).filePath(u"local-server"_s));
    if (!local) {
        QMessageBox::critical(nullptr, tr("Local mode"),
                              tr("The local server did not start: %1").arg(local.error().message));
        return false;
    }
    m_local = std::move(*local);
    if (!openSession(m_local->address().apiRoot, m_local->address().key))
        return false;
    m_window->setLocalServer(m_local->address().apiRoot, m_local->address().key);
    return true;
}

bool AppController::startInvited(const client::Invitation &invitation)
{
    const QUrl apiRoot = Profiles::apiRoot(invitation.server);
    rememberKey(apiRoot, invitation.key);
    return openSession(apiRoot, invitation.key);
}

void AppController::rememberKey(const QUrl &apiRoot, const QByteArray &key)
{
    Profiles(m_settings).remember(apiRoot.toString());
    m_credentials->save(apiRoot.toString(), key, [this](bool stored, const QString &why) {
        if (!stored)
            showNotice(tr("Your API key is kept for this session only: %1").arg(why));
    });
}

bool AppController::askForServer(const QString &problem)
{
    Profiles profiles(m_settings);
    ConnectDialog dialog(profiles.addresses());
    if (!m_options.server.isEmpty())
        dialog.setAddress(m_options.server);
    else if (auto last = profiles.last())
        dialog.setAddress(*last); // the key is what is missing: the keychain had none for it
    if (!problem.isEmpty())
        showNotice(problem);
    const int outcome = dialog.exec();
    if (outcome == ConnectDialog::LocalMode) {
        m_options.local = true;
        return startLocal();
    }
    if (outcome != ConnectDialog::Connect)
        return false;
    rememberKey(dialog.apiRoot(), dialog.apiKey());
    return openSession(dialog.apiRoot(), dialog.apiKey());
}

bool AppController::openSession(const QUrl &apiRoot, const QByteArray &key)
{
    QList<client::StoreNotice> notices;
    auto session = client::ClientSession::open(
        apiRoot, key, Profiles::dataDirectory(apiRoot.toString(), m_options.dataRoot), {}, &notices);
    if (!session) {
        QMessageBox::critical(
            nullptr, tr("Assay"),
            tr("Cannot open the local data of this server: %1").arg(session.error().message));
        return false;
    }
    m_window.reset();
    m_session = std::move(*session);
    m_window = std::make_unique<MainWindow>(*m_session, *m_commands);
    connect(m_window.get(), &MainWindow::connectRequested, this, [this] {
        // The new window replaces this one once the reviewer has connected; cancelling keeps it.
        QMetaObject::invokeMethod(
            this, [this] { askForServer(); }, Qt::QueuedConnection);
    });
    m_window->show();
    for (const client::StoreNotice &n : notices)
        showNotice(n.message);
    m_session->store().checkIntegrity(m_window.get(), [this](const QList<client::StoreNotice> &found) {
        for (const client::StoreNotice &n : found) {
            if (n.kind == client::StoreNotice::Kind::CacheRebuilt)
                (void)m_session->store().rebuildCache();
            showNotice(n.message);
        }
    });
    m_session->sync().start();
    return true;
}

void AppController::showNotice(const QString &text)
{
    QMessageBox::information(m_window.get(), tr("Assay"), text);
}

} // namespace assay::app
