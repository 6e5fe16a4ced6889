// Parsing and compiling both filter spellings, and the errors people will actually make.

#include "core/filter/compiledfilter.h"
#include "core/filter/parser.h"

#include <printers.h>

#include <gtest/gtest.h>

using namespace assay::filter;
using namespace Qt::StringLiterals;

namespace {

QString compileError(const QString &text, Syntax syntax = Syntax::Any)
{
    auto f = CompiledFilter::compile(text, syntax);
    return f ? u"(compiled)"_s : f.error().toString();
}

} // namespace

TEST(FilterParse, TheSeedsInfixExamples)
{
    for (const QString &text :
         {u"metadata.eval_score < 0.5"_s, u"feedback.user_rating == \"negative\""_s, u"latency_ms > 10000"_s,
          u"random_sample == 0.05"_s, u"metadata.eval_score < 0.5 OR feedback.user_rating == \"negative\""_s,
          u"NOT (latency_ms > 10000) AND has_feedback_key(\"overall_quality\")"_s,
          u"(run_type == 'llm' or run_type = 'chain') and !(status != \"success\")"_s,
          u"metadata.customer_tier in [\"enterprise\", \"business\"] && total_tokens >= 1000"_s}) {
        auto f = CompiledFilter::compile(text);
        EXPECT_TRUE(f.ok()) << text.toStdString() << " -> " << f.error().toString().toStdString();
    }
}

TEST(FilterParse, LangSmithsFunctionExamples)
{
    for (
        const QString &text :
        {u"and(eq(feedback_key, \"user_score\"), lt(feedback_score, 0.5))"_s, u"gt(latency, \"5s\")"_s,
         u"gt(latency, 2)"_s, u"has(tags, \"beta\")"_s, u"neq(error, null)"_s,
         u"search(\"image classification\")"_s,
         u"and(eq(metadata_key, 'user_id'), eq(metadata_value, '4070f233-f61e-44eb-bff1-da3c163895a3'))"_s,
         u"neq(metadata_key, 'conversation_id')"_s,
         u"in(metadata_key, [\"session_id\",\"conversation_id\",\"thread_id\"])"_s,
         u"and(gt(start_time, \"2023-07-15T12:34:56Z\"), or(neq(error, null), and(eq(feedback_key, \"Correctness\"), eq(feedback_score, 0.0))))"_s,
         u"eq(thread_id, \"abc\")"_s, u"eq(status, \"error\")"_s, u"has(metadata, '{\"k\": \"v\"}')"_s,
         u"eq(is_root, true)"_s, u"eq(feedback_value, \"x\")"_s, u"not(exists(metadata, \"key\"))"_s,
         u"has_feedback_key(\"overall_quality\")"_s, u"search(name, \"retriev\")"_s,
         u"eq(run_type, \"llm\")"_s}) {
        auto f = CompiledFilter::compile(text, Syntax::LangSmith);
        EXPECT_TRUE(f.ok()) << text.toStdString() << " -> " << f.error().toString().toStdString();
    }
}

TEST(FilterParse, AndBindsTighterThanOr)
{
    auto ast = parse(u"a == 1 OR b == 2 AND c == 3"_s);
    ASSERT_TRUE(ast.ok());
    ASSERT_EQ(ast->kind, NodeKind::Or);
    ASSERT_EQ(ast->children.size(), 2u);
    EXPECT_EQ(ast->children[0].kind, NodeKind::Compare);
    EXPECT_EQ(ast->children[1].kind, NodeKind::And);
    EXPECT_EQ(ast->children[1].children[1].field, u"c"_s);

    auto chain = parse(u"a == 1 OR b == 2 OR c == 3"_s);
    ASSERT_TRUE(chain.ok());
    EXPECT_EQ(chain->children.size(), 3u) << "chains are flattened";
}

TEST(FilterParse, ErrorsCarryLineColumnAndWhatWasExpected)
{
    EXPECT_EQ(compileError(u"and(eq(name, \"x\")"_s),
              u"1:18: expected ')' after the arguments of and(), found the end of the filter"_s);
    EXPECT_EQ(compileError(u"eq(name \"x\")"_s),
              u"1:9: expected ',' between the arguments of eq(), found the string \"x\""_s);
    EXPECT_EQ(
        compileError(u"latency_ms >"_s),
        u"1:13: expected a value (a number, a \"string\", true, false or null), found the end of the filter"_s);
    EXPECT_EQ(compileError(u"latency_ms 5"_s),
              u"1:12: expected a comparison (==, !=, <, <=, >, >=) after 'latency_ms', found the number 5"_s);
    EXPECT_EQ(compileError(u"foo(name, 1)"_s).left(34), u"1:1: unknown function 'foo'; expec"_s);
    EXPECT_EQ(compileError(u"eq(name, \"x"_s), u"1:10: string is not closed; expected \""_s);
    EXPECT_EQ(compileError(u"name == \"x\" #"_s), u"1:13: unexpected character '#'"_s);
    EXPECT_EQ(compileError(u"name == \"x\"\n  AND latency_ms >> 5"_s),
              u"2:19: expected a value (a number, a \"string\", true, false or null), found '>'"_s);
    EXPECT_EQ(compileError(u"(name == \"x\""_s),
              u"1:13: expected ')' to close the '(' at 1:1, found the end of the filter"_s);
    EXPECT_EQ(compileError(u"name == \"x\" latency_ms > 1"_s),
              u"1:13: expected AND, OR or the end of the filter, found 'latency_ms'"_s);
    EXPECT_EQ(compileError(u"and()"_s), u"1:5: and() needs at least one condition, found ')'"_s);
    EXPECT_EQ(compileError(u"not(eq(name, \"a\"), eq(name, \"b\"))"_s),
              u"1:1: not() takes exactly one condition"_s);
    EXPECT_EQ(
        compileError(u""_s),
        u"1:1: the filter is empty; expected a condition such as eq(name, \"x\") or latency_ms > 10000"_s);
    EXPECT_EQ(compileError(u"eq(name, \"\\q\")"_s), u"1:11: unknown escape '\\q'"_s);
    EXPECT_EQ(compileError(u"in(tags, \"a\")"_s),
              u"1:10: expected '[' to start a list of values, found the string \"a\""_s);
    EXPECT_EQ(compileError(u"search(42)"_s), u"1:8: search() looks for text; put it in quotes"_s);
}

TEST(FilterParse, FieldAndTypeErrorsPointAtTheirPlace)
{
    EXPECT_TRUE(compileError(u"eq(nmae, \"x\")"_s)
                    .startsWith(u"1:4: unknown field 'nmae'; expected one of id, trace_id"_s));
    EXPECT_EQ(compileError(u"gt(name, 5)"_s), u"1:10: name is text; use eq, neq, in or search"_s);
    EXPECT_EQ(compileError(u"eq(name, 5)"_s), u"1:10: name is text; put the value in quotes"_s);
    EXPECT_EQ(compileError(u"start_time > \"yesterday\""_s).left(58),
              u"1:14: start_time: expected a four-digit year at position 1"_s);
    EXPECT_EQ(compileError(u"eq(status, \"done\")"_s),
              u"1:12: status is one of \"success\", \"error\" or \"pending\", not \"done\""_s);
    EXPECT_EQ(compileError(u"random_sample == 2"_s), u"1:18: random_sample is a rate between 0 and 1"_s);
    EXPECT_EQ(compileError(u"random_sample > 0.5"_s),
              u"1:1: random_sample takes a rate: random_sample == 0.05"_s);
    EXPECT_EQ(compileError(u"eq(is_root, \"yes\")"_s),
              u"1:13: is_root is true or false; use eq(is_root, true)"_s);
    EXPECT_EQ(compileError(u"gt(latency, \"soon\")"_s).left(40),
              u"1:13: 'soon' is not a duration; write a "_s);
    EXPECT_EQ(
        compileError(u"eq(trace_id, \"abc\")"_s),
        u"1:14: trace_id: expected a UUID of 36 characters (8-4-4-4-12 hex digits), got 3 characters"_s);
    EXPECT_EQ(compileError(u"lt(feedback_score, \"low\")"_s),
              u"1:20: feedback_score is a number; compare it with a number"_s);
    EXPECT_EQ(compileError(u"gt(feedback_key, \"a\")"_s),
              u"1:18: feedback_key names a key; use eq, neq or in with a key in quotes"_s);
    EXPECT_EQ(compileError(u"has(name, \"x\")"_s), u"1:5: has() works on tags and metadata, not on name"_s);
    EXPECT_EQ(compileError(u"gt(tags, \"a\")"_s), u"1:1: tags is a list; use has, eq, neq or in"_s);
    EXPECT_EQ(compileError(u"gt(error, null)"_s), u"1:11: gt() cannot compare with null; use eq or neq"_s);
    EXPECT_EQ(compileError(u"metadata. < 1"_s).left(31), u"1:1: unknown field 'metadata.';"_s);
    EXPECT_EQ(compileError(u"metadata.a..b < 1"_s), u"1:1: 'metadata.a..b' has an empty path segment"_s);
}

TEST(FilterParse, TheLangSmithSyntaxRefusesInfixOperators)
{
    EXPECT_EQ(compileError(u"latency_ms > 5"_s, Syntax::LangSmith),
              u"1:1: expected a function such as eq(field, value), found 'latency_ms'"_s);
    EXPECT_TRUE(compileError(u"and(eq(name, \"a\") AND eq(name, \"b\"))"_s, Syntax::LangSmith)
                    .startsWith(u"1:19: 'AND' belongs to the infix syntax"_s));
    EXPECT_TRUE(compileError(u"eq(name, \"a\") and eq(name, \"b\")"_s).startsWith(u"(compiled)"_s))
        << "mixing is fine in Any";
}

TEST(FilterParse, DeepNestingAndHugeInputsAreRefusedNotFatal)
{
    QString deep;
    for (int i = 0; i < 10000; ++i)
        deep += u"not("_s;
    EXPECT_EQ(compileError(deep), u"1:257: the filter nests deeper than 64 levels"_s);
    QString parens(10000, u'(');
    EXPECT_EQ(compileError(parens), u"1:65: the filter nests deeper than 64 levels"_s);
    QString bangs;
    for (int i = 0; i < 10000; ++i)
        bangs += u"!"_s;
    EXPECT_EQ(compileError(bangs + u"name == \"x\""_s), u"1:65: the filter nests deeper than 64 levels"_s);
    const QString huge = u"name == \""_s + QString(70000, u'x') + u"\""_s;
    EXPECT_EQ(compileError(huge), u"1:1: the filter is longer than 65536 characters"_s);
}

TEST(FilterParse, CaseOfKeywordsDoesNotMatter)
{
    EXPECT_TRUE(CompiledFilter::compile(u"name == \"a\" Or NOT name == \"b\" and TRUE == is_root"_s).ok() ==
                false);
    EXPECT_TRUE(CompiledFilter::compile(u"name == \"a\" Or NOT name == \"b\" and is_root == TRUE"_s).ok());
    EXPECT_TRUE(CompiledFilter::compile(u"AND(EQ(name, \"a\"), Gt(latency, 1))"_s).ok());
}
