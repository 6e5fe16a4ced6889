#pragma once

// Starts a real assay-server on 127.0.0.1:0 over a fresh database (a SQLite file in a temp dir, or a
// new database in the PostgreSQL cluster named by ASSAY_TEST_POSTGRES_URL) and talks HTTP to it.

#include "assayserver.h"

#include <QJsonDocument>
#include <QTemporaryDir>

#include <functional>

#include <gtest/gtest.h>

#include <memory>

namespace assay::server {
inline void PrintTo(Dialect d, std::ostream *os)
{
    *os << (d == Dialect::Sqlite ? "SQLite" : "PostgreSQL");
}
} // namespace assay::server

namespace assay::test {

using server::Dialect;

// A throwaway database of the given dialect; dropped again when it goes.
class TestDatabase {
public:
    explicit TestDatabase(Dialect dialect);
    ~TestDatabase();
    // Empty when this dialect cannot run here; `skipReason()` says why.
    const std::optional<server::DatabaseUrl> &url() const { return m_url; }
    QString skipReason() const { return m_skipReason; }

private:
    Dialect m_dialect;
    QTemporaryDir m_dir;
    std::optional<server::DatabaseUrl> m_url;
    QString m_skipReason;
};

struct HttpResult {
    int status = 0;
    QByteArray body;
    QByteArray retryAfter;                 // the Retry-After header, if any
    QByteArray nextCursor;                 // a listing's X-Next-Cursor header, if any
    QHash<QByteArray, QByteArray> headers; // every header, lower-case names
    QJsonValue json() const;
    QJsonObject object() const { return json().toObject(); }
    QJsonArray array() const { return json().toArray(); }
    QString detail() const { return object().value(QLatin1StringView("detail")).toString(); }
};

class ServerHarness {
public:
    static constexpr const char *kAdminKey = "assay-test-admin-key-4f9c2d7e8a1b6035";

    // `configure` may change the remaining options (trusted proxies, ...) before the server starts.
    explicit ServerHarness(Dialect dialect, const server::RateLimits &limits = {},
                           const server::HttpLimits &httpLimits = {},
                           std::function<void(server::ServerOptions &)> configure = {});
    ~ServerHarness();

    bool started() const { return m_server != nullptr; }
    // Stops the server, lets `whileStopped` work on its database (for SQLite: the file), and starts it
    // again on a new port; false (with a test failure) when it does not come back.
    bool restart(const std::function<void(const server::DatabaseUrl &)> &whileStopped);
    QString skipReason() const { return m_database.skipReason(); }
    server::AssayServer &server() { return *m_server; }
    quint16 port() const { return m_port; }
    QString baseUrl() const;

    // Sends a request to /api/v1 + path. `body` as given; `key` empty sends no x-api-key.
    HttpResult request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                       const QByteArray &key = kAdminKey, const QByteArray &contentType = "application/json");
    HttpResult get(const QString &path) { return request("GET", path); }
    // Runs SQL on the server's database over a connection of its own (to set up what the API cannot,
    // such as rows from an older schema); false with a test failure when it fails.
    bool execSql(const QString &sql);
    // The database as `--database` takes it (for the CLI's commands on the same data).
    QString databaseArgument() const;
    // The first column of the first row a query selects (null when none).
    QVariant scalar(const QString &sql);
    // The audit entries (oldest first) with this action, as /audit lists them.
    QJsonArray auditEntries(const QString &action);
    HttpResult post(const QString &path, const QJsonValue &json);
    HttpResult patch(const QString &path, const QJsonValue &json);
    HttpResult del(const QString &path) { return request("DELETE", path); }

private:
    bool start();

    TestDatabase m_database;
    server::RateLimits m_limits;
    server::HttpLimits m_httpLimits;
    std::function<void(server::ServerOptions &)> m_configure;
    std::unique_ptr<server::AssayServer> m_server;
    quint16 m_port = 0;
};

// Parameterized fixture: every test runs on SQLite and on PostgreSQL.
class ServerTest : public ::testing::TestWithParam<Dialect> {
protected:
    void SetUp() override;
    void TearDown() override { harness.reset(); }
    ServerHarness &srv() { return *harness; }

    std::unique_ptr<ServerHarness> harness;
};

// Parameterized fixture for tests of the storage and services without HTTP: a Store on a fresh test
// database of each dialect (skipped without PostgreSQL outside CI, failed inside it).
class StoreTestBase : public ::testing::TestWithParam<Dialect> {
protected:
    void SetUp() override;
    void TearDown() override;

    std::unique_ptr<TestDatabase> database;
    std::unique_ptr<server::Store> store;
};

// A root run with a fresh id (its own trace), for tests that store runs without HTTP.
assay::Run rootRun(const QString &name, std::optional<Timestamp> startTime = std::nullopt);

std::string dialectName(const ::testing::TestParamInfo<Dialect> &info);
// Statements that take a database back from the latest schema to 15 (migrations 17 and 16 undone), for
// tests that start from an older schema.
QStringList undoMigrationsFrom16();
QByteArray toJson(const QJsonValue &value);

// A self-signed certificate for 127.0.0.1 (CN=name) with its EC key, made by the openssl command as
// NAME.crt and NAME.key in `dir`.
server::TlsFiles makeTestCertificate(const QTemporaryDir &dir, const QString &name);
// The certificate in `files` (null when it cannot be read).
QSslCertificate certificateIn(const server::TlsFiles &files);

// `assay-server ARGS…` run in this process: its exit status and what it printed.
struct CliResult {
    int code;
    QString out;
    QString err;
};
CliResult runCli(const QStringList &args);

} // namespace assay::test

#define ASSAY_SERVER_TEST_SUITE(Fixture)                                                                     \
    INSTANTIATE_TEST_SUITE_P(                                                                                \
        Db, Fixture, ::testing::Values(assay::server::Dialect::Sqlite, assay::server::Dialect::Postgres),    \
        assay::test::dialectName)
