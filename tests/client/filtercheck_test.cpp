// The filter bar's check: the server's parser, its position, either syntax.

#include "traces/filtercheck.h"

#include <printers.h>

#include <gtest/gtest.h>

using namespace assay::client;
using namespace Qt::StringLiterals;

TEST(FilterCheck, AcceptsBothSyntaxesAndSaysWhereAMistakeIs)
{
    EXPECT_FALSE(checkFilter(u""_s));
    EXPECT_FALSE(checkFilter(u"  "_s));
    EXPECT_FALSE(checkFilter(u"metadata.eval_score < 0.5"_s));
    EXPECT_FALSE(checkFilter(u"and(eq(is_root, true), lt(metadata.eval_score, 0.5))"_s));
    const auto open = checkFilter(u"and(eq(is_root, true), lt(metadata.eval_score, 0.5)"_s);
    ASSERT_TRUE(open);
    EXPECT_EQ(open->line, 1);
    EXPECT_GT(open->column, 40) << "at the end, where the ) is missing";
    EXPECT_TRUE(open->toString().startsWith(u"filter:1:"_s)) << open->toString().toStdString();
    const auto second = checkFilter(u"metadata.eval_score < 0.5 AND\n  latency >"_s);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->line, 2);
    EXPECT_FALSE(second->message.isEmpty());
}
