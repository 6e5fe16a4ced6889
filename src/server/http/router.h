#pragma once

// Method + path pattern ("/runs/{id}") -> handler. Paths arrive without the /api/v1 prefix.

#include "httpmessage.h"

#include <functional>
#include <optional>
#include <vector>

namespace assay::server {

// Who may call a route. Roles (design.md §3): admin > member > ingest; reviewers are queue-scoped.
enum class Access {
    Public,    // no key: /info, using a presigned feedback token
    Ingest,    // send runs and feedback, add runs to queues: admin, member, ingest
    QueueRead, // read annotation queues and their runs: admin, member, and reviewers for their queues
    Review,    // the review protocol (/review/...): admin, member, reviewer (for their queues)
    Member,    // everything about the project's data: admin, member
    Admin,     // keys, reviewer assignments, the audit log: admin
};

// Where a route's work runs. Reads run on any of several read workers, each with its own connection (a
// slow query holds one of them, never the others); writes run in order on the one write worker, which
// keeps today's guarantees (one transaction per request, the feed's sequence, the audit chain) without
// lock contention. A read route must not write: its connection refuses writes.
enum class Lane { Read, Write };

using Handler = std::function<HttpResponse(HttpRequest &)>;

class Router {
public:
    // The lane defaults to Read for GET and Write for every other method.
    void add(const QString &method, const QString &pattern, Handler handler, Access access = Access::Member,
             std::optional<Lane> lane = std::nullopt);

    struct Match {
        const Handler *handler = nullptr;
        Access access = Access::Member;
        Lane lane = Lane::Write;
        QHash<QString, QString> params;
        QString pattern; // "/runs/{id}", for metrics and logs
    };
    // The route for this method and path, or a null handler.
    Match match(const QString &method, const QString &path) const;
    // The route for a request. One that came in on the metrics listener (--metrics-listen) reaches only
    // /metrics and the probes, without a key; anything else there is not found.
    Match route(const HttpRequest &request) const;

    struct RouteInfo {
        QString method;
        QString pattern;
        Access access;
        Lane lane;
    };
    QList<RouteInfo> routes() const; // for the authorization matrix test

private:
    struct Route {
        QString method;
        QStringList segments; // "{id}" segments capture
        Handler handler;
        Access access;
        Lane lane;
    };
    std::vector<Route> m_routes;
};

} // namespace assay::server
