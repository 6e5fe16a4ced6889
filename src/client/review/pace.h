#pragma once

// The reviewer's pace this session: items reviewed, items per hour, seconds per item. Time counts from
// when an item is shown to when its answer is saved, at most kIdleCapSeconds per item, so a coffee
// break with an item open does not ruin the figure (nor inflate an answer's active time).

#include "core/timestamp.h"

#include <optional>

namespace assay::client {

class PaceTracker {
public:
    static constexpr double kIdleCapSeconds = 300;

    void itemShown(const Timestamp &now);
    // An answer was saved for the item shown; returns the seconds spent on it.
    double answerSaved(const Timestamp &now);
    // When the item was shown, for the answer's started_at.
    std::optional<Timestamp> shownAt() const { return m_shownAt; }

    int reviewed() const { return m_reviewed; }
    double secondsPerItem() const { return m_reviewed ? m_activeSeconds / m_reviewed : 0; }
    double itemsPerHour() const { return m_activeSeconds > 0 ? m_reviewed * 3600.0 / m_activeSeconds : 0; }

private:
    std::optional<Timestamp> m_shownAt;
    int m_reviewed = 0;
    double m_activeSeconds = 0;
};

} // namespace assay::client
