#include "clientinfo.h"

#include "assay/version.h"

namespace assay::client {

QString userAgent()
{
    return QStringLiteral("assay-desktop/%1 (Qt %2)")
        .arg(QLatin1StringView(ASSAY_VERSION), QLatin1StringView(qVersion()));
}

} // namespace assay::client
