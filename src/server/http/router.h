#pragma once

// Method + path pattern ("/runs/{id}") -> handler. Paths arrive without the /api/v1 prefix.

#include "httpmessage.h"

#include <functional>
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

using Handler = std::function<HttpResponse(HttpRequest &)>;

class Router {
public:
    void add(const QString &method, const QString &pattern, Handler handler, Access access = Access::Member);

    struct Match {
        const Handler *handler = nullptr;
        Access access = Access::Member;
        QHash<QString, QString> params;
    };
    // The route for this method and path, or a null handler.
    Match match(const QString &method, const QString &path) const;

    struct RouteInfo {
        QString method;
        QString pattern;
        Access access;
    };
    QList<RouteInfo> routes() const; // for the authorization matrix test

private:
    struct Route {
        QString method;
        QStringList segments; // "{id}" segments capture
        Handler handler;
        Access access;
    };
    std::vector<Route> m_routes;
};

} // namespace assay::server
