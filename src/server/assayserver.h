#pragma once

// assay-server as an object: the store, the routes and the HTTP listener. The CLI and the tests both
// start it this way (tests on 127.0.0.1:0).

#include "api/apicontext.h"
#include "http/httpserver.h"
#include "rules/backfill.h"
#include "rules/ruleengine.h"
#include "storage/store.h"
#include "storage/walcheckpointer.h"

#include <QHostAddress>

#include <memory>

namespace assay::server {

struct ServerOptions {
    DatabaseUrl database;
    QString bootstrapAdminKey; // a known admin key for tests and containers; empty: none
    RateLimits rateLimits;
    HttpLimits httpLimits;
    TrustedProxies trustedProxies; // reverse proxies whose Forwarded / X-Forwarded-For are believed
    QString publicUrl;             // where clients reach the server, for links it hands out (--public-url)
    QByteArray auditKey;           // keys the audit chain with HMAC-SHA256 when set (--audit-hmac-key-file)
    qint64 queryBudgetMs = 10000;  // a run query answers a partial page with a cursor past this

    static ServerOptions with(DatabaseUrl database, QString bootstrapAdminKey, RateLimits rateLimits = {},
                              HttpLimits httpLimits = {})
    {
        ServerOptions o;
        o.database = std::move(database);
        o.bootstrapAdminKey = std::move(bootstrapAdminKey);
        o.rateLimits = rateLimits;
        o.httpLimits = httpLimits;
        return o;
    }
};

class AssayServer {
public:
    static Result<std::unique_ptr<AssayServer>> create(const ServerOptions &options);
    ~AssayServer();

    // Returns the bound port (useful with port 0), or why listening failed.
    Result<quint16> listen(const QHostAddress &address, quint16 port);

    Store &store() { return *m_store; }
    RuleEngine &rules() { return *m_rules; }
    HttpServer &http() { return *m_http; }
    const Router &router() const { return m_router; }

private:
    AssayServer(std::unique_ptr<Store> store, const ServerOptions &options);

    std::unique_ptr<Store> m_store;
    std::unique_ptr<RuleEngine> m_rules;
    std::unique_ptr<RuleBackfill> m_backfill;
    Router m_router;
    ApiContext m_context;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // SQLite only
};

} // namespace assay::server
