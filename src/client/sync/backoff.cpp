#include "backoff.h"

#include <algorithm>

namespace assay::client {

int Backoff::next(std::optional<int> retryAfterSeconds)
{
    const qint64 ceiling = std::min<qint64>(m_capMs, qint64(m_baseMs) << std::min(m_failures, 30));
    ++m_failures;
    const int jittered = int(m_random.bounded(quint32(ceiling) + 1));
    const qint64 asked = retryAfterSeconds ? qint64(*retryAfterSeconds) * 1000 : 0;
    return int(std::max<qint64>(jittered, asked));
}

} // namespace assay::client
