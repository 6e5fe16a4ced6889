#include "lexer.h"

namespace assay::filter {

namespace {
using namespace Qt::StringLiterals;

bool isIdentStart(QChar c)
{
    return c.isLetter() || c == u'_';
}
bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'.' || c == u'-' || c == u':';
}
bool isDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

class Lexer {
public:
    explicit Lexer(QStringView text)
        : m_text(text)
    {
    }

    Result<std::vector<Token>> run()
    {
        std::vector<Token> tokens;
        while (true) {
            skipSpace();
            Token t;
            t.pos = {m_line, m_column};
            if (m_i >= m_text.size()) {
                tokens.push_back(t);
                return tokens;
            }
            const QChar c = m_text[m_i];
            if (isIdentStart(c)) {
                const qsizetype start = m_i;
                while (m_i < m_text.size() && isIdentChar(m_text[m_i]))
                    advance();
                t.type = TokenType::Ident;
                t.text = m_text.mid(start, m_i - start).toString();
            } else if (isDigit(c) || ((c == u'-' || c == u'+' || c == u'.') && m_i + 1 < m_text.size() &&
                                      (isDigit(m_text[m_i + 1]) || m_text[m_i + 1] == u'.'))) {
                auto number = readNumber(t);
                if (!number)
                    return number.error();
            } else if (c == u'"' || c == u'\'') {
                auto string = readString(t);
                if (!string)
                    return string.error();
            } else if (c == u'(' || c == u')' || c == u'[' || c == u']' || c == u',') {
                t.type = c == u'('   ? TokenType::LParen
                         : c == u')' ? TokenType::RParen
                         : c == u'[' ? TokenType::LBracket
                         : c == u']' ? TokenType::RBracket
                                     : TokenType::Comma;
                t.text = QString(c);
                advance();
            } else if (auto op = readOperator(); !op.isEmpty()) {
                t.type = TokenType::Op;
                t.text = op;
            } else {
                return Error{c.isPrint()
                                 ? u"unexpected character '%1'"_s.arg(c)
                                 : u"unexpected character U+%1"_s.arg(c.unicode(), 4, 16, QLatin1Char('0')),
                             t.pos.toString()};
            }
            tokens.push_back(std::move(t));
        }
    }

private:
    void advance()
    {
        if (m_text[m_i] == u'\n') {
            ++m_line;
            m_column = 1;
        } else {
            ++m_column;
        }
        ++m_i;
    }

    void skipSpace()
    {
        while (m_i < m_text.size() && m_text[m_i].isSpace())
            advance();
    }

    QString readOperator()
    {
        static const char16_t *const ops[] = {u"==", u"!=", u"<>", u"<=", u">=", u"&&",
                                              u"||", u"=",  u"<",  u">",  u"!"};
        for (const char16_t *op : ops) {
            const QStringView v(op);
            if (m_text.mid(m_i).startsWith(v)) {
                for (qsizetype k = 0; k < v.size(); ++k)
                    advance();
                return v.toString();
            }
        }
        return {};
    }

    Status readNumber(Token &t)
    {
        const qsizetype start = m_i;
        if (m_text[m_i] == u'-' || m_text[m_i] == u'+')
            advance();
        while (m_i < m_text.size() && (isDigit(m_text[m_i]) || m_text[m_i] == u'.'))
            advance();
        if (m_i < m_text.size() && (m_text[m_i] == u'e' || m_text[m_i] == u'E')) {
            advance();
            if (m_i < m_text.size() && (m_text[m_i] == u'-' || m_text[m_i] == u'+'))
                advance();
            while (m_i < m_text.size() && isDigit(m_text[m_i]))
                advance();
        }
        // A unit right after the digits ("5s", "250ms") makes a duration, which is a string to the parser.
        const qsizetype numberEnd = m_i;
        while (m_i < m_text.size() && m_text[m_i].isLetter())
            advance();
        const QStringView digits = m_text.mid(start, numberEnd - start);
        bool ok = false;
        t.number = digits.toDouble(&ok);
        if (!ok)
            return Error{u"'%1' is not a number"_s.arg(m_text.mid(start, m_i - start)), t.pos.toString()};
        if (m_i > numberEnd) {
            t.type = TokenType::String;
            t.text = m_text.mid(start, m_i - start).toString();
        } else {
            t.type = TokenType::Number;
            t.text = digits.toString();
        }
        return Ok{};
    }

    Status readString(Token &t)
    {
        const QChar quote = m_text[m_i];
        advance();
        QString out;
        while (true) {
            if (m_i >= m_text.size())
                return Error{u"string is not closed; expected %1"_s.arg(quote), t.pos.toString()};
            const QChar c = m_text[m_i];
            if (c == quote) {
                advance();
                break;
            }
            if (c == u'\\') {
                const SourcePos escapePos{m_line, m_column};
                advance();
                if (m_i >= m_text.size())
                    return Error{u"string is not closed; expected %1"_s.arg(quote), t.pos.toString()};
                const QChar e = m_text[m_i];
                advance();
                switch (e.unicode()) {
                case u'n':
                    out += u'\n';
                    break;
                case u't':
                    out += u'\t';
                    break;
                case u'r':
                    out += u'\r';
                    break;
                case u'b':
                    out += u'\b';
                    break;
                case u'f':
                    out += u'\f';
                    break;
                case u'/':
                    out += u'/';
                    break;
                case u'\\':
                    out += u'\\';
                    break;
                case u'"':
                    out += u'"';
                    break;
                case u'\'':
                    out += u'\'';
                    break;
                case u'u': {
                    if (m_i + 4 > m_text.size())
                        return Error{u"\\u needs four hex digits"_s, escapePos.toString()};
                    bool ok = false;
                    const uint code = m_text.mid(m_i, 4).toUInt(&ok, 16);
                    if (!ok)
                        return Error{u"\\u needs four hex digits"_s, escapePos.toString()};
                    for (int k = 0; k < 4; ++k)
                        advance();
                    out += QChar(static_cast<char16_t>(code));
                    break;
                }
                default:
                    return Error{u"unknown escape '\\%1'"_s.arg(e), escapePos.toString()};
                }
                continue;
            }
            out += c;
            advance();
        }
        t.type = TokenType::String;
        t.text = out;
        return Ok{};
    }

    QStringView m_text;
    qsizetype m_i = 0;
    int m_line = 1;
    int m_column = 1;
};

} // namespace

Result<std::vector<Token>> tokenize(QStringView text)
{
    return Lexer(text).run();
}

QString describeToken(const Token &token)
{
    switch (token.type) {
    case TokenType::End:
        return u"the end of the filter"_s;
    case TokenType::String:
        return u"the string \"%1\""_s.arg(token.text);
    case TokenType::Number:
        return u"the number %1"_s.arg(token.text);
    default:
        return u"'%1'"_s.arg(token.text);
    }
}

} // namespace assay::filter
