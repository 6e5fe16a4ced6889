#pragma once

// The first start (or "Connect to a server…"): the server's address and the API key, a button that tests
// them and says what is wrong in words (wrong key, server unreachable, not an Assay server), the servers
// used before, an invitation pasted or dropped (or its file), and local mode for a single reviewer with no
// server to connect to.

#include <QDialog>
#include <QUrl>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace assay::client {
class ApiClient;
struct ConnectionVerdict;
} // namespace assay::client

namespace assay::app {

class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    enum Outcome { Connect = QDialog::Accepted, LocalMode = 2 };

    ConnectDialog(const QStringList &rememberedAddresses, QWidget *parent = nullptr);
    ~ConnectDialog() override;

    QUrl apiRoot() const;
    QByteArray apiKey() const;
    void setAddress(const QString &address);
    void setApiKey(const QByteArray &key);
    QString verdict() const; // what the last test said
    // Fills the address and key from an invitation's text (a file's bytes, pasted or dropped text);
    // false, with the reason shown, when it is not one.
    bool applyInvitation(const QByteArray &text);
    // Tests the address and key; `done` says whether they work.
    void test(std::function<void(bool ok)> done = {});

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void connectIfGood();

    QComboBox *m_address;
    QLineEdit *m_key;
    QLabel *m_verdict;
    QPushButton *m_test;
    QPushButton *m_connect;
    std::unique_ptr<client::ApiClient> m_probe;
    bool m_testing = false;
};

} // namespace assay::app
