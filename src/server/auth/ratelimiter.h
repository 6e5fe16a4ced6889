#pragma once

// Token buckets keyed by a string (an API key id, a client address). A bucket holds up to `burst`
// tokens and gains `perSecond` a second; each request takes one. Empty: the caller answers 429 with
// Retry-After. Buckets that are full again are forgotten, so memory follows the active clients.

#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <optional>

namespace assay::server {

class RateLimiter {
public:
    RateLimiter(double perSecond, double burst);

    bool enabled() const { return m_perSecond > 0; }
    // Takes a token; when none is left, the whole seconds until one is.
    std::optional<int> take(const QString &key);
    // Whether a bucket is empty, without taking from it.
    std::optional<int> blocked(const QString &key);

private:
    struct Bucket {
        double tokens;
        qint64 updatedMs;
    };
    Bucket &refill(const QString &key);
    int secondsUntilToken(const Bucket &b) const;

    double m_perSecond;
    double m_burst;
    QElapsedTimer m_clock;
    QHash<QString, Bucket> m_buckets;
};

} // namespace assay::server
