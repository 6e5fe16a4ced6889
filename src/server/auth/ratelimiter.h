#pragma once

// Token buckets keyed by a string (an API key id, a client address). A bucket holds up to `burst`
// tokens and gains `perSecond` a second; each request takes one. Empty: the caller answers 429 with
// Retry-After. At most `capacity` buckets are kept, least recently used first out, so memory and the
// work per request stay bounded (O(1)) however many addresses show up; a bucket pushed out starts full
// again when its key returns, which only a flood of more than `capacity` other keys can cause.
// Safe to share between threads: the request workers take tokens from one limiter.

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QString>

#include <list>
#include <optional>

namespace assay::server {

struct RateLimits {
    double requestsPerSecondPerKey = 1000; // 0: no limit
    double burstPerKey = 2000;
    double failedAuthPerMinutePerAddress = 10;
    double failedAuthBurstPerAddress = 20;
};

class RateLimiter {
public:
    static constexpr qsizetype kDefaultCapacity = 100000;
    RateLimiter(double perSecond, double burst, qsizetype capacity = kDefaultCapacity);

    bool enabled() const { return m_perSecond > 0; }
    // Takes a token; when none is left, the whole seconds until one is.
    std::optional<int> take(const QString &key);
    qsizetype size() const
    {
        QMutexLocker lock(&m_mutex);
        return m_buckets.size();
    }

private:
    struct Bucket {
        QString key;
        double tokens;
        qint64 updatedMs;
    };
    using Recency = std::list<Bucket>; // most recently used first
    Bucket &refill(const QString &key);
    int secondsUntilToken(const Bucket &b) const;

    mutable QMutex m_mutex;
    double m_perSecond;
    double m_burst;
    qsizetype m_capacity;
    QElapsedTimer m_clock;
    Recency m_recency;
    QHash<QString, Recency::iterator> m_buckets;
};

} // namespace assay::server
