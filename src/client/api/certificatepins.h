#pragma once

// Servers trusted by their certificate's fingerprint: a server with a self-signed certificate, whose
// SHA-256 the admin put in the invitation (or gave with --certificate-sha256). Only that exact
// certificate is accepted, and only the errors that say "nobody vouches for it" are excused (self-signed,
// unknown issuer, another host name); an expired or revoked certificate, or any other one, fails as
// before. There is no way to skip verification otherwise, and no "ignore" button.

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QSslCertificate>
#include <QSslError>
#include <QUrl>

#include <optional>

namespace assay::client {

// "AB:cd:…" or "abcd…" -> 64 lower-case hex digits; empty when it is not a SHA-256 fingerprint.
QByteArray normalizedFingerprint(const QByteArray &text);
// The certificate's SHA-256 as 64 lower-case hex digits.
QByteArray fingerprintOf(const QSslCertificate &certificate);

// True when the pinned certificate is the one presented and every error is one a pin answers.
bool pinExcuses(const QList<QSslError> &errors, const QSslCertificate &presented, const QByteArray &pin);

// The pins of this process, by server (scheme, host and port). Any thread.
class CertificatePins {
public:
    static CertificatePins &global();
    void pin(const QUrl &server, const QByteArray &fingerprint);
    std::optional<QByteArray> pinFor(const QUrl &server) const;
    void clear();

private:
    static QString keyOf(const QUrl &server);
    mutable QMutex m_mutex;
    QHash<QString, QByteArray> m_pins;
};

} // namespace assay::client
