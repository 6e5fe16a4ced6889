#include "faultproxy.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace assay::test {

using namespace Qt::StringLiterals;

FaultProxy::FaultProxy(quint16 upstreamPort, QObject *parent)
    : QObject(parent)
    , m_upstream(upstreamPort)
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::accept);
}

QString FaultProxy::baseUrl() const
{
    return u"http://127.0.0.1:%1/api/v1"_s.arg(port());
}

void FaultProxy::setRandomFaults(double faultRate, quint32 seed)
{
    m_random = true;
    m_rate = faultRate;
    m_generator.seed(seed);
    closeAll(); // from now on, one request per connection
}

// With random faults every request needs its own connection (and so its own draw): the first request
// on a connection asks the server to close it after answering.
static QByteArray withConnectionClose(const QByteArray &head)
{
    const qsizetype headerEnd = head.indexOf("\r\n\r\n");
    const qsizetype lineEnd = head.indexOf("\r\n");
    if (headerEnd < 0 || lineEnd < 0)
        return head;
    QList<QByteArray> lines = head.left(headerEnd).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i)
        if (lines[i].toLower().startsWith("connection:"))
            lines.removeAt(i--);
    lines.insert(1, "Connection: close\r");
    return lines.join('\n') + head.mid(headerEnd);
}

FaultProxy::Fault FaultProxy::draw()
{
    if (!m_random)
        return m_fixed;
    if (m_generator.generateDouble() >= m_rate)
        return Fault::None;
    static const Fault kinds[] = {Fault::Down, Fault::DropRequest, Fault::DropResponse, Fault::Reset,
                                  Fault::Hang, Fault::Delay,       Fault::Unavailable};
    return kinds[m_generator.bounded(int(std::size(kinds)))];
}

void FaultProxy::closeAll()
{
    const QList<QPointer<QTcpSocket>> open = m_open;
    m_open.clear();
    for (const QPointer<QTcpSocket> &s : open)
        if (s)
            s->abort();
}

void FaultProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        const Fault fault = draw();
        ++m_counts[fault];
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        if (fault == Fault::Down) {
            client->abort();
            client->deleteLater();
            continue;
        }
        m_open.removeAll(QPointer<QTcpSocket>());
        m_open.append(client);
        if (fault == Fault::Unavailable) {
            connect(client, &QTcpSocket::readyRead, client, [client] {
                client->readAll();
                const QByteArray body = R"x({"detail":"overloaded (test)"})x";
                client->write("HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n"
                              "retry-after: 1\r\nconnection: close\r\ncontent-length: " +
                              QByteArray::number(body.size()) + "\r\n\r\n" + body);
                client->disconnectFromHost();
            });
            continue;
        }
        if (fault == Fault::Hang) {
            connect(client, &QTcpSocket::readyRead, client, [client] { client->readAll(); });
            continue;
        }
        // Not a child of the client: each side's connections name the other as context, so nothing runs
        // once either is gone.
        auto *upstream = new QTcpSocket(this);
        connect(client, &QObject::destroyed, upstream, &QObject::deleteLater);
        upstream->connectToHost(QHostAddress::LocalHost, m_upstream);
        const qint64 cutAfter = 1 + m_generator.bounded(4000); // how far a faulty connection gets
        auto forwardedUp = std::make_shared<qint64>(0), forwardedDown = std::make_shared<qint64>(0);
        const bool onePerConnection = m_random;
        connect(client, &QTcpSocket::readyRead, upstream, [=] {
            QByteArray bytes = client->readAll();
            if (onePerConnection && *forwardedUp == 0)
                bytes = withConnectionClose(bytes);
            if (fault == Fault::Reset ||
                (fault == Fault::DropRequest && *forwardedUp + bytes.size() >= cutAfter)) {
                if (fault == Fault::DropRequest)
                    upstream->write(bytes.left(cutAfter - *forwardedUp));
                upstream->abort();
                client->abort();
                return;
            }
            *forwardedUp += bytes.size();
            upstream->write(bytes);
        });
        connect(upstream, &QTcpSocket::readyRead, client, [=] {
            const QByteArray bytes = upstream->readAll();
            if (fault == Fault::DropResponse && *forwardedDown + bytes.size() >= cutAfter) {
                client->write(bytes.left(cutAfter - *forwardedDown));
                client->flush();
                client->abort();
                return;
            }
            *forwardedDown += bytes.size();
            if (fault == Fault::Delay)
                QTimer::singleShot(300, client, [client, bytes] { client->write(bytes); });
            else
                client->write(bytes);
        });
        connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        connect(client, &QTcpSocket::disconnected, upstream, [upstream] { upstream->abort(); });
    }
}

} // namespace assay::test
