#include "core/uuid.h"

#include <printers.h>

#include <gtest/gtest.h>

using assay::Uuid;

TEST(Uuid, ParsesCanonical) { EXPECT_TRUE(Uuid::parse(QStringLiteral("01a22b4f-c60b-753a-8000-000000000001")).ok()); }
