#pragma once

// Runs stored straight through the Store for the benchmarks at scale: N root runs of ~1 KB (the RAG
// corpus) in one project, start times spread over 30 days, an eval score, a tag (1% "vip"), feedback on
// ~1%, and the first `queueItems` runs in a queue — as the server's indexers would leave them.

#include "storage/store.h"

namespace assay::bench {

inline constexpr qint64 kSeedStart = 1764547200LL * 1000 * 1000; // 2025-12-01T00:00:00Z in µs
inline constexpr qint64 kSeedSpan = 30LL * 24 * 3600 * 1000 * 1000;

struct SeedOptions {
    int count = 1000000;
    int queueItems = 0;
    // The share of runs whose metadata.eval_score is under 0.5 (scores are uniform within each half).
    double lowScoreShare = 0.5;
};

struct Seeded {
    Uuid projectId;
    Uuid queueId;
    double seconds = 0;
};

Seeded seedRuns(server::Store &store, const SeedOptions &options);

} // namespace assay::bench
