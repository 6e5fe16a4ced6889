#include "assayserver.h"

#include "auth/apikeys.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

int g_serverCount = 0; // each server gets its own QtSql connection name

// "https://review.example.com/api/v1/" -> "https://review.example.com": links add the API path themselves.
QString publicUrlOf(QString url)
{
    while (url.endsWith(u'/'))
        url.chop(1);
    if (url.endsWith(u"/api/v1"_s))
        url.chop(7);
    return url;
}

} // namespace

Result<std::unique_ptr<AssayServer>> AssayServer::create(const ServerOptions &options)
{
    auto store = Store::open(options.database, u"assay-server-%1"_s.arg(++g_serverCount));
    if (!store)
        return store.error();
    (*store)->setAuditKey(options.auditKey);
    if (Status text = (*store)->setTextIndex(options.textIndex); !text)
        return text.error();
    if (!options.bootstrapAdminKey.isEmpty()) {
        if (auto weak = weakBootstrapKey(options.bootstrapAdminKey))
            return Error{*weak, u"bootstrap-admin-key"_s};
        if (Status begun = (*store)->begin(); !begun)
            return begun.error();
        auto ensured = ensureApiKey(
            **store, apiKeyFromSecret(options.bootstrapAdminKey, u"bootstrap admin"_s, u"admin"_s),
            u"system:bootstrap"_s);
        if (Status committed = ensured ? (*store)->commit() : Status(ensured.error()); !committed) {
            (*store)->rollback();
            return committed.error();
        }
    }
    auto server = std::unique_ptr<AssayServer>(new AssayServer(std::move(*store)));
    server->m_state.setPublicUrl(publicUrlOf(options.publicUrl));
    server->m_state.requestLogFormat = options.requestLog;
    PoolOptions pool;
    pool.database = options.database;
    pool.auditKey = options.auditKey;
    pool.readWorkers = options.readWorkers;
    pool.rateLimits = options.rateLimits;
    pool.tenantId = Uuid::v5(Uuid(), "assay-tenant");
    pool.queryBudgetMs = options.queryBudgetMs;
    pool.retention = options.retention;
    pool.name = server->m_store->connectionName();
    auto workers = WorkerPool::start(pool, server->m_state);
    if (!workers)
        return workers.error();
    server->m_pool = std::move(*workers);
    server->m_http =
        std::make_unique<HttpServer>(*server->m_pool, options.httpLimits, options.trustedProxies);
    server->m_tlsFiles = options.tls;
    if (options.tls.isSet()) {
        auto tls = loadTlsConfiguration(options.tls);
        if (!tls)
            return tls.error();
        server->m_http->setTls(*tls);
    }
    if (options.database.dialect == Dialect::Sqlite) {
        server->m_checkpointer = std::make_unique<WalCheckpointer>(options.database.path);
        server->m_checkpointer->start(QThread::LowPriority);
    }
    return server;
}

AssayServer::AssayServer(std::unique_ptr<Store> store)
    : m_store(std::move(store))
{
}

AssayServer::~AssayServer()
{
    stop();
    m_http.reset();
    m_checkpointer.reset();
    m_pool.reset();
}

void AssayServer::stop()
{
    if (m_http)
        m_http->stopListening();
    // The workers go before the HTTP server: their answers are delivered to it.
    if (m_pool)
        m_pool->stop(m_store->database());
}

Result<QSslCertificate> AssayServer::reloadTls()
{
    if (!m_tlsFiles.isSet())
        return Error{u"the server does not use TLS (no --tls-cert)"_s, {}};
    auto tls = loadTlsConfiguration(m_tlsFiles);
    if (!tls)
        return tls.error();
    m_http->setTls(*tls);
    return tls->localCertificate();
}

Result<quint16> AssayServer::listen(const QHostAddress &address, quint16 port)
{
    auto bound = m_http->listen(address, port);
    if (bound && m_state.publicUrl().isEmpty()) { // no --public-url: the address it listens on
        m_state.setPublicUrl(
            u"%1://%2:%3"_s.arg(m_http->usesTls() ? u"https"_s : u"http"_s, urlHost(address)).arg(*bound));
    }
    return bound;
}

} // namespace assay::server
