#include "httpserver.h"

#include "auth/apikeys.h"
#include "http/limits.h"
#include "storage/store.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QMetaEnum>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return u"GET"_s;
    case QHttpServerRequest::Method::Post:
        return u"POST"_s;
    case QHttpServerRequest::Method::Patch:
        return u"PATCH"_s;
    case QHttpServerRequest::Method::Put:
        return u"PUT"_s;
    case QHttpServerRequest::Method::Delete:
        return u"DELETE"_s;
    case QHttpServerRequest::Method::Head:
        return u"HEAD"_s;
    case QHttpServerRequest::Method::Options:
        return u"OPTIONS"_s;
    default:
        return u"OTHER"_s;
    }
}

} // namespace

QString apiPath(const QString &urlPath)
{
    QString path = urlPath;
    if (path.startsWith(u"/api/v1/"_s) || path == u"/api/v1")
        path = path.mid(7);
    if (path.startsWith(u"/v1/platform/"_s))
        path = path.mid(3);
    return path.isEmpty() ? u"/"_s : path;
}

void HttpServer::send(QTcpSocket *socket, const QHttpServerRequest &request, const HttpResponse &response)
{
    QHttpServerResponder responder = QAbstractHttpServer::makeResponder(request, socket);
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    if (!response.contentType.isEmpty())
        responder.writeHeader("Content-Type", response.contentType);
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    responder.writeBody(response.body);
}

HttpServer::HttpServer(Router &router, Store &store, const RateLimits &limits, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_router(router)
    , m_store(store)
    , m_perKey(limits.requestsPerSecondPerKey, limits.burstPerKey)
    , m_failedAuth(limits.failedAuthPerMinutePerAddress / 60.0, limits.failedAuthBurstPerAddress)
{
}

std::optional<HttpResponse> authorize(Access access, const HttpRequest &request)
{
    const Principal &p = request.principal;
    if (p.role == u"admin")
        return std::nullopt;
    // A reviewer learns nothing about what lies outside their queues: the same answer as for a path
    // that does not exist. Queue routes check the queue itself (see queuesapi.cpp).
    if (p.isReviewer())
        return access == Access::QueueRead
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

HttpResponse HttpServer::dispatch(HttpRequest &request)
{
    const Router::Match match = m_router.match(request.method, request.path);
    if (!match.handler)
        return HttpResponse::error(404, u"not found: %1 %2"_s.arg(request.method, request.path));
    request.params = match.params;
    if (auto begun = m_store.begin(); !begun)
        return HttpResponse::internal(begun.error());
    if (match.access != Access::Public) {
        // An address that guessed wrong too often waits, whatever key it sends now.
        if (const auto wait = m_failedAuth.blocked(request.remoteAddress)) {
            m_store.rollback();
            return HttpResponse::tooManyRequests(*wait,
                                                 u"too many failed authentications from this address"_s);
        }
        auto principal = authenticate(m_store, request.header("x-api-key"));
        if (!principal) {
            m_store.rollback();
            if (!request.header("x-api-key").isEmpty())
                (void)m_failedAuth.take(request.remoteAddress);
            return HttpResponse::error(401, principal.error().message);
        }
        request.principal = *principal;
        if (const auto wait = m_perKey.take(principal->keyId)) {
            m_store.rollback();
            return HttpResponse::tooManyRequests(*wait,
                                                 u"this key is sending too many requests; retry later"_s);
        }
        if (auto refused = authorize(match.access, request)) {
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

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpRequest r;
    r.method = methodName(request.method());
    r.path = apiPath(request.url().path(QUrl::FullyDecoded));
    r.query = request.query();
    for (const auto &[name, value] : request.headers())
        r.headers.insert(name.toLower(), value);
    r.body = request.body();
    r.remoteAddress = request.remoteAddress().toString();
    if (r.body.size() > kMaxRequestBodyBytes) {
        send(socket, request,
             HttpResponse::error(413, u"the request body has %1 bytes; the limit is %2"_s.arg(r.body.size())
                                          .arg(kMaxRequestBodyBytes)));
        return true;
    }
    send(socket, request, dispatch(r));
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    send(socket, request, HttpResponse::error(404, u"not found"_s));
}

} // namespace assay::server
