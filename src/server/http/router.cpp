#include "router.h"

namespace assay::server {

using namespace Qt::StringLiterals;

void Router::add(const QString &method, const QString &pattern, Handler handler, Access access,
                 std::optional<Lane> lane)
{
    m_routes.push_back(Route{method, pattern.split(u'/', Qt::SkipEmptyParts), std::move(handler), access,
                             lane.value_or(method == u"GET" ? Lane::Read : Lane::Write)});
}

QList<Router::RouteInfo> Router::routes() const
{
    QList<RouteInfo> out;
    for (const Route &r : m_routes)
        out.append({r.method, u"/"_s + r.segments.join(u'/'), r.access, r.lane});
    return out;
}

Router::Match Router::match(const QString &method, const QString &path) const
{
    const QStringList segments = path.split(u'/', Qt::SkipEmptyParts);
    for (const Route &route : m_routes) {
        if (route.method != method || route.segments.size() != segments.size())
            continue;
        QHash<QString, QString> params;
        bool ok = true;
        for (qsizetype i = 0; i < segments.size() && ok; ++i) {
            const QString &want = route.segments.at(i);
            if (want.startsWith(u'{') && want.endsWith(u'}'))
                params.insert(want.mid(1, want.size() - 2), segments.at(i));
            else
                ok = want == segments.at(i);
        }
        if (ok)
            return Match{&route.handler, route.access, route.lane, params,
                         u"/"_s + route.segments.join(u'/')};
    }
    return {};
}

Router::Match Router::route(const HttpRequest &request) const
{
    Match found = match(request.method, request.path);
    if (!request.viaMetricsListener)
        return found;
    if (!found.handler ||
        !(found.pattern == u"/metrics" || found.pattern == u"/healthz" || found.pattern == u"/readyz"))
        return {};
    found.access = Access::Public; // the listener's address is the access control (operations.md)
    return found;
}

} // namespace assay::server
