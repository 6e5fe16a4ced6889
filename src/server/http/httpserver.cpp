#include "httpserver.h"

#include "audit/auditlog.h"
#include "auth/apikeys.h"
#include "http/limits.h"
#include "storage/store.h"

#include "httpconnection.h"

#include <cctype>

#include <QDebug>
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

HttpServer::HttpServer(Router &router, Store &store, const RateLimits &limits, const HttpLimits &httpLimits,
                       TrustedProxies trustedProxies, QObject *parent)
    : QObject(parent)
    , m_router(router)
    , m_store(store)
    , m_perKey(limits.requestsPerSecondPerKey, limits.burstPerKey)
    , m_failedAuth(limits.failedAuthPerMinutePerAddress / 60.0, limits.failedAuthBurstPerAddress)
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

Result<quint16> HttpServer::listen(const QHostAddress &address, quint16 port)
{
    auto *tcp = new QTcpServer(this);
    if (!tcp->listen(address, port)) {
        const QString reason = tcp->errorString();
        delete tcp;
        return Error{u"cannot listen on %1:%2: %3"_s.arg(address.toString()).arg(port).arg(reason), {}};
    }
    connect(tcp, &QTcpServer::newConnection, this, &HttpServer::accept);
    m_listeners.append(tcp);
    return tcp->serverPort();
}

void HttpServer::accept()
{
    for (QTcpServer *tcp : std::as_const(m_listeners)) {
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
            ConnectionHooks hooks{[this](HttpRequest &r) { return admit(r); },
                                  [this](HttpRequest &r) { return dispatch(r); }};
            auto *connection = new HttpConnection(socket, m_httpLimits, m_trustedProxies, m_inputBudget,
                                                  std::move(hooks), this);
            m_connections.insert(connection);
            ++m_connectionsPerAddress[peer];
            connect(connection, &HttpConnection::closed, this, [this](HttpConnection *c) {
                if (!m_connections.remove(c))
                    return;
                if (--m_connectionsPerAddress[c->peerAddress()] <= 0)
                    m_connectionsPerAddress.remove(c->peerAddress());
                c->deleteLater();
            });
        }
    }
}

std::optional<HttpResponse> authorize(Access access, const HttpRequest &request)
{
    const Principal &p = request.principal;
    if (p.role == u"admin")
        return std::nullopt;
    // A reviewer learns nothing about what lies outside their queues: the same answer as for a path
    // that does not exist. Queue routes check the queue itself (see queuesapi.cpp).
    if (p.isReviewer())
        return access == Access::QueueRead || access == Access::Review
                   ? std::nullopt
                   : std::optional(
                         HttpResponse::error(404, u"not found: %1 %2"_s.arg(request.method, request.path)));
    const bool allowed = access == Access::Ingest  ? (p.role == u"member" || p.role == u"ingest")
                         : access == Access::Admin ? false
                                                   : p.role == u"member";
    if (allowed)
        return std::nullopt;
    return HttpResponse::error(
        403, u"a key with the %1 role may not %2 %3"_s.arg(p.role, request.method, request.path));
}

namespace {

// A client's request id, if it is a sane one: at most 128 characters of letters, digits and ._-
QByteArray requestIdOf(const HttpRequest &request)
{
    const QByteArray id = request.header("x-request-id");
    if (id.isEmpty() || id.size() > 128)
        return {};
    for (char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            return {};
    return id;
}

} // namespace

qint64 HttpServer::bufferedBytes() const
{
    qint64 total = 0;
    for (const HttpConnection *c : m_connections)
        total += c->heldBytes();
    return total;
}

namespace {

void echoRequestId(const HttpRequest &request, HttpResponse &response)
{
    if (const QByteArray id = requestIdOf(request); !id.isEmpty()) {
        response.headers.append({"x-request-id", id});
        if (response.status >= 500)
            qWarning().noquote() << "request" << QString::fromLatin1(id) << request.method << request.path
                                 << "answered" << response.status;
    }
}

} // namespace

HttpResponse HttpServer::dispatch(HttpRequest &request)
{
    HttpResponse response = handle(request);
    echoRequestId(request, response);
    return response;
}

std::optional<HttpResponse> HttpServer::admit(HttpRequest &request)
{
    const Router::Match match = m_router.match(request.method, request.path);
    if (!match.handler || match.access == Access::Public)
        return std::nullopt; // answered (404, or by a public handler) once the body is in
    if (auto begun = m_store.begin(); !begun) {
        HttpResponse failed = HttpResponse::internal(begun.error());
        echoRequestId(request, failed);
        return failed;
    }
    std::optional<HttpResponse> refused = checkAccess(request, match.access);
    if (auto committed = m_store.commit(); !committed) { // the key's last use, a failure's audit entry
        m_store.rollback();
        refused = HttpResponse::internal(committed.error());
    }
    if (refused)
        echoRequestId(request, *refused);
    else
        request.admitted = true;
    return refused;
}

std::optional<HttpResponse> HttpServer::checkAccess(HttpRequest &request, Access access)
{
    const QByteArray key = request.header("x-api-key");
    auto principal = authenticate(m_store, key);
    if (!principal) {
        // Failures are limited per client address; successes never are, so a valid key is not refused
        // because someone behind the same proxy or NAT guessed wrong. Keys are random (at least 128 bits),
        // so guessing is hopeless anyway; the limit caps the work and the log noise of trying.
        if (key.isEmpty())
            return HttpResponse::error(401, principal.error().message);
        if (const auto wait = m_failedAuth.take(request.remoteAddress))
            return HttpResponse::tooManyRequests(*wait,
                                                 u"too many failed authentications from this address"_s);
        auditFailedAuthentication(request, principal.error().message);
        return HttpResponse::error(401, principal.error().message);
    }
    request.principal = *principal;
    if (const auto wait = m_perKey.take(principal->keyId))
        return HttpResponse::tooManyRequests(*wait, u"this key is sending too many requests; retry later"_s);
    return authorize(access, request);
}

void HttpServer::auditFailedAuthentication(const HttpRequest &request, const QString &why)
{
    // Only failures the address limiter let through are recorded, so the log cannot be flooded.
    const QJsonObject attempt{{u"address"_s, request.remoteAddress},
                              {u"method"_s, request.method},
                              {u"path"_s, request.path},
                              {u"reason"_s, why}};
    if (Status recorded =
            recordAudit(m_store, u"address:"_s + request.remoteAddress, u"authentication_failed"_s,
                        u"authentication"_s, request.remoteAddress, QJsonValue(), attempt);
        !recorded)
        qWarning().noquote() << "cannot audit a failed authentication:" << recorded.error().message;
}

HttpResponse HttpServer::handle(HttpRequest &request)
{
    const Router::Match match = m_router.match(request.method, request.path);
    if (!match.handler)
        return HttpResponse::error(404, u"not found: %1 %2"_s.arg(request.method, request.path));
    request.params = match.params;
    if (auto begun = m_store.begin(); !begun)
        return HttpResponse::internal(begun.error());
    if (match.access != Access::Public && !request.admitted) {
        if (auto refused = checkAccess(request, match.access)) {
            // The failure's audit entry stays; nothing else was written yet.
            if (auto committed = m_store.commit(); !committed)
                m_store.rollback();
            return *refused;
        }
    }
    HttpResponse response = (*match.handler)(request);
    // Nothing half-written: a request that fails leaves the database as it was.
    if (response.status >= 400) {
        m_store.rollback();
    } else if (auto committed = m_store.commit(); !committed) {
        m_store.rollback();
        return HttpResponse::internal(committed.error());
    }
    return response;
}

} // namespace assay::server
