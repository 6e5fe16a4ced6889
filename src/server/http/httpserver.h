#pragma once

// Serves the Router over Qt HttpServer: one transaction per request, JSON errors, API-key checks.
// Paths are accepted with the /api/v1 prefix (what the docs tell users to configure) and without it
// (LANGSMITH_ENDPOINT set to the bare host); /v1/platform/... maps to /platform/....

#include "auth/ratelimiter.h"
#include "router.h"

#include <QAbstractHttpServer>

namespace assay::server {

class Store;

struct RateLimits {
    double requestsPerSecondPerKey = 1000; // 0: no limit
    double burstPerKey = 2000;
    double failedAuthPerMinutePerAddress = 10;
    double failedAuthBurstPerAddress = 20;
};

class HttpServer : public QAbstractHttpServer {
    Q_OBJECT
public:
    HttpServer(Router &router, Store &store, const RateLimits &limits = {}, QObject *parent = nullptr);

    // Dispatches one request (also used by tests that need no socket).
    HttpResponse dispatch(HttpRequest &request);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    static void send(QTcpSocket *socket, const QHttpServerRequest &request, const HttpResponse &response);

    Router &m_router;
    Store &m_store;
    RateLimiter m_perKey;
    RateLimiter m_failedAuth; // per client address: slows down key guessing
};

// Whether the authenticated principal may use a route of this access level: nothing when it may,
// otherwise the refusal (403, or 404 for reviewers, who must not learn what exists).
std::optional<HttpResponse> authorize(Access access, const HttpRequest &request);

// "/api/v1/runs" -> "/runs"; "/v1/platform/datasets" -> "/platform/datasets".
QString apiPath(const QString &urlPath);

} // namespace assay::server
