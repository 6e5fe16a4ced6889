#include "httpconnection.h"

#include "trustedproxies.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <QTcpSocket>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// Qt's own buffer per socket: what is read from the kernel before the reader sees it. Bounded so a
// paused connection leaves the rest in the kernel, whose window then stops the client.
constexpr qint64 kSocketReadBuffer = 64 * 1024;

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
// previous one is acknowledged, and Linux delays that ACK by ~40 ms: every body over ~16 KiB paid it.
// Acknowledging at once removes the stall for all clients; the kernel clears the flag again after a
// while, so it is set after every read.
// A response's status line and its own headers (the framing ones are the caller's).
QByteArray statusAndHeaders(const HttpResponse &response)
{
    QByteArray out =
        "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    return out;
}

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

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits, const TrustedProxies &proxies,
                               ByteBudget &budget, ConnectionHooks hooks, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_limits(limits)
    , m_proxies(proxies)
    , m_budget(budget)
    , m_hooks(std::move(hooks))
    , m_peer(socket->peerAddress())
    , m_reader(limits)
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setReadBufferSize(kSocketReadBuffer);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_phase == Phase::Closing || !m_midRequest)
            m_socket->abort(); // idle keep-alive, or a refused client that stopped sending: just close
        else if (m_phase == Phase::Reading)
            refuse(408, u"the request took too long to arrive"_s);
    });
    m_writeTimer.setSingleShot(true);
    connect(&m_writeTimer, &QTimer::timeout, m_socket, &QTcpSocket::abort);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        releaseBudget(); // at once: the object itself may outlive the server's budget
        emit closed(this);
    });
    m_timer.start(m_limits.headerTimeoutMs);
}

HttpConnection::~HttpConnection()
{
    releaseBudget();
}

void HttpConnection::releaseBudget()
{
    m_budget.recharge(m_charged, 0);
    m_charged = 0;
}

qint64 HttpConnection::heldBytes() const
{
    return m_reader.bufferedBytes() + m_socket->bytesToWrite() + m_socket->bytesAvailable();
}

void HttpConnection::onReadyRead()
{
    if (m_phase == Phase::Closing) {
        // Drop what the client still sends after a refusal; close once its announced body is through.
        m_discard -= m_socket->skip(m_socket->bytesAvailable());
        if (m_discard <= 0)
            m_socket->disconnectFromHost();
        return;
    }
    if (m_phase == Phase::Paused || m_phase == Phase::Waiting || m_phase == Phase::Streaming)
        return; // left in the socket (and then the kernel) until the client reads its answers, or the
                // server has answered the request before
    const QByteArray bytes = m_socket->readAll();
    if (bytes.isEmpty())
        return;
    acknowledgeAtOnce(m_socket);
    if (!m_midRequest) {
        m_midRequest = true;
        m_timer.start(m_limits.headerTimeoutMs); // the headers' clock starts with their first byte
    }
    m_reader.append(bytes);
    process();
}

void HttpConnection::onBytesWritten()
{
    if (m_socket->bytesToWrite() == 0)
        m_writeTimer.stop();
    else if (m_writeTimer.isActive())
        m_writeTimer.start(m_limits.writeTimeoutMs); // progress: the client reads, slowly
    if (m_phase == Phase::Paused && m_socket->bytesToWrite() <= m_limits.maxPendingOutputBytes / 2)
        resume();
    if (m_phase == Phase::Streaming)
        pullWhenDrained();
}

void HttpConnection::resume()
{
    m_phase = Phase::Reading;
    process();
    if (m_phase == Phase::Reading)
        onReadyRead(); // Qt does not signal again for bytes that arrived while paused or waiting
}

void HttpConnection::chargeBudget()
{
    const qint64 held = m_reader.bufferedBytes();
    if (m_budget.recharge(m_charged, held)) {
        m_charged = held;
        return;
    }
    HttpResponse busy =
        HttpResponse::error(503, u"the server holds too much unfinished request data; retry shortly"_s);
    busy.headers.append({QByteArray("Retry-After"), QByteArray("1")});
    send(busy, true);
}

void HttpConnection::process()
{
    while (m_phase == Phase::Reading) {
        if (m_socket->bytesToWrite() > m_limits.maxPendingOutputBytes) {
            m_phase = Phase::Paused; // the client does not read its answers: stop reading its requests
            m_writeTimer.start(m_limits.writeTimeoutMs);
            return;
        }
        const ReadStep step = m_reader.next();
        switch (step.kind) {
        case ReadStep::NeedMore:
            chargeBudget();
            return;
        case ReadStep::Refuse:
            refuse(step.status, step.detail, step.discardBytes);
            return;
        case ReadStep::Head:
            if (!onHead())
                return;
            break;
        case ReadStep::Request:
            m_phase = Phase::Waiting;
            m_timer.stop(); // the server is working: no client deadline runs
            m_hooks.dispatch(m_reader.takeRequest());
            return;
        }
    }
}

bool HttpConnection::answered(const HttpResponse &response)
{
    const bool keepAlive = m_reader.keepAlive();
    if (response.stream) {
        startStream(response, keepAlive);
        return false; // the connection goes on when the stream ends
    }
    send(response, !keepAlive);
    if (!keepAlive)
        return false;
    m_midRequest = m_reader.bufferedBytes() > 0;
    m_timer.start(m_midRequest ? m_limits.headerTimeoutMs : m_limits.idleTimeoutMs);
    return true;
}

bool HttpConnection::onHead()
{
    HttpRequest &request = m_reader.request();
    request.remoteAddress = m_proxies.clientAddress(m_peer, request);
    if (!m_reader.hasBody() || !m_hooks.admit)
        return true; // checked with the request itself: there is no body to spare
    m_phase = Phase::Waiting;
    m_timer.stop();
    HttpRequest head = request; // no body yet: a small copy
    m_hooks.admit(std::move(head));
    return false;
}

void HttpConnection::admitted(const Admission &admission)
{
    if (m_phase != Phase::Waiting)
        return;
    if (admission.refused) {
        // The body is never read: what the client still sends of it is dropped, then the door.
        m_discard = m_reader.expectsContinue() ? 0 : m_reader.bodyBytesOutstanding();
        send(*admission.refused, true);
        return;
    }
    HttpRequest &request = m_reader.request();
    request.principal = admission.principal;
    request.admitted = true;
    if (m_reader.expectsContinue())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_timer.start(m_limits.bodyTimeoutMs);
    resume();
}

void HttpConnection::answer(const HttpResponse &response)
{
    if (m_phase != Phase::Waiting)
        return;
    m_phase = Phase::Reading;
    if (answered(response))
        resume();
}

void HttpConnection::startStream(const HttpResponse &response, bool keepAlive)
{
    QByteArray out = statusAndHeaders(response);
    out += "Transfer-Encoding: chunked\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!response.body.isEmpty())
        out += QByteArray::number(response.body.size(), 16) + "\r\n" + response.body + "\r\n";
    m_socket->write(out);
    m_phase = Phase::Streaming;
    m_stream = response.stream;
    m_keepAliveAfterStream = keepAlive;
    pullWhenDrained();
}

void HttpConnection::pullWhenDrained()
{
    if (m_pulling || !m_stream)
        return;
    // The next piece is asked for while this one is still being sent (up to the output cap), so the
    // worker making it and the socket sending overlap.
    if (m_socket->bytesToWrite() > m_limits.maxPendingOutputBytes) {
        if (!m_writeTimer.isActive())
            m_writeTimer.start(m_limits.writeTimeoutMs); // a client that stops reading is let go
        return;
    }
    m_pulling = true;
    m_hooks.pull(m_stream);
}

void HttpConnection::streamed(const BodyPiece &piece)
{
    if (m_phase != Phase::Streaming)
        return;
    m_pulling = false;
    if (piece.failed) {
        // No last chunk: the client sees the body cut short, never a complete-looking one.
        m_stream.reset();
        m_phase = Phase::Closing;
        m_timer.stop();
        m_socket->disconnectFromHost();
        return;
    }
    if (!piece.bytes.isEmpty()) { // three writes: the piece is not copied into a chunk first
        m_socket->write(QByteArray::number(piece.bytes.size(), 16) + "\r\n");
        m_socket->write(piece.bytes);
        m_socket->write("\r\n");
    }
    if (!piece.last) {
        pullWhenDrained();
        return;
    }
    m_socket->write("0\r\n\r\n");
    m_stream.reset();
    if (!m_keepAliveAfterStream) {
        m_phase = Phase::Closing;
        m_timer.stop();
        m_socket->disconnectFromHost();
        m_writeTimer.start(m_limits.writeTimeoutMs);
        return;
    }
    m_phase = Phase::Reading;
    m_midRequest = m_reader.bufferedBytes() > 0;
    m_timer.start(m_midRequest ? m_limits.headerTimeoutMs : m_limits.idleTimeoutMs);
    resume();
}

void HttpConnection::refuse(int status, const QString &detail, qint64 discard)
{
    m_discard = discard;
    send(HttpResponse::error(status, detail), true);
}

void HttpConnection::send(const HttpResponse &response, bool close)
{
    QByteArray out = statusAndHeaders(response);
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    out += response.body;
    m_socket->write(out); // one write: headers and body leave in the same segment where they fit
    if (close) {
        m_phase = Phase::Closing;
        releaseBudget();
        if (m_discard > 0) {
            m_timer.start(5000); // a client that stops sending is not waited for longer
        } else {
            m_timer.stop();
            m_socket->disconnectFromHost();
        }
        m_writeTimer.start(m_limits.writeTimeoutMs);
    }
}

} // namespace assay::server
