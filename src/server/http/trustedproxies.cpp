#include "trustedproxies.h"

#include "httpmessage.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// One hop's address from a Forwarded `for=` value or an X-Forwarded-For entry: quotes, brackets and a
// port are dropped. Null for "unknown", obfuscated names and anything else that is not an address.
QHostAddress hopAddress(QByteArray text)
{
    text = text.trimmed();
    if (text.size() >= 2 && text.startsWith('"') && text.endsWith('"'))
        text = text.mid(1, text.size() - 2);
    if (text.startsWith('[')) {
        const qsizetype close = text.indexOf(']');
        text = close > 0 ? text.mid(1, close - 1) : QByteArray();
    } else if (text.count(':') == 1) {
        text = text.left(text.indexOf(':')); // IPv4 with a port
    }
    return normalizedAddress(QHostAddress(QString::fromLatin1(text)));
}

QList<QByteArray> forwardedFor(const QByteArray &forwarded)
{
    QList<QByteArray> hops;
    for (const QByteArray &element : forwarded.split(',')) {
        QByteArray hop;
        for (const QByteArray &pair : element.split(';')) {
            const QByteArray p = pair.trimmed();
            if (p.size() > 4 && p.left(4).toLower() == "for=")
                hop = p.mid(4);
        }
        hops.append(hop);
    }
    return hops;
}

} // namespace

QHostAddress normalizedAddress(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.protocol() == QAbstractSocket::IPv6Protocol ? address.toIPv4Address(&isV4) : 0;
    return isV4 ? QHostAddress(v4) : address;
}

Result<TrustedProxies> TrustedProxies::parse(const QStringList &ranges)
{
    TrustedProxies proxies;
    for (const QString &range : ranges) {
        const QString text = range.trimmed();
        QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(text);
        if (subnet.first.isNull() && !text.contains(u'/')) {
            const QHostAddress single(text);
            if (!single.isNull())
                subnet = {single, single.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32};
        }
        if (subnet.first.isNull())
            return Error{
                u"--trusted-proxy expects an address or a CIDR range such as 10.0.0.0/8, not '%1'"_s.arg(
                    text),
                u"trusted-proxy"_s};
        proxies.m_ranges.append(subnet);
    }
    return proxies;
}

bool TrustedProxies::contains(const QHostAddress &address) const
{
    const QHostAddress a = normalizedAddress(address);
    for (const auto &range : m_ranges)
        if (a.isInSubnet(range))
            return true;
    return false;
}

QString TrustedProxies::clientAddress(const QHostAddress &peer, const HttpRequest &request) const
{
    QHostAddress client = normalizedAddress(peer);
    if (!contains(client))
        return client.toString();
    const QByteArray forwarded = request.header("forwarded");
    const QList<QByteArray> hops =
        !forwarded.isEmpty() ? forwardedFor(forwarded) : request.header("x-forwarded-for").split(',');
    for (auto hop = hops.crbegin(); hop != hops.crend(); ++hop) {
        const QHostAddress address = hopAddress(*hop);
        if (address.isNull())
            break; // a hop we cannot read: the last one we could is who we know
        client = address;
        if (!contains(address))
            break;
    }
    return client.toString();
}

} // namespace assay::server
