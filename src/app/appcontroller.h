#pragma once

// Starts the app the way the command line and the remembered profiles say: local mode, the server and
// key it was given, the last server with its key from the keychain, or the connect dialog. Opens the
// ClientSession and its window, and opens another when the reviewer connects elsewhere.

#include "appcli.h"
#include "core/result.h"

#include <QObject>
#include <QSettings>

#include <memory>

namespace assay::client {
class ClientSession;
class CredentialStore;
} // namespace assay::client

namespace assay::app {

class CommandRegistry;
class LocalServer;
class MainWindow;

class AppController : public QObject {
    Q_OBJECT
public:
    explicit AppController(AppOptions options, QObject *parent = nullptr);
    ~AppController() override;

    // Shows the window (or the connect dialog first). False when the reviewer cancelled or it failed.
    bool start();
    MainWindow *window() const { return m_window.get(); }
    client::ClientSession *session() const { return m_session.get(); }

private:
    bool startLocal();
    bool askForServer(const QString &problem = {});
    bool startInvited(const client::Invitation &invitation);
    void rememberKey(const QUrl &apiRoot, const QByteArray &key); // the profile and the keychain
    bool openSession(const QUrl &apiRoot, const QByteArray &key);
    void showNotice(const QString &text);

    AppOptions m_options;
    QSettings m_settings;
    std::unique_ptr<CommandRegistry> m_commands;
    std::unique_ptr<client::CredentialStore> m_credentials;
    std::unique_ptr<LocalServer> m_local;
    std::unique_ptr<client::ClientSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace assay::app
