#pragma once

// What a filter is evaluated against: a run with its feedback. Built once per run and shared by every
// rule, so the work all rules need is done once: the top-level entries of metadata, inputs and outputs
// are decoded into Values on first use (QJsonValue hands out a new QString on every read), and the
// lower-cased text for search() is built on first use.

#include "value.h"

#include "../feedback.h"
#include "../run.h"

#include <span>
#include <vector>

namespace assay::filter {

struct JsonEntry {
    QString key;
    QJsonValue json; // for nested paths and has() subsets
    Value value;     // the decoded scalar, Other for objects and arrays
};

enum class EntrySource { Metadata, Inputs, Outputs };

class RunView {
public:
    RunView(const Run &run, std::span<const Feedback> feedback = {});

    const Run &run() const { return *m_run; }
    std::span<const Feedback> feedback() const { return m_feedback; }
    const QJsonObject &metadata() const { return m_metadata; }
    const std::vector<JsonEntry> &entries(EntrySource source) const;
    const JsonEntry *entry(EntrySource source, QStringView key) const;
    // Name, type, error, tags and every string in inputs, outputs and metadata, case-folded.
    const QString &searchText() const;

private:
    const Run *m_run;
    std::span<const Feedback> m_feedback;
    QJsonObject m_metadata;
    mutable std::vector<JsonEntry> m_entries[3];
    mutable bool m_entriesBuilt[3] = {false, false, false};
    mutable QString m_searchText;
    mutable bool m_searchTextBuilt = false;
};

} // namespace assay::filter
