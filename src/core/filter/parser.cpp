#include "parser.h"

#include "lexer.h"

namespace assay::filter {

namespace {
using namespace Qt::StringLiterals;

struct FunctionSpec {
    const char16_t *name;
    NodeKind kind;
    CompareOp op;
};

constexpr FunctionSpec kFunctions[] = {
    {u"and", NodeKind::And, CompareOp::Eq},
    {u"or", NodeKind::Or, CompareOp::Eq},
    {u"not", NodeKind::Not, CompareOp::Eq},
    {u"eq", NodeKind::Compare, CompareOp::Eq},
    {u"neq", NodeKind::Compare, CompareOp::Neq},
    {u"gt", NodeKind::Compare, CompareOp::Gt},
    {u"gte", NodeKind::Compare, CompareOp::Gte},
    {u"lt", NodeKind::Compare, CompareOp::Lt},
    {u"lte", NodeKind::Compare, CompareOp::Lte},
    {u"has", NodeKind::Has, CompareOp::Eq},
    {u"search", NodeKind::Search, CompareOp::Eq},
    {u"in", NodeKind::In, CompareOp::Eq},
    {u"exists", NodeKind::Exists, CompareOp::Eq},
    {u"has_feedback_key", NodeKind::HasFeedbackKey, CompareOp::Eq},
};

const FunctionSpec *findFunction(QStringView name)
{
    for (const FunctionSpec &f : kFunctions)
        if (name.compare(QStringView(f.name), Qt::CaseInsensitive) == 0)
            return &f;
    return nullptr;
}

QString functionNames()
{
    QStringList names;
    for (const FunctionSpec &f : kFunctions)
        names.append(QString::fromUtf16(f.name));
    return names.join(u", "_s);
}

bool isKeyword(const Token &t, QStringView word)
{
    return t.type == TokenType::Ident && t.text.compare(word, Qt::CaseInsensitive) == 0;
}

class Parser {
public:
    Parser(std::vector<Token> tokens, Syntax syntax)
        : m_tokens(std::move(tokens))
        , m_syntax(syntax)
    {
    }

    Result<Node> parseAll()
    {
        auto root = parseOr();
        if (!root)
            return root;
        if (peek().type != TokenType::End)
            return fail(peek(), u"expected AND, OR or the end of the filter"_s);
        return root;
    }

private:
    const Token &peek(size_t ahead = 0) const
    {
        return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
    }
    const Token &next() { return m_tokens[std::min(m_pos++, m_tokens.size() - 1)]; }

    Error fail(const Token &at, const QString &expected) const
    {
        return Error{u"%1, found %2"_s.arg(expected, describeToken(at)), at.pos.toString()};
    }

    Result<Node> infixOnly(const Token &at, const QString &what) const
    {
        return Error{
            u"%1 belongs to the infix syntax; LangSmith filters use and(), or(), not() and eq(), gt(), ..."_s
                .arg(what),
            at.pos.toString()};
    }

    // Binary AND/OR chains are flattened into one node with many children.
    Result<Node> parseChain(NodeKind kind, QStringView word, QStringView symbol)
    {
        auto first = kind == NodeKind::Or ? parseChain(NodeKind::And, u"and", u"&&") : parseUnary();
        if (!first)
            return first;
        if (!(isKeyword(peek(), word) || (peek().type == TokenType::Op && peek().text == symbol)))
            return first;
        if (m_syntax == Syntax::LangSmith)
            return infixOnly(peek(), u"'%1'"_s.arg(peek().text));
        Node chain;
        chain.kind = kind;
        chain.pos = first->pos;
        chain.children.push_back(std::move(*first));
        while (isKeyword(peek(), word) || (peek().type == TokenType::Op && peek().text == symbol)) {
            next();
            auto operand = kind == NodeKind::Or ? parseChain(NodeKind::And, u"and", u"&&") : parseUnary();
            if (!operand)
                return operand;
            chain.children.push_back(std::move(*operand));
        }
        return chain;
    }

    Result<Node> parseOr() { return parseChain(NodeKind::Or, u"or", u"||"); }

    Result<Node> parseUnary()
    {
        const Token &t = peek();
        const bool prefixNot = (isKeyword(t, u"not") && peek(1).type != TokenType::LParen) ||
                               (t.type == TokenType::Op && t.text == u"!");
        if (!prefixNot)
            return parsePrimary();
        if (m_syntax == Syntax::LangSmith)
            return infixOnly(t, u"'%1'"_s.arg(t.text));
        if (++m_depth > kMaxNesting)
            return Error{u"the filter nests deeper than %1 levels"_s.arg(kMaxNesting), t.pos.toString()};
        next();
        auto operand = parseUnary();
        --m_depth;
        if (!operand)
            return operand;
        Node n;
        n.kind = NodeKind::Not;
        n.pos = t.pos;
        n.children.push_back(std::move(*operand));
        return n;
    }

    Result<Node> parsePrimary()
    {
        const Token &t = peek();
        if (t.type == TokenType::LParen) {
            if (m_syntax == Syntax::LangSmith)
                return infixOnly(t, u"a parenthesized expression"_s);
            if (++m_depth > kMaxNesting)
                return Error{u"the filter nests deeper than %1 levels"_s.arg(kMaxNesting), t.pos.toString()};
            next();
            auto inner = parseOr();
            --m_depth;
            if (!inner)
                return inner;
            if (peek().type != TokenType::RParen)
                return fail(peek(), u"expected ')' to close the '(' at %1"_s.arg(t.pos.toString()));
            next();
            return inner;
        }
        if (t.type == TokenType::Ident && peek(1).type == TokenType::LParen)
            return parseCall();
        if (t.type == TokenType::Ident) {
            if (m_syntax == Syntax::LangSmith)
                return fail(t, u"expected a function such as eq(field, value)"_s);
            return parseComparison();
        }
        return fail(t, m_syntax == Syntax::LangSmith
                           ? u"expected a function such as eq(field, value)"_s
                           : u"expected a comparison such as latency_ms > 10000, a function or '('"_s);
    }

    Result<Node> parseComparison()
    {
        const Token &field = next();
        const Token &op = peek();
        Node n;
        n.kind = NodeKind::Compare;
        n.field = field.text;
        n.fieldPos = field.pos;
        n.pos = field.pos;
        if (isKeyword(op, u"in")) {
            next();
            n.kind = NodeKind::In;
            auto values = parseList();
            if (!values)
                return values.error();
            n.values = *values;
            return n;
        }
        if (op.type != TokenType::Op || op.text == u"!" || op.text == u"&&" || op.text == u"||")
            return fail(op, u"expected a comparison (==, !=, <, <=, >, >=) after '%1'"_s.arg(field.text));
        next();
        if (op.text == u"==" || op.text == u"=")
            n.op = CompareOp::Eq;
        else if (op.text == u"!=" || op.text == u"<>")
            n.op = CompareOp::Neq;
        else if (op.text == u"<")
            n.op = CompareOp::Lt;
        else if (op.text == u"<=")
            n.op = CompareOp::Lte;
        else if (op.text == u">")
            n.op = CompareOp::Gt;
        else
            n.op = CompareOp::Gte;
        auto value = parseLiteral();
        if (!value)
            return value.error();
        n.value = *value;
        return n;
    }

    Result<Literal> parseLiteral()
    {
        const Token &t = peek();
        Literal lit;
        lit.pos = t.pos;
        if (t.type == TokenType::String) {
            lit.type = Literal::Type::String;
            lit.string = t.text;
        } else if (t.type == TokenType::Number) {
            lit.type = Literal::Type::Number;
            lit.number = t.number;
        } else if (isKeyword(t, u"true") || isKeyword(t, u"false")) {
            lit.type = Literal::Type::Bool;
            lit.boolean = isKeyword(t, u"true");
        } else if (isKeyword(t, u"null") || isKeyword(t, u"none")) {
            lit.type = Literal::Type::Null;
        } else {
            return fail(t, u"expected a value (a number, a \"string\", true, false or null)"_s);
        }
        next();
        return lit;
    }

    Result<QList<Literal>> parseList()
    {
        if (peek().type != TokenType::LBracket)
            return fail(peek(), u"expected '[' to start a list of values"_s);
        next();
        QList<Literal> values;
        while (true) {
            auto value = parseLiteral();
            if (!value)
                return value.error();
            values.append(*value);
            if (peek().type == TokenType::Comma) {
                next();
                continue;
            }
            if (peek().type == TokenType::RBracket) {
                next();
                return values;
            }
            return fail(peek(), u"expected ',' or ']' in the list"_s);
        }
    }

    Result<Node> parseFieldArg(Node &n)
    {
        const Token &t = peek();
        if (t.type != TokenType::Ident || isKeyword(t, u"null") || isKeyword(t, u"true") ||
            isKeyword(t, u"false"))
            return fail(t, u"expected a field name"_s);
        next();
        n.field = t.text;
        n.fieldPos = t.pos;
        return n;
    }

    Status expect(TokenType type, const QString &expected)
    {
        if (peek().type != type)
            return fail(peek(), expected);
        next();
        return Ok{};
    }

    Result<Node> parseCall()
    {
        const Token &name = next();
        const FunctionSpec *spec = findFunction(name.text);
        if (!spec)
            return Error{u"unknown function '%1'; expected one of %2"_s.arg(name.text, functionNames()),
                         name.pos.toString()};
        if (++m_depth > kMaxNesting)
            return Error{u"the filter nests deeper than %1 levels"_s.arg(kMaxNesting), name.pos.toString()};
        next(); // '('
        Node n;
        n.kind = spec->kind;
        n.op = spec->op;
        n.pos = name.pos;
        const QString fn = name.text.toLower();
        auto result = parseArguments(n, fn);
        --m_depth;
        if (!result)
            return result;
        if (auto closed = expect(TokenType::RParen, u"expected ')' after the arguments of %1()"_s.arg(fn));
            !closed)
            return closed.error();
        return n;
    }

    Result<Node> parseArguments(Node &n, const QString &fn)
    {
        const QString comma = u"expected ',' between the arguments of %1()"_s.arg(fn);
        switch (n.kind) {
        case NodeKind::And:
        case NodeKind::Or:
        case NodeKind::Not: {
            if (peek().type == TokenType::RParen)
                return fail(peek(), u"%1() needs at least one condition"_s.arg(fn));
            while (true) {
                auto child = parseOr();
                if (!child)
                    return child;
                n.children.push_back(std::move(*child));
                if (peek().type != TokenType::Comma)
                    break;
                next();
            }
            if (n.kind == NodeKind::Not && n.children.size() != 1)
                return Error{u"not() takes exactly one condition"_s, n.pos.toString()};
            return n;
        }
        case NodeKind::HasFeedbackKey: {
            auto key = parseLiteral();
            if (!key)
                return key.error();
            if (key->type != Literal::Type::String)
                return Error{u"has_feedback_key() takes a feedback key in quotes"_s, key->pos.toString()};
            n.value = *key;
            return n;
        }
        case NodeKind::Search:
            // One argument searches every text field; two search one field.
            if (peek().type == TokenType::Ident && peek(1).type == TokenType::Comma) {
                if (auto f = parseFieldArg(n); !f)
                    return f;
                next();
            }
            if (auto v = parseLiteral(); v)
                n.value = *v;
            else
                return v.error();
            if (n.value.type != Literal::Type::String)
                return Error{u"search() looks for text; put it in quotes"_s, n.value.pos.toString()};
            return n;
        case NodeKind::In: {
            if (auto f = parseFieldArg(n); !f)
                return f;
            if (auto c = expect(TokenType::Comma, comma); !c)
                return c.error();
            auto values = parseList();
            if (!values)
                return values.error();
            n.values = *values;
            return n;
        }
        case NodeKind::Compare:
        case NodeKind::Has:
        case NodeKind::Exists: {
            if (auto f = parseFieldArg(n); !f)
                return f;
            if (auto c = expect(TokenType::Comma, comma); !c)
                return c.error();
            auto v = parseLiteral();
            if (!v)
                return v.error();
            n.value = *v;
            return n;
        }
        }
        return n;
    }

    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    Syntax m_syntax;
    int m_depth = 0;
};

} // namespace

Result<Node> parse(QStringView text, Syntax syntax)
{
    if (text.size() > kMaxFilterLength)
        return Error{u"the filter is longer than %1 characters"_s.arg(kMaxFilterLength), u"1:1"_s};
    if (text.trimmed().isEmpty())
        return Error{
            u"the filter is empty; expected a condition such as eq(name, \"x\") or latency_ms > 10000"_s,
            u"1:1"_s};
    auto tokens = tokenize(text);
    if (!tokens)
        return tokens.error();
    return Parser(std::move(*tokens), syntax).parseAll();
}

} // namespace assay::filter
