#pragma once

// What a filter is evaluated against: a run with its feedback. Built once per run and shared by every
// rule, so work that all rules need (metadata, the lower-cased text for search) is done once.

#include "../feedback.h"
#include "../run.h"

#include <QList>

#include <span>

namespace assay::filter {

class RunView {
public:
    RunView(const Run &run, std::span<const Feedback> feedback = {});

    const Run &run() const { return *m_run; }
    std::span<const Feedback> feedback() const { return m_feedback; }
    const QJsonObject &metadata() const { return m_metadata; }
    // Name, type, error, tags and every string in inputs, outputs and metadata, lower-cased; built on
    // first use.
    const QString &searchText() const;

private:
    const Run *m_run;
    std::span<const Feedback> m_feedback;
    QJsonObject m_metadata;
    mutable QString m_searchText;
    mutable bool m_searchTextBuilt = false;
};

} // namespace assay::filter
