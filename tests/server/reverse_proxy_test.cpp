// The reverse-proxy setup of docs/operations.md through a real nginx (Debian's nginx-light): the
// server, told to trust the proxy, sees each client's own address (the audit log records it for a failed
// authentication), while a client that talks to the server directly cannot claim another address with
// X-Forwarded-For. nginx runs as this user from a temporary prefix, on a port of its own.

#include "rawclient.h"
#include "serverharness.h"

#include <printers.h>

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// nginx with the location block the operations page documents, in front of `upstream`.
class Nginx {
public:
    Nginx(quint16 upstream, const QTemporaryDir &dir)
        : port(freePort())
    {
        const QString prefix = dir.path();
        QFile conf(dir.filePath(u"nginx.conf"_s));
        if (!conf.open(QIODevice::WriteOnly))
            return;
        conf.write(QStringLiteral(R"(daemon off;
master_process off;
pid %1/nginx.pid;
error_log stderr warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path %1/body;
    proxy_temp_path %1/proxy;
    fastcgi_temp_path %1/fastcgi;
    uwsgi_temp_path %1/uwsgi;
    scgi_temp_path %1/scgi;
    server {
        listen 127.0.0.1:%2;
        client_max_body_size 64m;
        location / {
            proxy_pass http://127.0.0.1:%3;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_buffering off;
            proxy_read_timeout 300s;
        }
    }
}
)")
                       .arg(prefix)
                       .arg(port)
                       .arg(upstream)
                       .toUtf8());
        conf.close();
        process.start(executable(), {u"-p"_s, prefix, u"-c"_s, conf.fileName(), u"-e"_s, u"stderr"_s});
    }
    ~Nginx()
    {
        process.terminate();
        process.waitForFinished(5000);
    }
    static QString executable()
    {
        return QStandardPaths::findExecutable(u"nginx"_s, {u"/usr/sbin"_s, u"/usr/bin"_s});
    }
    // Waits until it accepts connections; false (with its stderr) when it does not.
    bool ready()
    {
        if (!process.waitForStarted(10000))
            return false;
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired() && process.state() == QProcess::Running) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            if (probe.waitForConnected(200))
                return true;
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        }
        return false;
    }

    quint16 port;
    QProcess process;
};

// A request with a wrong key from the address `from`, through port `port`: its status.
QByteArray statusLine(quint16 port, const QHostAddress &from, const QByteArray &extraHeaders = {})
{
    RawClient c(port, from);
    c.send("GET /api/v1/annotation-queues HTTP/1.1\r\nHost: review.example.com\r\nx-api-key: wrong-key-" +
           from.toString().toLatin1() + "\r\n" + extraHeaders + "Connection: close\r\n\r\n");
    const QByteArray answer = c.waitFor("\r\n\r\n", 10000);
    return answer.left(answer.indexOf("\r\n"));
}

} // namespace

TEST(ReverseProxy, ThroughNginxTheServerSeesEachClientsAddress)
{
    if (Nginx::executable().isEmpty())
        GTEST_FAIL() << "nginx is not installed (scripts/ensure-deps.sh installs nginx-light)";
    ServerHarness srv(Dialect::Sqlite, {}, {}, [](server::ServerOptions &o) {
        o.trustedProxies = *server::TrustedProxies::parse({u"127.0.0.1"_s}); // trusted-proxy = 127.0.0.1
    });
    ASSERT_TRUE(srv.started());
    QTemporaryDir dir;
    Nginx nginx(srv.port(), dir);
    ASSERT_TRUE(nginx.ready()) << nginx.process.readAllStandardError().toStdString();

    // Two clients behind the proxy, and one that goes around it claiming to be someone else.
    const QHostAddress alice(u"127.0.0.2"_s), bob(u"127.0.0.3"_s), sneaky(u"127.0.0.4"_s);
    EXPECT_EQ(statusLine(nginx.port, alice), "HTTP/1.1 401 Unauthorized");
    EXPECT_EQ(statusLine(nginx.port, bob, "X-Forwarded-For: 203.0.113.66\r\n"), "HTTP/1.1 401 Unauthorized")
        << "nginx replaces what the client claims";
    EXPECT_EQ(statusLine(srv.port(), sneaky, "X-Forwarded-For: 198.51.100.1\r\n"),
              "HTTP/1.1 401 Unauthorized");

    QStringList addresses;
    for (const QJsonValue &e : srv.auditEntries(u"authentication_failed"_s))
        addresses.append(e.toObject().value("entity_id"_L1).toString());
    EXPECT_EQ(addresses, (QStringList{u"127.0.0.2"_s, u"127.0.0.3"_s, u"127.0.0.4"_s}))
        << addresses.join(u", "_s).toStdString();
}
