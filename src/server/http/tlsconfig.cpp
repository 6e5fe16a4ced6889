#include "tlsconfig.h"

#include "tlstcpserver.h"

#include <QEventLoop>
#include <QFile>
#include <QSslKey>
#include <QSslSocket>
#include <QTimer>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

Result<QByteArray> readPem(const QString &path, const QString &what)
{
    if (path.isEmpty())
        return Error{u"TLS needs both --tls-cert and --tls-key; %1 is missing"_s.arg(what), {}};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{u"cannot read the TLS %1 %2: %3"_s.arg(what, path, file.errorString()), {}};
    return file.read(1024 * 1024);
}

Result<QSslKey> privateKeyFrom(const QByteArray &pem, const QString &path)
{
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return Error{u"%1 holds no private key in PEM (RSA or EC, not encrypted)"_s.arg(path), {}};
}

// One handshake with `config` over loopback, as a client that trusts anything would make it.
Status tryHandshake(const QSslConfiguration &config)
{
    TlsTcpServer server(config);
    if (!server.listen(QHostAddress::LocalHost, 0))
        return Error{server.errorString(), {}};
    QSslSocket client;
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setPeerVerifyMode(QSslSocket::VerifyNone);
    client.setSslConfiguration(trusting);
    QEventLoop loop;
    QString failure;
    QObject::connect(&client, &QSslSocket::encrypted, &loop, &QEventLoop::quit);
    QObject::connect(&client, &QAbstractSocket::errorOccurred, &loop, [&] {
        failure = client.errorString();
        loop.quit();
    });
    QObject::connect(&server, &QTcpServer::newConnection, &loop, [&] {
        while (QTcpSocket *accepted = server.nextPendingConnection()) {
            // A key the TLS library refuses fails as the handshake starts, before anyone listens.
            if (accepted->error() != QAbstractSocket::UnknownSocketError) {
                failure = accepted->errorString();
                loop.quit();
            }
            QObject::connect(accepted, &QAbstractSocket::errorOccurred, &loop, [&, accepted] {
                failure = accepted->errorString();
                loop.quit();
            });
        }
    });
    QTimer::singleShot(5000, &loop, [&] {
        failure = u"no handshake within 5 s"_s;
        loop.quit();
    });
    client.connectToHostEncrypted(u"127.0.0.1"_s, server.serverPort());
    loop.exec();
    if (!failure.isEmpty() || !client.isEncrypted())
        return Error{failure.isEmpty() ? u"the handshake failed"_s : failure, {}};
    return Ok{};
}

} // namespace

Result<QSslConfiguration> loadTlsConfiguration(const TlsFiles &files)
{
    if (!QSslSocket::supportsSsl())
        return Error{u"TLS is not available: Qt found no TLS backend (is libssl3 installed?)"_s, {}};
    auto certificatePem = readPem(files.certificatePath, u"certificate"_s);
    if (!certificatePem)
        return certificatePem.error();
    auto keyPem = readPem(files.keyPath, u"key"_s);
    if (!keyPem)
        return keyPem.error();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return Error{u"%1 holds no certificate in PEM"_s.arg(files.certificatePath), {}};
    auto key = privateKeyFrom(*keyPem, files.keyPath);
    if (!key)
        return key.error();

    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with API keys
    config.setLocalCertificateChain(chain);
    config.setPrivateKey(*key);
    // A key that is not the certificate's fails every handshake: find out now, not from the clients.
    if (Status shaken = tryHandshake(config); !shaken)
        return Error{u"%1 and %2 do not make a working TLS server: %3 (is the key the certificate's?)"_s.arg(
                         files.certificatePath, files.keyPath, shaken.error().message),
                     {}};
    return config;
}

QString describeCertificate(const QSslCertificate &certificate)
{
    const QString name = certificate.subjectInfo(QSslCertificate::CommonName).value(0);
    return u"CN=%1, expires %2, SHA-256 %3"_s.arg(
        name.isEmpty() ? u"(none)"_s : name, certificate.expiryDate().toUTC().toString(Qt::ISODate),
        QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':')));
}

} // namespace assay::server
