#include "serverharness.h"

#include "servercli.h"
#include "storage/connection.h"

#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>
#include <QTimer>

namespace assay::test {

using namespace Qt::StringLiterals;

namespace {

// Runs a statement on the cluster's maintenance database (CREATE/DROP DATABASE cannot run in one).
bool adminExec(const server::DatabaseUrl &admin, const QString &sql, QString *error)
{
    const QString name = u"assay-test-admin"_s;
    bool ok = false;
    {
        auto db = server::openDatabase(admin, name);
        if (!db) {
            *error = db.error().message;
        } else {
            QSqlQuery q(*db);
            ok = q.exec(sql);
            if (!ok)
                *error = q.lastError().text();
        }
    }
    server::closeDatabase(name);
    return ok;
}

} // namespace

TestDatabase::TestDatabase(Dialect dialect)
    : m_dialect(dialect)
{
    if (dialect == Dialect::Sqlite) {
        m_url = server::DatabaseUrl{Dialect::Sqlite, m_dir.filePath(u"assay.db"_s), {}, 5432, {}, {}, {}};
        return;
    }
    const QString admin = qEnvironmentVariable("ASSAY_TEST_POSTGRES_URL");
    if (admin.isEmpty()) {
        m_skipReason = u"ASSAY_TEST_POSTGRES_URL is not set (scripts/test.sh starts a cluster and sets it)"_s;
        return;
    }
    auto adminUrl = server::DatabaseUrl::parse(admin);
    if (!adminUrl) {
        m_skipReason = adminUrl.error().message;
        return;
    }
    server::DatabaseUrl url = *adminUrl;
    url.database = u"assay_test_%1"_s.arg(QRandomGenerator::global()->generate64(), 0, 16);
    QString error;
    if (!adminExec(*adminUrl, u"CREATE DATABASE %1"_s.arg(url.database), &error)) {
        m_skipReason = u"cannot create a test database: "_s + error;
        return;
    }
    m_url = url;
}

TestDatabase::~TestDatabase()
{
    if (m_dialect != Dialect::Postgres || !m_url)
        return;
    server::DatabaseUrl admin = *m_url;
    admin.database = server::DatabaseUrl::parse(qEnvironmentVariable("ASSAY_TEST_POSTGRES_URL"))->database;
    QString error;
    adminExec(admin, u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(m_url->database), &error);
}

QJsonValue HttpResult::json() const
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

ServerHarness::ServerHarness(Dialect dialect, const server::RateLimits &limits,
                             const server::HttpLimits &httpLimits,
                             std::function<void(server::ServerOptions &)> configure)
    : m_database(dialect)
    , m_limits(limits)
    , m_httpLimits(httpLimits)
    , m_configure(std::move(configure))
{
    if (m_database.url())
        start();
}

QString ServerHarness::databaseArgument() const
{
    const server::DatabaseUrl &url = *m_database.url();
    if (url.dialect == Dialect::Sqlite)
        return url.path;
    return QStringLiteral("postgresql://%1%2@%3:%4/%5")
        .arg(url.user, url.password.isEmpty() ? QString() : QStringLiteral(":") + url.password, url.host)
        .arg(url.port)
        .arg(url.database);
}

bool ServerHarness::start()
{
    server::ServerOptions options = server::ServerOptions::with(
        *m_database.url(), QString::fromLatin1(kAdminKey), m_limits, m_httpLimits);
    if (m_configure)
        m_configure(options);
    auto server = server::AssayServer::create(options);
    if (!server) {
        ADD_FAILURE() << "server did not start: " << server.error().toString().toStdString();
        return false;
    }
    auto port = (*server)->listen(QHostAddress::LocalHost, 0);
    if (!port) {
        ADD_FAILURE() << port.error().toString().toStdString();
        return false;
    }
    m_port = *port;
    m_server = std::move(*server);
    return true;
}

bool ServerHarness::restart(const std::function<void(const server::DatabaseUrl &)> &whileStopped)
{
    m_server.reset();
    whileStopped(*m_database.url());
    return start();
}

ServerHarness::~ServerHarness() = default;

QString ServerHarness::baseUrl() const
{
    return u"http://127.0.0.1:%1/api/v1"_s.arg(m_port);
}

HttpResult ServerHarness::request(const QByteArray &method, const QString &path, const QByteArray &body,
                                  const QByteArray &key, const QByteArray &contentType)
{
    static QNetworkAccessManager *nam = new QNetworkAccessManager(); // reused: keeps connections alive
    // Paths under /api/ other than v1 (the 0.12 SDK's /api/v2/...) are taken from the root.
    const bool fromRoot = path.startsWith(u"/api/"_s);
    QNetworkRequest request(QUrl(fromRoot ? u"http://127.0.0.1:%1"_s.arg(m_port) + path : baseUrl() + path));
    if (!key.isEmpty())
        request.setRawHeader("x-api-key", key);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    QNetworkReply *reply = nam->sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult result;
    if (!reply->isFinished()) {
        ADD_FAILURE() << method.toStdString() << ' ' << path.toStdString() << ": no answer within 30 s";
        reply->abort();
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.retryAfter = reply->rawHeader("Retry-After");
    result.nextCursor = reply->rawHeader("X-Next-Cursor");
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    reply->deleteLater();
    return result;
}

QVariant ServerHarness::scalar(const QString &sql)
{
    const QString name = u"harness-exec-%1"_s.arg(quintptr(this));
    QVariant value;
    {
        auto db = server::openDatabase(*m_database.url(), name);
        if (!db) {
            ADD_FAILURE() << db.error().message.toStdString();
            return {};
        }
        QSqlQuery q(*db);
        if (!q.exec(sql))
            ADD_FAILURE() << sql.toStdString() << ": " << q.lastError().text().toStdString();
        else if (q.next())
            value = q.value(0);
        else
            value = QVariant(QString()); // ran, selected nothing
    }
    server::closeDatabase(name);
    return value;
}

bool ServerHarness::execSql(const QString &sql)
{
    return scalar(sql).isValid();
}

QJsonArray ServerHarness::auditEntries(const QString &action)
{
    QJsonArray matching;
    qint64 after = 0;
    while (true) {
        const QJsonArray page = get(u"/audit?limit=1000&after=%1"_s.arg(after)).array();
        for (const QJsonValue &e : page)
            if (e.toObject().value(QLatin1StringView("action")).toString() == action)
                matching.append(e);
        if (page.size() < 1000)
            return matching;
        after = qint64(page.last().toObject().value(QLatin1StringView("seq")).toDouble());
    }
}

QByteArray toJson(const QJsonValue &value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

HttpResult ServerHarness::post(const QString &path, const QJsonValue &json)
{
    return request("POST", path, toJson(json));
}

HttpResult ServerHarness::patch(const QString &path, const QJsonValue &json)
{
    return request("PATCH", path, toJson(json));
}

void ServerTest::SetUp()
{
    harness = std::make_unique<ServerHarness>(GetParam());
    if (!harness->started()) {
        if (!harness->skipReason().isEmpty() && qEnvironmentVariableIsEmpty("CI"))
            GTEST_SKIP() << harness->skipReason().toStdString();
        FAIL() << "no server: " << harness->skipReason().toStdString();
    }
}

assay::Run rootRun(const QString &name, std::optional<Timestamp> startTime)
{
    assay::Run r;
    r.id = Uuid::v7();
    r.traceId = r.id;
    r.name = name;
    r.startTime = startTime;
    return r;
}

void StoreTestBase::SetUp()
{
    database = std::make_unique<TestDatabase>(GetParam());
    if (!database->url()) {
        if (qEnvironmentVariableIsEmpty("CI"))
            GTEST_SKIP() << database->skipReason().toStdString();
        FAIL() << database->skipReason().toStdString();
    }
    auto opened = server::Store::open(*database->url(), u"store-test"_s);
    ASSERT_TRUE(opened.ok()) << opened.error().toString().toStdString();
    store = std::move(*opened);
}

void StoreTestBase::TearDown()
{
    store.reset();
    database.reset();
}

std::string dialectName(const ::testing::TestParamInfo<Dialect> &info)
{
    return info.param == Dialect::Sqlite ? "Sqlite" : "Postgres";
}

QStringList undoMigrationsFrom16()
{
    return {u"DROP INDEX queue_items_to_review"_s,
            u"ALTER TABLE queue_items DROP COLUMN reviewers"_s,
            u"DROP INDEX feedback_by_position"_s,
            u"DROP INDEX examples_by_dataset"_s,
            u"CREATE INDEX examples_by_dataset ON examples (dataset_id, created_at)"_s,
            u"DROP INDEX examples_by_position"_s,
            u"DROP INDEX examples_by_source_run"_s,
            u"ALTER TABLE examples DROP COLUMN source_run_id"_s,
            u"DROP INDEX queue_items_by_run"_s,
            u"DROP INDEX annotations_by_run"_s,
            u"UPDATE assay_schema SET version = 15"_s};
}

server::TlsFiles makeTestCertificate(const QTemporaryDir &dir, const QString &name)
{
    server::TlsFiles files{dir.filePath(name + QStringLiteral(".crt")),
                           dir.filePath(name + QStringLiteral(".key"))};
    QProcess openssl;
    openssl.start(
        QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
         QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
         QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=") + name,
         QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"),
         files.keyPath, QStringLiteral("-out"), files.certificatePath});
    EXPECT_TRUE(openssl.waitForFinished(30000));
    EXPECT_EQ(openssl.exitCode(), 0) << openssl.readAllStandardError().toStdString();
    return files;
}

QSslCertificate certificateIn(const server::TlsFiles &files)
{
    QFile f(files.certificatePath);
    return f.open(QIODevice::ReadOnly) ? QSslCertificate(f.readAll(), QSsl::Pem) : QSslCertificate();
}

CliResult runCli(const QStringList &args)
{
    // An installed server's /etc/assay-server.conf is not the tests' configuration.
    if (!qEnvironmentVariableIsSet("ASSAY_CONFIG"))
        qputenv("ASSAY_CONFIG", "/dev/null");
    QString out, err;
    QTextStream o(&out), e(&err);
    const int code = server::runCli(QStringList{QStringLiteral("assay-server")} + args, o, e);
    o.flush();
    e.flush();
    return {code, out, err};
}

} // namespace assay::test
