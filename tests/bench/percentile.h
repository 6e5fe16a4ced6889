#pragma once

// The percentile the benchmarks report (p = 0.5 for the median, 1.0 for the maximum); 0 for no samples.

#include <QList>

#include <algorithm>

namespace assay::bench {

inline double percentile(QList<double> samples, double p)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    return samples.at(std::min(samples.size() - 1, qsizetype(samples.size() * p)));
}

} // namespace assay::bench
