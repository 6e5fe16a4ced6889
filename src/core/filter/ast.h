#pragma once

// The one syntax tree for both filter spellings (the seed's infix form and LangSmith's function
// form). Fields stay as written here; the compiler resolves and type-checks them.

#include <QList>
#include <QString>

#include <vector>

namespace assay::filter {

struct SourcePos {
    int line = 1;
    int column = 1;
    QString toString() const { return QStringLiteral("%1:%2").arg(line).arg(column); }
};

struct Literal {
    enum class Type { Null, Bool, Number, String };
    Type type = Type::Null;
    bool boolean = false;
    double number = 0;
    QString string;
    SourcePos pos;
};

enum class NodeKind {
    And,            // children: 1..n expressions
    Or,             // children: 1..n expressions
    Not,            // children: 1 expression
    Compare,        // field op value
    In,             // field in [values]
    Has,            // has(field, value)
    Search,         // search(value) or search(field, value)
    Exists,         // exists(field, key)
    HasFeedbackKey, // the seed's has_feedback_key("k")
};

enum class CompareOp { Eq, Neq, Gt, Gte, Lt, Lte };

struct Node {
    NodeKind kind = NodeKind::And;
    CompareOp op = CompareOp::Eq;
    QString field; // as written: "latency", "metadata.eval_score", "feedback.user_rating"
    SourcePos fieldPos;
    Literal value;
    QList<Literal> values; // In
    std::vector<Node> children;
    SourcePos pos;
};

} // namespace assay::filter
