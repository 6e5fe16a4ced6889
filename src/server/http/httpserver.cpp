#include "httpserver.h"

#include "httpconnection.h"
#include "tlstcpserver.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace assay::server {

using namespace Qt::StringLiterals;

QString apiPath(const QString &urlPath)
{
    QString path = urlPath;
    if (path.startsWith(u"/api/v1/"_s) || path == u"/api/v1")
        path = path.mid(7);
    if (path.startsWith(u"/v1/platform/"_s))
        path = path.mid(3);
    return path.isEmpty() ? u"/"_s : path;
}

QString urlHost(const QHostAddress &address)
{
    return address.protocol() == QAbstractSocket::IPv6Protocol ? u"[%1]"_s.arg(address.toString())
                                                               : address.toString();
}

HttpServer::HttpServer(RequestDispatcher &dispatcher, const HttpLimits &httpLimits,
                       TrustedProxies trustedProxies, QObject *parent)
    : QObject(parent)
    , m_dispatcher(dispatcher)
    , m_httpLimits(httpLimits)
    , m_trustedProxies(std::move(trustedProxies))
    , m_inputBudget(httpLimits.maxBufferedBytes)
{
}

HttpServer::~HttpServer()
{
    // The connections go first: they give their bytes back to m_inputBudget, which is about to go.
    for (HttpConnection *c : std::as_const(m_connections)) {
        c->disconnect(this);
        delete c;
    }
    m_connections.clear();
}

Result<quint16> HttpServer::listen(const QHostAddress &address, quint16 port, bool metricsOnly)
{
    QTcpServer *tcp = m_tls && !metricsOnly ? new TlsTcpServer(*m_tls, this) : new QTcpServer(this);
    if (!tcp->listen(address, port)) {
        const QString reason = tcp->errorString();
        delete tcp;
        return Error{u"cannot listen on %1:%2: %3"_s.arg(address.toString()).arg(port).arg(reason), {}};
    }
    connect(tcp, &QTcpServer::newConnection, this, &HttpServer::accept);
    m_listeners.append(tcp);
    if (metricsOnly)
        m_metricsListeners.append(tcp);
    return tcp->serverPort();
}

void HttpServer::accept()
{
    for (QTcpServer *tcp : std::as_const(m_listeners)) {
        const bool metricsOnly = m_metricsListeners.contains(tcp);
        while (QTcpSocket *socket = tcp->nextPendingConnection()) {
            const QString peer = socket->peerAddress().toString();
            // A trusted proxy carries many clients on its connections: only the total cap applies to it.
            const bool perAddressCapped =
                !m_trustedProxies.contains(socket->peerAddress()) &&
                m_connectionsPerAddress.value(peer) >= m_httpLimits.maxConnectionsPerAddress;
            if (int(m_connections.size()) >= m_httpLimits.maxConnections || perAddressCapped) {
                // Over a cap: one short answer, then the door.
                socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: "
                              "application/json\r\nConnection: close\r\n"
                              "Content-Length: 37\r\n\r\n{\"detail\":\"too many open connections\"}");
                socket->disconnectFromHost();
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                continue;
            }
            const quint64 id = ++m_nextConnectionId;
            ConnectionHooks hooks{
                [this, id, metricsOnly](HttpRequest head) {
                    head.viaMetricsListener = metricsOnly;
                    m_dispatcher.admit(std::move(head), [this, id](Admission admission) {
                        deliver(id, [a = std::move(admission)](HttpConnection &c) { c.admitted(a); });
                    });
                },
                [this, id, metricsOnly](HttpRequest request) {
                    request.viaMetricsListener = metricsOnly;
                    m_dispatcher.dispatch(std::move(request), [this, id](HttpResponse response) {
                        deliver(id, [r = std::move(response)](HttpConnection &c) { c.answer(r); });
                    });
                },
                [this, id](std::shared_ptr<BodyStream> stream) {
                    m_dispatcher.pull(std::move(stream), [this, id](BodyPiece piece) {
                        deliver(id, [p = std::move(piece)](HttpConnection &c) { c.streamed(p); });
                    });
                }};
            auto *connection = new HttpConnection(socket, m_httpLimits, m_trustedProxies, m_inputBudget,
                                                  std::move(hooks), this);
            m_connections.insert(id, connection);
            ++m_connectionsPerAddress[peer];
            connect(connection, &HttpConnection::closed, this, [this, id](HttpConnection *c) {
                if (!m_connections.remove(id))
                    return;
                if (--m_connectionsPerAddress[c->peerAddress()] <= 0)
                    m_connectionsPerAddress.remove(c->peerAddress());
                c->deleteLater();
            });
        }
    }
}

void HttpServer::deliver(quint64 connectionId, std::function<void(HttpConnection &)> outcome)
{
    QMetaObject::invokeMethod(
        this,
        [this, connectionId, outcome = std::move(outcome)] {
            if (HttpConnection *c = m_connections.value(connectionId))
                outcome(*c);
        },
        Qt::QueuedConnection);
}

void HttpServer::setTls(const QSslConfiguration &configuration)
{
    m_tls = configuration;
    for (QTcpServer *tcp : std::as_const(m_listeners))
        if (auto *tls = dynamic_cast<TlsTcpServer *>(tcp))
            tls->setConfiguration(configuration);
}

void HttpServer::stopListening()
{
    for (QTcpServer *tcp : std::as_const(m_listeners))
        tcp->close();
}

qint64 HttpServer::bufferedBytes() const
{
    qint64 total = 0;
    for (const HttpConnection *c : m_connections)
        total += c->heldBytes();
    return total;
}

} // namespace assay::server
