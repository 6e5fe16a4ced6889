#include "ratelimiter.h"

#include <cmath>

namespace assay::server {

RateLimiter::RateLimiter(double perSecond, double burst, qsizetype capacity)
    : m_perSecond(perSecond)
    , m_burst(burst)
    , m_capacity(std::max<qsizetype>(1, capacity))
{
    m_clock.start();
}

RateLimiter::Bucket &RateLimiter::refill(const QString &key)
{
    const qint64 now = m_clock.elapsed();
    auto found = m_buckets.find(key);
    if (found == m_buckets.end()) {
        if (m_buckets.size() >= m_capacity) { // the least recently used bucket makes room
            m_buckets.remove(m_recency.back().key);
            m_recency.pop_back();
        }
        m_recency.push_front(Bucket{key, m_burst, now});
        found = m_buckets.insert(key, m_recency.begin());
    } else {
        m_recency.splice(m_recency.begin(), m_recency, *found);
    }
    Bucket &b = **found;
    b.tokens = std::min(m_burst, b.tokens + (now - b.updatedMs) / 1000.0 * m_perSecond);
    b.updatedMs = now;
    return b;
}

int RateLimiter::secondsUntilToken(const Bucket &b) const
{
    return std::max(1, int(std::ceil((1.0 - b.tokens) / m_perSecond)));
}

std::optional<int> RateLimiter::take(const QString &key)
{
    if (!enabled())
        return std::nullopt;
    QMutexLocker lock(&m_mutex);
    Bucket &b = refill(key);
    if (b.tokens < 1.0)
        return secondsUntilToken(b);
    b.tokens -= 1.0;
    return std::nullopt;
}

} // namespace assay::server
