#include "certificatepins.h"

#include <QRegularExpression>

namespace assay::client {

using namespace Qt::StringLiterals;

QByteArray normalizedFingerprint(const QByteArray &text)
{
    QByteArray hex = text.trimmed().toLower();
    hex.replace(':', "");
    static const QRegularExpression sha256(u"^[0-9a-f]{64}$"_s);
    return sha256.match(QString::fromLatin1(hex)).hasMatch() ? hex : QByteArray();
}

QByteArray fingerprintOf(const QSslCertificate &certificate)
{
    return certificate.digest(QCryptographicHash::Sha256).toHex();
}

bool pinExcuses(const QList<QSslError> &errors, const QSslCertificate &presented, const QByteArray &pin)
{
    if (pin.isEmpty() || presented.isNull() || fingerprintOf(presented) != pin)
        return false;
    for (const QSslError &e : errors) {
        switch (e.error()) {
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
        case QSslError::CertificateUntrusted:
        case QSslError::HostNameMismatch:
            continue;
        default:
            return false; // expired, revoked, not yet valid, …: a pin does not answer those
        }
    }
    return true;
}

CertificatePins &CertificatePins::global()
{
    static CertificatePins pins;
    return pins;
}

QString CertificatePins::keyOf(const QUrl &server)
{
    return u"%1://%2:%3"_s.arg(server.scheme(), server.host().toLower())
        .arg(server.port(server.scheme() == u"https" ? 443 : 80));
}

void CertificatePins::pin(const QUrl &server, const QByteArray &fingerprint)
{
    QMutexLocker lock(&m_mutex);
    m_pins.insert(keyOf(server), fingerprint);
}

std::optional<QByteArray> CertificatePins::pinFor(const QUrl &server) const
{
    QMutexLocker lock(&m_mutex);
    const auto found = m_pins.constFind(keyOf(server));
    return found == m_pins.cend() ? std::nullopt : std::optional(*found);
}

void CertificatePins::clear()
{
    QMutexLocker lock(&m_mutex);
    m_pins.clear();
}

} // namespace assay::client
