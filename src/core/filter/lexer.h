#pragma once

#include "../result.h"
#include "ast.h"

#include <vector>

namespace assay::filter {

enum class TokenType { Ident, String, Number, LParen, RParen, LBracket, RBracket, Comma, Op, End };

struct Token {
    TokenType type = TokenType::End;
    QString text; // identifier, operator, or the decoded string
    double number = 0;
    SourcePos pos;
};

// Splits a filter into tokens. Identifiers may contain dots ("metadata.eval_score"); strings use
// "..." or '...' with JSON-style escapes; operators are == = != <> < <= > >= && || !.
Result<std::vector<Token>> tokenize(QStringView text);

QString describeToken(const Token &token);

} // namespace assay::filter
