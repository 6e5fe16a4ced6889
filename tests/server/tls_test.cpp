// TLS on the API's listener (--tls-cert / --tls-key): TLS 1.2 or later only, a pair that does not work
// refused with its reason, and a renewed certificate taken on reload (SIGHUP) without dropping the
// connections already open. Certificates are made by the openssl command for each test.

#include "rawclient.h"
#include "serverharness.h"

#include <printers.h>

#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <csignal>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

// Copies `from`'s files over `to`'s: a renewal in place, as certbot does it.
void renewInPlace(const server::TlsFiles &from, const server::TlsFiles &to)
{
    for (const auto &[source, target] :
         {std::pair{from.certificatePath, to.certificatePath}, std::pair{from.keyPath, to.keyPath}}) {
        QFile::remove(target);
        ASSERT_TRUE(QFile::copy(source, target));
    }
}

// A TLS client driven by this thread's event loop (the server under test lives on it too), trusting
// only `ca`.
class TlsClient {
public:
    TlsClient(quint16 port, const QSslCertificate &ca)
    {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates({ca});
        config.setProtocol(QSsl::TlsV1_2OrLater);
        socket.setSslConfiguration(config);
        QObject::connect(&socket, &QSslSocket::readyRead, [this] { received += socket.readAll(); });
        socket.connectToHostEncrypted(u"127.0.0.1"_s, port);
        spinUntil(
            [&] { return socket.isEncrypted() || socket.state() == QAbstractSocket::UnconnectedState; });
    }
    bool encrypted() const { return socket.isEncrypted(); }
    QSslCertificate peer() const { return socket.peerCertificate(); }
    // Sends a GET on the connection (kept alive) and returns the answer's status line.
    QByteArray get(const QByteArray &path)
    {
        received.clear();
        socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        spinUntil([&] {
            return received.contains("\r\n\r\n") || socket.state() != QAbstractSocket::ConnectedState;
        });
        return received.left(received.indexOf("\r\n"));
    }

    QSslSocket socket;
    QByteArray received;

private:
    template<typename Done>
    void spinUntil(Done done)
    {
        QDeadlineTimer deadline(10000);
        while (!done() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
};

// openssl s_client's exit status for a handshake with the given protocol flag ("-tls1_2"), run while
// this thread's event loop keeps the server answering.
int opensslHandshake(quint16 port, const QString &protocolFlag)
{
    QProcess client;
    client.start(u"openssl"_s, {u"s_client"_s, u"-connect"_s, u"127.0.0.1:%1"_s.arg(port), protocolFlag,
                                u"-cipher"_s, u"DEFAULT@SECLEVEL=0"_s});
    client.closeWriteChannel();
    QDeadlineTimer deadline(20000);
    while (client.state() != QProcess::NotRunning && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return client.exitStatus() == QProcess::NormalExit ? client.exitCode() : -1;
}

} // namespace

TEST(Tls, TheApiIsServedOverTls12OrLaterOnly)
{
    QTemporaryDir dir;
    const server::TlsFiles first = makeTestCertificate(dir, u"first"_s);
    ServerHarness srv(Dialect::Sqlite, {}, {}, [&](server::ServerOptions &o) { o.tls = first; });
    ASSERT_TRUE(srv.started());

    TlsClient client(srv.port(), certificateIn(first));
    ASSERT_TRUE(client.encrypted()) << client.socket.errorString().toStdString();
    EXPECT_EQ(client.peer(), certificateIn(first));
    EXPECT_TRUE(client.socket.sessionProtocol() == QSsl::TlsV1_2 ||
                client.socket.sessionProtocol() == QSsl::TlsV1_3);
    EXPECT_EQ(client.get("/api/v1/healthz"), "HTTP/1.1 200 OK");
    EXPECT_EQ(client.get("/api/v1/info"), "HTTP/1.1 200 OK") << "the connection is kept alive";

    // Older protocols are refused even to a client willing to use them.
    EXPECT_EQ(opensslHandshake(srv.port(), u"-tls1_2"_s), 0);
    EXPECT_NE(opensslHandshake(srv.port(), u"-tls1_1"_s), 0);
    EXPECT_NE(opensslHandshake(srv.port(), u"-tls1"_s), 0);

    // Plain HTTP on the TLS port gets no answer.
    RawClient plain(srv.port());
    plain.send("GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_FALSE(plain.waitFor("HTTP/1.1 200", 2000).contains("HTTP/1.1 200"));

    // A client that does not trust the certificate does not get through: no way around it.
    QSslSocket untrusting;
    untrusting.connectToHostEncrypted(u"127.0.0.1"_s, srv.port());
    QDeadlineTimer deadline(10000);
    while (untrusting.state() != QAbstractSocket::UnconnectedState && !untrusting.isEncrypted() &&
           !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    EXPECT_FALSE(untrusting.isEncrypted());
}

TEST(Tls, AReloadServesTheRenewedCertificateWithoutDroppingOpenConnections)
{
    QTemporaryDir dir;
    const server::TlsFiles live{dir.filePath(u"live.crt"_s), dir.filePath(u"live.key"_s)};
    const server::TlsFiles first = makeTestCertificate(dir, u"first"_s);
    const server::TlsFiles renewed = makeTestCertificate(dir, u"renewed"_s);
    const server::TlsFiles stranger = makeTestCertificate(dir, u"stranger"_s);
    renewInPlace(first, live);
    ServerHarness srv(Dialect::Sqlite, {}, {}, [&](server::ServerOptions &o) { o.tls = live; });
    ASSERT_TRUE(srv.started());
    TlsClient before(srv.port(), certificateIn(first));
    ASSERT_TRUE(before.encrypted());
    EXPECT_EQ(before.get("/api/v1/healthz"), "HTTP/1.1 200 OK");

    renewInPlace(renewed, live);
    auto reloaded = srv.server().reloadTls();
    ASSERT_TRUE(reloaded) << reloaded.error().message.toStdString();
    EXPECT_EQ(*reloaded, certificateIn(renewed));
    TlsClient after(srv.port(), certificateIn(renewed));
    ASSERT_TRUE(after.encrypted()) << after.socket.errorString().toStdString();
    EXPECT_EQ(after.peer(), certificateIn(renewed));
    // The connection opened before the reload goes on as it was.
    EXPECT_EQ(before.get("/api/v1/healthz"), "HTTP/1.1 200 OK");
    EXPECT_EQ(before.peer(), certificateIn(first));

    // A certificate with another's key is refused, saying so; the renewed one stays in use.
    QFile::remove(live.keyPath);
    ASSERT_TRUE(QFile::copy(stranger.keyPath, live.keyPath));
    auto mismatched = srv.server().reloadTls();
    ASSERT_FALSE(mismatched);
    EXPECT_TRUE(mismatched.error().message.contains(u"is the key the certificate's?"_s))
        << mismatched.error().message.toStdString();
    TlsClient still(srv.port(), certificateIn(renewed));
    EXPECT_TRUE(still.encrypted());
    EXPECT_EQ(still.get("/api/v1/healthz"), "HTTP/1.1 200 OK");
}

TEST(Tls, BadFilesAreRefusedAtStartWithTheirReason)
{
    QTemporaryDir dir;
    const server::TlsFiles good = makeTestCertificate(dir, u"good"_s);
    QFile junk(dir.filePath(u"junk.pem"_s));
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write("not a certificate\n");
    junk.close();
    auto refused = [&](const QStringList &flags, const QString &expected) {
        const auto r = runCli(QStringList{u"serve"_s, u"--database"_s, dir.filePath(u"s.db"_s), u"--listen"_s,
                                          u"127.0.0.1:0"_s} +
                              flags);
        EXPECT_EQ(r.code, 1) << flags.join(u' ').toStdString();
        EXPECT_TRUE(r.err.contains(expected)) << r.err.toStdString();
    };
    refused({u"--tls-cert"_s, good.certificatePath},
            u"TLS needs both --tls-cert and --tls-key; key is missing"_s);
    refused({u"--tls-cert"_s, junk.fileName(), u"--tls-key"_s, good.keyPath},
            u"holds no certificate in PEM"_s);
    refused({u"--tls-cert"_s, good.certificatePath, u"--tls-key"_s, junk.fileName()},
            u"holds no private key"_s);
    refused({u"--tls-cert"_s, dir.filePath(u"missing.crt"_s), u"--tls-key"_s, good.keyPath},
            u"cannot read the TLS certificate"_s);
}

// The executable: `systemctl reload` sends SIGHUP; the next connection gets the renewed certificate.
TEST(Tls, TheExecutableReloadsOnSighup)
{
    QTemporaryDir dir;
    const server::TlsFiles live{dir.filePath(u"live.crt"_s), dir.filePath(u"live.key"_s)};
    const server::TlsFiles first = makeTestCertificate(dir, u"first"_s);
    const server::TlsFiles renewed = makeTestCertificate(dir, u"renewed"_s);
    renewInPlace(first, live);
    QProcess p;
    p.start(QStringLiteral(ASSAY_SERVER_EXE),
            {u"serve"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--database"_s, dir.filePath(u"s.db"_s),
             u"--tls-cert"_s, live.certificatePath, u"--tls-key"_s, live.keyPath});
    ASSERT_TRUE(p.waitForReadyRead(30000)) << p.readAllStandardError().toStdString();
    const QString line = QString::fromUtf8(p.readLine());
    const auto port = QRegularExpression(u"listening on https://127\\.0\\.0\\.1:(\\d+)/api/v1"_s).match(line);
    ASSERT_TRUE(port.hasMatch()) << line.toStdString();
    auto peerOfNewConnection = [&] {
        QSslSocket s;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        s.setSslConfiguration(config);
        s.connectToHostEncrypted(u"127.0.0.1"_s, quint16(port.captured(1).toUInt()));
        return s.waitForEncrypted(10000) ? s.peerCertificate() : QSslCertificate();
    };
    EXPECT_EQ(peerOfNewConnection(), certificateIn(first));
    renewInPlace(renewed, live);
    ASSERT_EQ(::kill(pid_t(p.processId()), SIGHUP), 0);
    QSslCertificate seen;
    for (int attempt = 0; attempt < 50 && seen != certificateIn(renewed); ++attempt) {
        QThread::msleep(100);
        seen = peerOfNewConnection();
    }
    EXPECT_EQ(seen, certificateIn(renewed));
    p.terminate();
    ASSERT_TRUE(p.waitForFinished(30000));
    EXPECT_EQ(p.exitCode(), 0) << "SIGHUP must not stop the server";
    const QByteArray err = p.readAllStandardError();
    EXPECT_TRUE(err.contains("TLS certificate reloaded: CN=renewed")) << err.toStdString();
}
