#pragma once

// The traces page's filter bar checks what is typed as it is typed, with the same parser the server
// runs: either syntax, and for a mistake the message and where it is (line and column, 1-based), the
// way the server would say it ("filter:1:22: ..."), so the bar can mark the column before anything is
// sent.

#include <QString>

#include <optional>

namespace assay::client {

struct FilterProblem {
    int line = 1;
    int column = 1;
    QString message;
    QString toString() const; // "filter:<line>:<column>: <message>"
};

// Nothing when the filter is empty or parses.
std::optional<FilterProblem> checkFilter(const QString &filter);

} // namespace assay::client
