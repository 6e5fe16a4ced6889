#pragma once

// Exponential backoff with full jitter: the nth wait is uniform in [0, min(cap, base * 2^n)], and never
// shorter than what the server asked for with Retry-After.

#include <QRandomGenerator>

#include <optional>

namespace assay::client {

class Backoff {
public:
    Backoff(int baseMs = 1000, int capMs = 5 * 60 * 1000,
            quint32 seed = QRandomGenerator::global()->generate())
        : m_baseMs(baseMs)
        , m_capMs(capMs)
        , m_random(seed)
    {
    }
    // The next wait in milliseconds; counts a failure.
    int next(std::optional<int> retryAfterSeconds = std::nullopt);
    void reset() { m_failures = 0; }
    int failures() const { return m_failures; }

private:
    int m_baseMs, m_capMs;
    int m_failures = 0;
    QRandomGenerator m_random;
};

} // namespace assay::client
