#pragma once

// Realistic runs of a RAG chatbot (1-2 KB each: a question, retrieved documents, an answer, metadata,
// token usage), generated deterministically from a seed, for filter tests and benchmarks.

#include "core/feedback.h"
#include "core/run.h"

#include <QList>

namespace assay::test {

struct SampleRun {
    Run run;
    QList<Feedback> feedback;
};

QList<SampleRun> makeRagCorpus(int count, quint32 seed = 1);

// 50 mixed routing rules (equality, ranges, tags, metadata and feedback pairs, search, nested
// and/or, sampling) over the fields of the corpus: the benchmarks' rule set.
QStringList benchmarkRules();

} // namespace assay::test
