#include "httpconnection.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <QTcpSocket>
#include <QUrl>

namespace assay::server {

using namespace Qt::StringLiterals;

QString apiPath(const QString &urlPath); // httpserver.cpp

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

// Clients that keep Nagle on (QNetworkAccessManager does) send a body's last partial segment only once the
// previous one is acknowledged, and Linux delays that ACK by ~40 ms: every body over ~16 KiB paid it
// (design.md §9). Acknowledging at once removes the stall for all clients; the kernel clears the flag
// again after a while, so it is set after every read.
void acknowledgeAtOnce(QTcpSocket *socket)
{
#ifdef TCP_QUICKACK
    const int one = 1;
    setsockopt(int(socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
#else
    Q_UNUSED(socket);
#endif
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits, Dispatcher dispatcher,
                               QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_limits(limits)
    , m_dispatch(std::move(dispatcher))
    , m_peer(socket->peerAddress().toString())
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_phase == Phase::Closing || (m_phase == Phase::Headers && m_buffer.isEmpty()))
            m_socket->abort(); // idle keep-alive, or a refused client that stopped sending: just close
        else
            refuse(408, u"the request took too long to arrive"_s);
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] { emit closed(this); });
    m_timer.start(m_limits.headerTimeoutMs);
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::startRequestTimer(int ms)
{
    m_timer.start(ms);
}

void HttpConnection::onReadyRead()
{
    if (m_phase == Phase::Closing) {
        // Drop what the client still sends after a refusal; close once its announced body is through.
        m_discard -= m_socket->readAll().size();
        if (m_discard <= 0)
            m_socket->disconnectFromHost();
        return;
    }
    const bool wasIdle = m_phase == Phase::Headers && m_buffer.isEmpty();
    m_buffer += m_socket->readAll();
    acknowledgeAtOnce(m_socket);
    if (wasIdle && !m_buffer.isEmpty())
        startRequestTimer(m_limits.headerTimeoutMs); // the headers' clock starts with their first byte
    process();
}

void HttpConnection::process()
{
    while (m_phase != Phase::Closing) {
        if (m_phase == Phase::Headers) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                const qsizetype lineEnd = m_buffer.indexOf("\r\n");
                if ((lineEnd < 0 ? m_buffer.size() : lineEnd) > m_limits.maxUrlBytes + 64)
                    return refuse(414,
                                  u"the request line is longer than %1 bytes"_s.arg(m_limits.maxUrlBytes));
                if (m_buffer.size() > m_limits.maxHeaderBytes)
                    return refuse(
                        431, u"the request headers are larger than %1 bytes"_s.arg(m_limits.maxHeaderBytes));
                return;
            }
            if (end + 4 > m_limits.maxHeaderBytes)
                return refuse(431,
                              u"the request headers are larger than %1 bytes"_s.arg(m_limits.maxHeaderBytes));
            if (!parseHeaders(end))
                return;
            continue;
        }
        if (m_phase == Phase::Body) {
            if (m_buffer.size() < m_contentLength)
                return;
            QByteArray body = m_buffer.left(m_contentLength);
            m_buffer.remove(0, m_contentLength);
            finishRequest(std::move(body));
            continue;
        }
        if (m_phase == Phase::Chunked) {
            if (!readChunked())
                return;
            continue;
        }
    }
}

bool HttpConnection::parseHeaders(qsizetype headerEnd)
{
    const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
    m_buffer.remove(0, headerEnd + 4);
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        refuse(400, u"malformed request line"_s);
        return false;
    }
    if (requestLine[1].size() > m_limits.maxUrlBytes) {
        refuse(414, u"the URL is longer than %1 bytes"_s.arg(m_limits.maxUrlBytes));
        return false;
    }
    if (lines.size() - 1 > m_limits.maxHeaders) {
        refuse(431, u"more than %1 request headers"_s.arg(m_limits.maxHeaders));
        return false;
    }
    m_request = HttpRequest{};
    m_request.method = QString::fromLatin1(requestLine[0]);
    const QUrl url = QUrl::fromEncoded(requestLine[1]);
    m_request.path = apiPath(url.path(QUrl::FullyDecoded));
    m_request.query = QUrlQuery(url);
    m_request.remoteAddress = m_peer;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            refuse(400, u"malformed header line %1"_s.arg(i));
            return false;
        }
        m_request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    const QByteArray connection = m_request.header("connection").toLower();
    m_keepAlive = requestLine[2] == "HTTP/1.1" ? connection != "close" : connection == "keep-alive";
    const bool chunked = m_request.header("transfer-encoding").toLower().contains("chunked");
    const QByteArray lengthText = m_request.header("content-length");
    bool ok = true;
    m_contentLength = lengthText.isEmpty() ? 0 : lengthText.toLongLong(&ok);
    if (!ok || m_contentLength < 0 || (chunked && !lengthText.isEmpty())) {
        refuse(400, u"invalid Content-Length"_s);
        return false;
    }
    // Refused before a byte of the body is read or buffered.
    if (m_contentLength > m_limits.maxBodyBytes) {
        // Without 100-continue the client sends the body anyway: drop it unread, then close.
        if (m_request.header("expect").toLower() != "100-continue")
            m_discard = m_contentLength - m_buffer.size();
        refuse(413, u"the request body has %1 bytes; the limit is %2"_s.arg(m_contentLength)
                        .arg(m_limits.maxBodyBytes));
        return false;
    }
    if (m_request.header("expect").toLower() == "100-continue")
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    startRequestTimer(m_limits.bodyTimeoutMs);
    if (chunked) {
        m_chunkedBody.clear();
        m_phase = Phase::Chunked;
    } else {
        m_phase = Phase::Body;
    }
    return true;
}

bool HttpConnection::readChunked()
{
    while (true) {
        const qsizetype lineEnd = m_buffer.indexOf("\r\n");
        if (lineEnd < 0) {
            if (m_buffer.size() > 1024) {
                refuse(400, u"malformed chunk size line"_s);
                return false;
            }
            return false;
        }
        bool ok = false;
        const qint64 size = m_buffer.left(lineEnd).split(';').first().trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0) {
            refuse(400, u"malformed chunk size"_s);
            return false;
        }
        if (m_chunkedBody.size() + size > m_limits.maxBodyBytes) {
            refuse(413,
                   u"the request body is larger than the limit of %1 bytes"_s.arg(m_limits.maxBodyBytes));
            return false;
        }
        if (size == 0) {
            const qsizetype trailerEnd = m_buffer.indexOf("\r\n\r\n", lineEnd);
            if (trailerEnd < 0 && m_buffer.mid(lineEnd, 4) != "\r\n\r\n")
                return false; // wait for the end of the trailers
            m_buffer.remove(0, (trailerEnd < 0 ? lineEnd : trailerEnd) + 4);
            finishRequest(std::move(m_chunkedBody));
            return true;
        }
        if (m_buffer.size() < lineEnd + 2 + size + 2)
            return false;
        m_chunkedBody += m_buffer.mid(lineEnd + 2, size);
        m_buffer.remove(0, lineEnd + 2 + size + 2);
    }
}

void HttpConnection::finishRequest(QByteArray body)
{
    m_request.body = std::move(body);
    const HttpResponse response = m_dispatch(m_request);
    send(response, !m_keepAlive);
    if (m_keepAlive)
        resetForNextRequest();
}

void HttpConnection::resetForNextRequest()
{
    m_phase = Phase::Headers;
    m_request = HttpRequest{};
    m_contentLength = 0;
    startRequestTimer(m_buffer.isEmpty() ? m_limits.idleTimeoutMs : m_limits.headerTimeoutMs);
}

void HttpConnection::refuse(int status, const QString &detail)
{
    send(HttpResponse::error(status, detail), true);
}

void HttpConnection::send(const HttpResponse &response, bool close)
{
    QByteArray out =
        "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += response.body;
    m_socket->write(out); // one write: headers and body leave in the same segment where they fit
    if (close) {
        m_phase = Phase::Closing;
        m_buffer.clear();
        if (m_discard > 0) {
            m_timer.start(5000); // a client that stops sending is not waited for longer
        } else {
            m_timer.stop();
            m_socket->disconnectFromHost();
        }
    }
}

} // namespace assay::server
