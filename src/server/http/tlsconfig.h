#pragma once

// TLS for the API's listener (--tls-cert / --tls-key): a certificate chain and its private key in PEM,
// TLS 1.2 or later only. Read at start and again on SIGHUP: a renewed certificate applies to the
// connections that come after; those already open keep theirs.

#include "core/result.h"

#include <QSslConfiguration>
#include <QString>

namespace assay::server {

struct TlsFiles {
    QString certificatePath; // PEM: the server's certificate first, then its chain
    QString keyPath;         // PEM: the private key (RSA or EC), not encrypted
    bool isSet() const { return !certificatePath.isEmpty() || !keyPath.isEmpty(); }
};

// The server's TLS configuration from the files; an error naming the file and what is wrong with it
// (missing, not PEM, no certificate, a key that does not belong to the certificate, TLS unavailable).
Result<QSslConfiguration> loadTlsConfiguration(const TlsFiles &files);

// "CN=review.example.com, expires 2027-03-01, SHA-256 ab:cd:…": what the log says about a certificate.
QString describeCertificate(const QSslCertificate &certificate);

} // namespace assay::server
