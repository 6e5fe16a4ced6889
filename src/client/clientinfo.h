#pragma once

#include <QString>

namespace assay::client {

// The User-Agent the desktop app sends, so server logs tell app versions apart.
QString userAgent();

} // namespace assay::client
