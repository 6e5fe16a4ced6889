#pragma once

// Method + path pattern ("/runs/{id}") -> handler. Paths arrive without the /api/v1 prefix.

#include "httpmessage.h"

#include <functional>
#include <vector>

namespace assay::server {

enum class Access { Public, ApiKey };

using Handler = std::function<HttpResponse(HttpRequest &)>;

class Router {
public:
    void add(const QString &method, const QString &pattern, Handler handler, Access access = Access::ApiKey);

    struct Match {
        const Handler *handler = nullptr;
        Access access = Access::ApiKey;
        QHash<QString, QString> params;
    };
    // The route for this method and path, or a null handler.
    Match match(const QString &method, const QString &path) const;

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
