#include "rawhttp.h"

#include <QElapsedTimer>
#include <QHostAddress>

namespace assay::bench {

bool RawHttp::connectTo(quint16 port)
{
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    return m_socket.waitForConnected(10000);
}

RawResponse RawHttp::request(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                             const QByteArray &key)
{
    QElapsedTimer t;
    t.start();
    m_socket.write(method + ' ' + path +
                   " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nx-api-key: " + key +
                   "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n");
    m_socket.write(body);
    QByteArray response;
    qsizetype needed = -1;
    while (needed < 0 || response.size() < needed) {
        if (!m_socket.waitForReadyRead(60000))
            break;
        response += m_socket.readAll();
        const qsizetype headerEnd = response.indexOf("\r\n\r\n");
        if (needed < 0 && headerEnd >= 0) {
            const qsizetype cl = response.toLower().indexOf("content-length:");
            const qsizetype eol = response.indexOf("\r\n", cl);
            needed = headerEnd + 4 + response.mid(cl + 15, eol - cl - 15).trimmed().toLongLong();
        }
    }
    RawResponse r;
    r.ms = t.nsecsElapsed() / 1e6;
    r.status = response.mid(9, 3).toInt();
    r.body = response.mid(response.indexOf("\r\n\r\n") + 4);
    return r;
}

} // namespace assay::bench
