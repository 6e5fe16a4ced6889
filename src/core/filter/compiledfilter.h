#pragma once

// A filter compiled once into a closed tree with fields resolved, literals converted (timestamps
// parsed, durations turned into seconds, UUIDs parsed) and type-checked; evaluation walks the tree
// and never re-parses. Semantics, for both syntaxes:
//  - feedback_key/score/value inside one and() must hold for the same feedback row; the same for
//    metadata_key/value, input_key/value and output_key/value and the same entry;
//  - neq(x, v) is not(eq(x, v)) (so neq(metadata_key, "k") means "no such key"), and a missing
//    field equals only null;
//  - latency is in seconds and takes "5s"-style durations; latency_ms is in milliseconds;
//  - feedback.<key> OP v compares the value of <key>'s feedback (its score for numbers);
//  - random_sample == r is a deterministic sample keyed by EvalContext::samplingSalt and the run id.

#include "parser.h"
#include "runview.h"

#include "../result.h"
#include "../uuid.h"

#include <memory>

namespace assay::filter {

struct CompiledNode;

struct EvalContext {
    Uuid samplingSalt; // the routing rule's id, so each rule samples independently and repeatably
};

class CompiledFilter {
public:
    static Result<CompiledFilter> compile(QStringView text, Syntax syntax = Syntax::Any);

    bool matches(const RunView &run, const EvalContext &context = {}) const;

    const QString &text() const { return m_text; }
    // Whether the result can change when feedback arrives (the server re-evaluates only such rules).
    bool readsFeedback() const { return m_readsFeedback; }
    bool usesSampling() const { return m_usesSampling; }

private:
    std::shared_ptr<const CompiledNode> m_root; // immutable once built; copies share it
    QString m_text;
    bool m_readsFeedback = false;
    bool m_usesSampling = false;
};

// The field names a filter may use, for help texts and error messages.
QStringList knownFieldNames();

} // namespace assay::filter
