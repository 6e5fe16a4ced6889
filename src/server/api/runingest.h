#pragma once

// Ingest: merges run writes (POST /runs, PATCH /runs/{id}, /runs/batch) into stored runs.

#include "rules/ruleengine.h"
#include "storage/store.h"

namespace assay::server {

// What one /runs/batch body may carry (post and patch entries and their nested child runs): 100 times
// what the SDKs send (their batch size limit, advertised in /info, is 100), a few seconds of work.
constexpr qsizetype kMaxRunsPerBatch = 10000;

// Writes whose id is absent get a new one. Writes to the same id merge in order; stored runs merge
// with them (a patch may have arrived before its post). Projects named by session_name are created.
// The routing rules are then evaluated on the runs that are complete.
Status ingestRuns(Store &store, RuleEngine &rules, QList<RunUpsert> writes);

} // namespace assay::server
