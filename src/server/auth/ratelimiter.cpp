#include "ratelimiter.h"

#include <cmath>

namespace assay::server {

RateLimiter::RateLimiter(double perSecond, double burst)
    : m_perSecond(perSecond)
    , m_burst(burst)
{
    m_clock.start();
}

RateLimiter::Bucket &RateLimiter::refill(const QString &key)
{
    const qint64 now = m_clock.elapsed();
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        if (m_buckets.size() > 10000) // forget buckets that have refilled
            for (auto b = m_buckets.begin(); b != m_buckets.end();)
                b = b->tokens + (now - b->updatedMs) / 1000.0 * m_perSecond >= m_burst ? m_buckets.erase(b)
                                                                                       : std::next(b);
        it = m_buckets.insert(key, Bucket{m_burst, now});
    }
    it->tokens = std::min(m_burst, it->tokens + (now - it->updatedMs) / 1000.0 * m_perSecond);
    it->updatedMs = now;
    return *it;
}

int RateLimiter::secondsUntilToken(const Bucket &b) const
{
    return std::max(1, int(std::ceil((1.0 - b.tokens) / m_perSecond)));
}

std::optional<int> RateLimiter::take(const QString &key)
{
    if (!enabled())
        return std::nullopt;
    Bucket &b = refill(key);
    if (b.tokens < 1.0)
        return secondsUntilToken(b);
    b.tokens -= 1.0;
    return std::nullopt;
}

std::optional<int> RateLimiter::blocked(const QString &key)
{
    if (!enabled())
        return std::nullopt;
    const Bucket &b = refill(key);
    return b.tokens < 1.0 ? std::optional(secondsUntilToken(b)) : std::nullopt;
}

} // namespace assay::server
