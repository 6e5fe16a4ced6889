#pragma once

// Deterministic sampling: whether a run is "in the sample" depends only on (salt, run id, stream), so
// replaying the same runs through the same rule routes the same ones. The salt is the rule's id; the
// stream keeps a filter's random_sample and the rule's sampling rate independent of each other.

#include "uuid.h"

namespace assay {

enum class SampleStream : quint64 { FilterRandomSample = 1, RuleSamplingRate = 2 };

// A number in [0, 1), uniformly spread over run ids.
double sampleUnit(const Uuid &salt, const Uuid &runId, SampleStream stream);

inline bool inSample(double rate, const Uuid &salt, const Uuid &runId, SampleStream stream)
{
    return rate >= 1.0 || (rate > 0.0 && sampleUnit(salt, runId, stream) < rate);
}

} // namespace assay
