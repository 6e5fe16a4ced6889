#pragma once

// A listener whose connections are TLS: each accepted socket is a QSslSocket that starts the server
// handshake at once and is handed on before it completes, so HttpConnection's timeouts and caps cover
// the handshake too (a client that connects and never says hello is closed like one that never sends
// headers). The configuration can be replaced at any time; it applies to the connections after.

#include <QSslConfiguration>
#include <QTcpServer>

namespace assay::server {

class TlsTcpServer : public QTcpServer {
public:
    explicit TlsTcpServer(QSslConfiguration configuration, QObject *parent = nullptr)
        : QTcpServer(parent)
        , m_configuration(std::move(configuration))
    {
    }
    void setConfiguration(const QSslConfiguration &configuration) { m_configuration = configuration; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QSslConfiguration m_configuration;
};

} // namespace assay::server
