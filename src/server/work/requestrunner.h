#pragma once

// Runs one request on a worker's connection: finds its route, checks its key, rate limit and role, and
// runs its handler in one transaction, committed when the answer is a success and rolled back
// otherwise, so a request that fails leaves the database as it was. The few writes a read worker may not
// make (a key's last use, a failed authentication's audit entry) go to the write worker as deferred
// writes, each in a transaction of its own.

#include "auth/ratelimiter.h"
#include "http/router.h"

#include <functional>
#include <optional>

namespace assay::server {

class Store;
class StoreBodyStream;

// Limits every worker applies, shared between them (RateLimiter is thread-safe).
struct AccessLimits {
    explicit AccessLimits(const RateLimits &limits);
    RateLimiter perKey;
    RateLimiter failedAuth; // failed authentications per client address (successes are never limited)
};

// A write a request needs that is not the request's own: it runs after the request's transaction has
// ended, in one of its own on the write worker. An awaited one is done before the request is answered
// (a failed authentication's audit entry); the others are not waited for (a key's last use).
struct DeferredWrite {
    std::function<Status(Store &)> write;
    bool awaited = false;
};
using DeferredWrites = QList<DeferredWrite>;

class RequestRunner {
public:
    RequestRunner(Store &store, const Router &router, AccessLimits &limits,
                  std::function<void(DeferredWrites)> runDeferred);

    // Checks a request whose headers are in: the route exists, the key is valid, within its rate limit
    // and allowed this route. A response refuses it before its body is read; otherwise the request
    // carries its principal and is marked admitted.
    std::optional<HttpResponse> admit(HttpRequest &request);
    // Answers a request, echoing its X-Request-ID (so a client's failure report and the server log name
    // the same request) and logging server errors with it.
    HttpResponse run(HttpRequest &request);
    // The next piece of a streamed response, in a read transaction of its own.
    BodyPiece pull(StoreBodyStream &stream);

private:
    void runDeferred();
    HttpResponse handle(HttpRequest &request);
    std::optional<HttpResponse> checkAccess(HttpRequest &request, Access access);
    void auditFailedAuthentication(const HttpRequest &request, const QString &why);

    Store &m_store;
    const Router &m_router;
    AccessLimits &m_limits;
    std::function<void(DeferredWrites)> m_runDeferred;
    DeferredWrites m_deferred; // the current request's
};

// Whether the authenticated principal may use a route of this access level: nothing when it may,
// otherwise the refusal (403, or 404 for reviewers, who must not learn what exists).
std::optional<HttpResponse> authorize(Access access, const HttpRequest &request);

} // namespace assay::server
