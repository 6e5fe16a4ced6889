#include "pace.h"

#include <algorithm>

namespace assay::client {

void PaceTracker::itemShown(const Timestamp &now)
{
    m_shownAt = now;
}

double PaceTracker::answerSaved(const Timestamp &now)
{
    const double seconds =
        m_shownAt ? std::clamp(double(now.micros() - m_shownAt->micros()) / 1e6, 0.0, kIdleCapSeconds) : 0;
    ++m_reviewed;
    m_activeSeconds += seconds;
    m_shownAt = now; // the next item (or a second answer to this one) counts from here
    return seconds;
}

} // namespace assay::client
