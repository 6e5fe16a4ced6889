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

// A condition every run a filter matches meets, for a store to narrow its candidates with (through
// an index) before the filter itself decides: a store may hand the filter more runs than it matches,
// never fewer. Only conditions of the filter's top-level and() are taken.
struct Narrowing {
    enum class Kind {
        StartTime,      // start_time `op` micros (a run without one never matches)
        RunType,        // run_type is one of `texts`
        MetadataNumber, // metadata[key], as a number (bools are 0/1, text that spells a number counts), `op`
                        // numbers[0]
        MetadataEquals, // metadata[key] is one of `texts`, or as a number one of `numbers`
        MetadataKey,    // metadata has `key`
        Tag,            // tags include one of `texts`
        FeedbackKey,    // feedback with `key` exists
        Text,           // the run's search text (RunView::searchText, case-folded) contains texts[0], which
                        // is case-folded and at least kMinTextNarrowing code points long
    };
    static constexpr qsizetype kMinTextNarrowing = 3; // a trigram index answers from three characters
    Kind kind = Kind::StartTime;
    CompareOp op = CompareOp::Eq;
    QString key;
    QStringList texts;
    QList<double> numbers;
    qint64 micros = 0;
};

class CompiledFilter {
public:
    static Result<CompiledFilter> compile(QStringView text, Syntax syntax = Syntax::Any);

    bool matches(const RunView &run, const EvalContext &context = {}) const;

    const QString &text() const { return m_text; }
    // Whether the result can change when feedback arrives (the server re-evaluates only such rules).
    bool readsFeedback() const { return m_readsFeedback; }
    bool usesSampling() const { return m_usesSampling; }
    QList<Narrowing> narrowings() const;

private:
    std::shared_ptr<const CompiledNode> m_root; // immutable once built; copies share it
    QString m_text;
    bool m_readsFeedback = false;
    bool m_usesSampling = false;
};

// The field names a filter may use, for help texts and error messages.
QStringList knownFieldNames();

} // namespace assay::filter
