#pragma once

// assay-server as an object: the HTTP listener on the thread that creates it, the worker pool that does
// the work, and a connection of the owner's own for startup, the CLI and tests. The CLI and the tests
// both start it this way (tests on 127.0.0.1:0).

#include "api/apicontext.h"
#include "http/httpserver.h"
#include "http/tlsconfig.h"
#include "storage/store.h"
#include "storage/walcheckpointer.h"
#include "work/workerpool.h"

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
    int readWorkers = 4;           // threads (and connections) for read requests, beside the one writer
    RetentionOptions retention;    // --retain-runs-days (off by default)
    bool textIndex = false;        // --text-index: search("...") narrowed by a trigram index
    LogFormat requestLog = LogFormat::None; // a line per answered request on stderr (--log-format)
    TlsFiles tls;                           // --tls-cert and --tls-key: the API is served over TLS

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
    // A second address that answers only /metrics and the probes, without a key (--metrics-listen).
    Result<quint16> listenForMetrics(const QHostAddress &address, quint16 port)
    {
        return m_http->listen(address, port, true);
    }

    // Reads the TLS certificate and key again (SIGHUP): new connections get them, open ones keep theirs.
    // On an error the configuration in use stays, and the error says why.
    Result<QSslCertificate> reloadTls();

    // The owner thread's own connection (startup, the CLI, tests); requests never use it.
    Store &store() { return *m_store; }
    HttpServer &http() { return *m_http; }
    const Router &router() const { return m_pool->routes(); }
    const WorkerPool &workers() const { return *m_pool; }

    // Answers one request through the workers and waits for it: for in-process callers (the demo's
    // setup) on the owner's thread.
    HttpResponse call(HttpRequest request) { return m_pool->call(std::move(request)); }

    // Stops taking connections and stops the workers, interrupting what they run; what was committed
    // stays. The destructor does it too.
    void stop();

private:
    explicit AssayServer(std::unique_ptr<Store> store);

    std::unique_ptr<Store> m_store;
    TlsFiles m_tlsFiles;
    ServerState m_state;
    std::unique_ptr<WorkerPool> m_pool;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // SQLite only
};

} // namespace assay::server
