#pragma once

#include <QtGlobal>

namespace assay::server {

// What one client may ask of the HTTP layer (design.md §9: Qt HttpServer 6.4 had none of these, so
// assay-server reads HTTP itself and enforces them before buffering anything large).
struct HttpLimits {
    qint64 maxBodyBytes = 20 * 1024 * 1024; // 413 (advertised in /info as the SDK's batch size limit)
    qint64 maxHeaderBytes = 64 * 1024;      // request line + headers: 431
    int maxHeaders = 100;                   // 431
    qint64 maxUrlBytes = 8 * 1024;          // 414
    int headerTimeoutMs = 10000;            // a request's headers must arrive within this: 408
    int bodyTimeoutMs = 60000;              // and its body within this: 408
    int idleTimeoutMs = 60000;              // an idle keep-alive connection is closed after this
    int maxConnections = 1000;              // beyond: 503 and close
    int maxConnectionsPerAddress = 64;      // beyond: 503 and close
};

constexpr qint64 kMaxRequestBodyBytes = HttpLimits{}.maxBodyBytes;

} // namespace assay::server
