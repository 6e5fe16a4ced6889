#pragma once

// Serves the Router over HTTP/1.1: connections are read by HttpConnection under HttpLimits (caps on
// connections, headers, URL and body, timeouts, 100-continue, a shared ByteBudget, backpressure); each
// request is admitted when its headers are in (route, key, rate limits, role) and then runs in one
// database transaction with JSON errors.
// Paths are accepted with the /api/v1 prefix (what the docs tell users to configure) and without it
// (LANGSMITH_ENDPOINT set to the bare host); /v1/platform/... maps to /platform/....

#include "auth/ratelimiter.h"
#include "router.h"

#include "bytebudget.h"
#include "limits.h"
#include "trustedproxies.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>

class QTcpServer;

namespace assay::server {

class Store;

struct RateLimits {
    double requestsPerSecondPerKey = 1000; // 0: no limit
    double burstPerKey = 2000;
    double failedAuthPerMinutePerAddress = 10;
    double failedAuthBurstPerAddress = 20;
};

class HttpConnection;

class HttpServer : public QObject {
    Q_OBJECT
public:
    HttpServer(Router &router, Store &store, const RateLimits &limits = {}, const HttpLimits &httpLimits = {},
               TrustedProxies trustedProxies = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    // Returns the bound port, or why listening failed.
    Result<quint16> listen(const QHostAddress &address, quint16 port);

    // Dispatches one request (also used by tests that need no socket).
    // Answers a request, echoing its X-Request-ID (so a client's failure report and the server log
    // name the same request) and logging server errors with it.
    HttpResponse dispatch(HttpRequest &request);
    HttpResponse handle(HttpRequest &request);
    // Checks a request as soon as its headers are in: the route exists, the key is valid, within its
    // rate limit and allowed this route. A response refuses it before its body is read.
    std::optional<HttpResponse> admit(HttpRequest &request);

    int connectionCount() const { return int(m_connections.size()); }
    // Bytes all connections hold: unparsed requests and unsent answers.
    qint64 bufferedBytes() const;

private:
    void accept();
    // Authentication, rate limits and the role check, inside the caller's transaction.
    std::optional<HttpResponse> checkAccess(HttpRequest &request, Access access);
    void auditFailedAuthentication(const HttpRequest &request, const QString &why);

    Router &m_router;
    Store &m_store;
    RateLimiter m_perKey;
    RateLimiter m_failedAuth; // failed authentications per client address (successes are never limited)
    HttpLimits m_httpLimits;
    TrustedProxies m_trustedProxies;
    ByteBudget m_inputBudget;
    QList<QTcpServer *> m_listeners;
    QSet<HttpConnection *> m_connections;
    QHash<QString, int> m_connectionsPerAddress;
};

// Whether the authenticated principal may use a route of this access level: nothing when it may,
// otherwise the refusal (403, or 404 for reviewers, who must not learn what exists).
std::optional<HttpResponse> authorize(Access access, const HttpRequest &request);

// "/api/v1/runs" -> "/runs"; "/v1/platform/datasets" -> "/platform/datasets".
QString apiPath(const QString &urlPath);

} // namespace assay::server
