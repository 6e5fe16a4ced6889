#pragma once

#include <QtGlobal>

namespace assay::server {

// The largest request body accepted, and advertised in /info as the SDK's batch size limit. Qt
// HttpServer 6.4 buffers a body before we see it; the connection guard that refuses large bodies
// before buffering is part of issue 4 (design.md §9).
constexpr qint64 kMaxRequestBodyBytes = 20 * 1024 * 1024;

} // namespace assay::server
