#include "sampling.h"

namespace assay {

namespace {

// SplitMix64's finalizer: a bijective mix with good avalanche, enough to spread UUID v7 ids that
// share their leading timestamp bits.
constexpr quint64 mix(quint64 z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::pair<quint64, quint64> halves(const Uuid &id)
{
    const QUuid &u = id.toQUuid();
    const quint64 hi = (quint64(u.data1) << 32) | (quint64(u.data2) << 16) | u.data3;
    quint64 lo = 0;
    for (uchar b : u.data4)
        lo = (lo << 8) | b;
    return {hi, lo};
}

} // namespace

double sampleUnit(const Uuid &salt, const Uuid &runId, SampleStream stream)
{
    const auto [s1, s2] = halves(salt);
    const auto [r1, r2] = halves(runId);
    quint64 h = mix(static_cast<quint64>(stream) + 0x9e3779b97f4a7c15ULL);
    h = mix(h ^ s1);
    h = mix(h ^ s2);
    h = mix(h ^ r1);
    h = mix(h ^ r2);
    return static_cast<double>(h >> 11) * 0x1.0p-53;
}

} // namespace assay
