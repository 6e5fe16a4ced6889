#include "client/clientinfo.h"

#include "assay/version.h"

#include <printers.h>

#include <gtest/gtest.h>

TEST(ClientInfo, UserAgentNamesTheAppItsVersionAndQt)
{
    const QString ua = assay::client::userAgent();
    EXPECT_EQ(ua, QStringLiteral("assay-desktop/%1 (Qt %2)")
                      .arg(QLatin1StringView(ASSAY_VERSION), QLatin1StringView(qVersion())));
    EXPECT_TRUE(ua.startsWith(QStringLiteral("assay-desktop/0.")));
}
