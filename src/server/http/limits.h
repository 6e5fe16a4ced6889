#pragma once

#include <QtGlobal>

namespace assay::server {

// What one client may ask of the HTTP layer (Qt HttpServer 6.4 had none of these, so assay-server reads
// HTTP itself and enforces them before buffering anything large).
struct HttpLimits {
    qint64 maxBodyBytes = 20 * 1024 * 1024; // 413 (advertised in /info as the SDK's batch size limit)
    qint64 maxHeaderBytes = 64 * 1024;      // request line + headers: 431; a chunked body's trailers too
    int maxHeaders = 100;                   // 431
    qint64 maxUrlBytes = 8 * 1024;          // 414
    int headerTimeoutMs = 10000;            // a request's headers must arrive within this: 408
    int bodyTimeoutMs = 60000;              // and its body within this: 408
    int idleTimeoutMs = 60000;              // an idle keep-alive connection is closed after this
    int maxConnections = 1000;              // beyond: 503 and close
    int maxConnectionsPerAddress = 64;      // beyond: 503 and close (not for trusted proxies)
    // Unfinished request bytes held across all connections: the connection that would pass it gets 503.
    qint64 maxBufferedBytes = 256 * 1024 * 1024;
    // A connection whose answers are not being read stops being read itself beyond this many unsent
    // bytes (backpressure), and is closed when they do not drain for writeTimeoutMs.
    qint64 maxPendingOutputBytes = 1024 * 1024;
    int writeTimeoutMs = 60000;
};

constexpr qint64 kMaxRequestBodyBytes = HttpLimits{}.maxBodyBytes;

} // namespace assay::server
