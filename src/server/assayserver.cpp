#include "assayserver.h"

#include "auth/apikeys.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

int g_serverCount = 0; // each server gets its own QtSql connection name

} // namespace

Result<std::unique_ptr<AssayServer>> AssayServer::create(const ServerOptions &options)
{
    auto store = Store::open(options.database, u"assay-server-%1"_s.arg(++g_serverCount));
    if (!store)
        return store.error();
    if (!options.bootstrapAdminKey.isEmpty()) {
        if (auto ensured = ensureApiKey(
                **store, apiKeyFromSecret(options.bootstrapAdminKey, u"bootstrap admin"_s, u"admin"_s));
            !ensured)
            return ensured.error();
    }
    auto server = std::unique_ptr<AssayServer>(
        new AssayServer(std::move(*store), options));
    if (options.database.dialect == Dialect::Sqlite) {
        server->m_checkpointer = std::make_unique<WalCheckpointer>(options.database.path);
        server->m_checkpointer->start(QThread::LowPriority);
    }
    return server;
}

AssayServer::AssayServer(std::unique_ptr<Store> store, const ServerOptions &options)
    : m_store(std::move(store))
    , m_rules(std::make_unique<RuleEngine>(*m_store))
    , m_backfill(std::make_unique<RuleBackfill>(*m_store, *m_rules))
    , m_context{*m_store, *m_rules, *m_backfill, Uuid::v5(Uuid(), "assay-tenant")}
{
    registerAllRoutes(m_router, m_context);
    m_http = std::make_unique<HttpServer>(m_router, *m_store, options.rateLimits, options.httpLimits,
                                          options.trustedProxies);
}

AssayServer::~AssayServer()
{
    // The listener goes first, then the rule counters are written while the store is still open.
    m_http.reset();
    m_checkpointer.reset();
    m_backfill.reset();
    m_rules.reset();
}

Result<quint16> AssayServer::listen(const QHostAddress &address, quint16 port)
{
    return m_http->listen(address, port);
}

} // namespace assay::server
