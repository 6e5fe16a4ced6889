// GET /healthz and GET /readyz: what a supervisor, a load balancer or Kubernetes asks, without a key.
// Liveness says the server answers requests (through its workers, so a wedged pool fails it too);
// readiness adds that the database answers and its schema is the one this binary runs.

#include "apicontext.h"

#include "storage/migrations.h"

#include "assay/version.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

HttpResponse liveness(ApiContext &, HttpRequest &)
{
    return HttpResponse::json(
        QJsonObject{{"status"_L1, u"ok"_s}, {"version"_L1, QStringLiteral(ASSAY_VERSION)}});
}

HttpResponse readiness(ApiContext &ctx, HttpRequest &)
{
    if (ctx.state.stopping())
        return HttpResponse::error(503, u"the server is stopping"_s);
    auto version = schemaVersion(ctx.store.database());
    if (!version)
        return HttpResponse::error(503, u"the database does not answer: "_s + version.error().message);
    if (*version != latestSchemaVersion())
        return HttpResponse::error(
            503,
            u"the database's schema is version %1; this server runs version %2 (run assay-server migrate)"_s
                .arg(*version)
                .arg(latestSchemaVersion()));
    return HttpResponse::json(QJsonObject{
        {"status"_L1, u"ready"_s},
        // the kind only: a public route names no path or host
        {"database"_L1, ctx.store.url().dialect == Dialect::Sqlite ? u"sqlite"_s : u"postgresql"_s},
        {"schema_version"_L1, *version}});
}

} // namespace

void registerProbeRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "GET", "/healthz", liveness, Access::Public);
    addRoute(router, ctx, "GET", "/readyz", readiness, Access::Public);
}

} // namespace assay::server
