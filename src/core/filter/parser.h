#pragma once

// Parses a filter into the AST. Two grammars share one parser, and the function form is a primary
// of the infix form, so they may be mixed:
//   infix:    metadata.eval_score < 0.5 OR feedback.user_rating == "negative"
//   function: and(eq(feedback_key, "user_score"), lt(feedback_score, 0.5))
// Syntax::LangSmith accepts only the function form (what LangSmith's API accepts); Syntax::Any takes
// both. Errors carry "line:column" in Error::where and say what was expected.

#include "../result.h"
#include "ast.h"

namespace assay::filter {

enum class Syntax { Any, LangSmith };

constexpr int kMaxNesting = 64;
constexpr qsizetype kMaxFilterLength = 64 * 1024;

Result<Node> parse(QStringView text, Syntax syntax = Syntax::Any);

} // namespace assay::filter
