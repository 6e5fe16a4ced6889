#pragma once

// The runs of one trace, for the lead's run details: POST /runs/query {"trace": id}, every page (a trace
// holds at most a few thousand runs; more than kMaxRuns is cut short and said).

#include "api/apiclient.h"
#include "core/result.h"
#include "core/uuid.h"

#include <QJsonArray>

#include <functional>

namespace assay::client {

inline constexpr int kMaxTraceRuns = 5000;

// `done` gets the trace's runs (root included), or why they could not be read.
void loadTrace(ApiClient &api, const Uuid &traceId, std::function<void(Result<QJsonArray>)> done);

} // namespace assay::client
