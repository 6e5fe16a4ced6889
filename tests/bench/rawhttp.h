#pragma once

// A blocking HTTP/1.1 client over one keep-alive socket with TCP_NODELAY, for benchmark threads
// (QNetworkAccessManager keeps Nagle on, which costs ~44 ms per body over 16 KiB: design.md §9).

#include <QByteArray>
#include <QTcpSocket>

namespace assay::bench {

struct RawResponse {
    int status = 0;
    QByteArray body;
    double ms = 0;
};

class RawHttp {
public:
    bool connectTo(quint16 port);
    RawResponse request(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                        const QByteArray &key);

private:
    QTcpSocket m_socket;
};

} // namespace assay::bench
