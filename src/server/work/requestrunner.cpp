#include "requestrunner.h"

#include "api/storebodystream.h"
#include "audit/auditlog.h"
#include "auth/apikeys.h"
#include "storage/store.h"

#include <cctype>

#include <QDebug>
#include <QRandomGenerator>

namespace assay::server {

using namespace Qt::StringLiterals;

AccessLimits::AccessLimits(const RateLimits &limits)
    : perKey(limits.requestsPerSecondPerKey, limits.burstPerKey)
    , failedAuth(limits.failedAuthPerMinutePerAddress / 60.0, limits.failedAuthBurstPerAddress)
{
}

std::optional<HttpResponse> authorize(Access access, const HttpRequest &request)
{
    const Principal &p = request.principal;
    if (p.role == u"admin")
        return std::nullopt;
    // A reviewer may read and review their queues. Any other route is refused for the role (403, as for
    // every role: the routes are LangSmith's, no secret); what lies outside their queues answers as
    // missing, checked by the queue routes themselves (see queuesapi.cpp).
    if (p.isReviewer() && (access == Access::QueueRead || access == Access::Review))
        return std::nullopt;
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

// Every answer carries a request id, for the logs: the client's when it sent a sane one, else a new one.
void ensureRequestId(HttpRequest &request)
{
    if (requestIdOf(request).isEmpty())
        request.headers.insert("x-request-id",
                               QByteArray::number(QRandomGenerator::global()->generate64(), 16));
}

void echoRequestId(const HttpRequest &request, HttpResponse &response)
{
    if (const QByteArray id = requestIdOf(request); !id.isEmpty()) {
        response.headers.append({"x-request-id", id});
        if (response.status == 500) // 501 and 503 are decisions and states, not failures
            qWarning().noquote() << "request" << QString::fromLatin1(id) << request.method << request.path
                                 << "answered" << response.status;
    }
}

// The generated SDK client (0.12) retries 409 (taken for a lock timeout) and every 5xx unless told not
// to: a conflict here is a decision and a 501 stays one, so saying so spares callers their backoff.
void adviseRetry(HttpResponse &response)
{
    if (response.status == 409 || response.status == 501)
        response.headers.append({"x-should-retry", QByteArrayLiteral("false")});
}

} // namespace

RequestRunner::RequestRunner(Store &store, const Router &router, AccessLimits &limits,
                             std::function<void(DeferredWrites)> runDeferred)
    : m_store(store)
    , m_router(router)
    , m_limits(limits)
    , m_runDeferred(std::move(runDeferred))
{
}

std::optional<HttpResponse> RequestRunner::admit(HttpRequest &request)
{
    ensureRequestId(request);
    const Router::Match match = m_router.route(request);
    if (!match.handler || match.access == Access::Public)
        return std::nullopt; // answered (404, or by a public handler) once the body is in
    if (auto begun = m_store.begin(); !begun) {
        HttpResponse failed = HttpResponse::internal(begun.error());
        echoRequestId(request, failed);
        return failed;
    }
    std::optional<HttpResponse> refused = checkAccess(request, match.access);
    m_store.rollback(); // it only read
    runDeferred();
    if (refused)
        echoRequestId(request, *refused);
    else
        request.admitted = true;
    return refused;
}

HttpResponse RequestRunner::run(HttpRequest &request)
{
    ensureRequestId(request);
    HttpResponse response = handle(request);
    runDeferred();
    echoRequestId(request, response);
    adviseRetry(response);
    return response;
}

BodyPiece RequestRunner::pull(StoreBodyStream &stream)
{
    if (auto begun = m_store.begin(); !begun) {
        qWarning().noquote() << "a streamed response failed:" << begun.error().toString();
        return BodyPiece{{}, false, true};
    }
    QList<LaterWrite> later;
    Result<BodyPiece> piece = stream.next(m_store, later);
    m_store.rollback(); // it only read
    for (LaterWrite &w : later)
        m_deferred.append({std::move(w), false});
    runDeferred();
    if (!piece) {
        qWarning().noquote() << "a streamed response failed:" << piece.error().toString();
        return BodyPiece{{}, false, true};
    }
    return *piece;
}

std::optional<HttpResponse> RequestRunner::checkAccess(HttpRequest &request, Access access)
{
    const QByteArray key = request.header("x-api-key");
    auto authenticated = authenticate(m_store, key);
    if (!authenticated) {
        // Failures are limited per client address; successes never are, so a valid key is not refused
        // because someone behind the same proxy or NAT guessed wrong. Keys are random (at least 128 bits),
        // so guessing is hopeless anyway; the limit caps the work and the log noise of trying.
        if (key.isEmpty())
            return HttpResponse::error(401, authenticated.error().message);
        if (const auto wait = m_limits.failedAuth.take(request.remoteAddress))
            return HttpResponse::tooManyRequests(*wait,
                                                 u"too many failed authentications from this address"_s);
        auditFailedAuthentication(request, authenticated.error().message);
        return HttpResponse::error(401, authenticated.error().message);
    }
    request.principal = authenticated->principal;
    if (authenticated->lastUseDue)
        m_deferred.append(
            {[keyId = request.principal.keyId](Store &store) { return recordKeyUse(store, keyId); }, false});
    if (const auto wait = m_limits.perKey.take(request.principal.keyId))
        return HttpResponse::tooManyRequests(*wait, u"this key is sending too many requests; retry later"_s);
    return authorize(access, request);
}

void RequestRunner::auditFailedAuthentication(const HttpRequest &request, const QString &why)
{
    // Only failures the address limiter let through are recorded, so the log cannot be flooded.
    const QJsonObject attempt{{u"address"_s, request.remoteAddress},
                              {u"method"_s, request.method},
                              {u"path"_s, request.path},
                              {u"reason"_s, why}};
    m_deferred.append({[attempt, address = request.remoteAddress](Store &store) {
                           return recordAudit(store, u"address:"_s + address, u"authentication_failed"_s,
                                              u"authentication"_s, address, QJsonValue(), attempt);
                       },
                       true});
}

void RequestRunner::runDeferred()
{
    if (!m_deferred.isEmpty())
        m_runDeferred(std::exchange(m_deferred, {}));
}

HttpResponse RequestRunner::handle(HttpRequest &request)
{
    const Router::Match match = m_router.route(request);
    if (!match.handler)
        return HttpResponse::error(404, u"not found: %1 %2"_s.arg(request.method, request.path));
    request.params = match.params;
    if (auto begun = m_store.begin(); !begun)
        return HttpResponse::internal(begun.error());
    if (match.access != Access::Public && !request.admitted) {
        if (auto refused = checkAccess(request, match.access)) {
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
