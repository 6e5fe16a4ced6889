#pragma once

// Who the client is when assay-server runs behind a reverse proxy. Every request from a proxy comes from
// the proxy's address, so limits per address would lump all clients together. For peers in the
// configured ranges (`--trusted-proxy CIDR`), the client is read from `Forwarded` (RFC 7239) or else
// `X-Forwarded-For`: the right-most address that is not itself a trusted proxy (what the nearest trusted
// hop saw; anything left of it is the client's own word). From any other peer the headers are ignored.

#include "core/result.h"

#include <QHostAddress>
#include <QList>
#include <QStringList>

namespace assay::server {

struct HttpRequest;

class TrustedProxies {
public:
    // Ranges such as "10.0.0.0/8", "::1" or "192.168.1.7"; the error names the first one that is not.
    static Result<TrustedProxies> parse(const QStringList &ranges);

    bool isEmpty() const { return m_ranges.isEmpty(); }
    bool contains(const QHostAddress &address) const;
    // The address the request counts as coming from (for rate limits and logs).
    QString clientAddress(const QHostAddress &peer, const HttpRequest &request) const;

private:
    QList<QPair<QHostAddress, int>> m_ranges;
};

// An IPv4 peer seen on a dual-stack socket (::ffff:a.b.c.d) as the IPv4 address it is.
QHostAddress normalizedAddress(const QHostAddress &address);

} // namespace assay::server
