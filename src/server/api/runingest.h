#pragma once

// Ingest: merges run writes (POST /runs, PATCH /runs/{id}, /runs/batch) into stored runs.

#include "rules/ruleengine.h"
#include "storage/store.h"

namespace assay::server {

// Writes whose id is absent get a new one. Writes to the same id merge in order; stored runs merge
// with them (a patch may have arrived before its post). Projects named by session_name are created.
// The routing rules are then evaluated on the runs that are complete.
Status ingestRuns(Store &store, RuleEngine &rules, QList<RunUpsert> writes);

} // namespace assay::server
