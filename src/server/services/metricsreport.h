#pragma once

// The metrics that live in the database, read when /metrics is scraped: each queue's open items (its
// depth) and live leases, each routing rule's counters (summed over every server on the database).

#include "storage/store.h"

#include <QByteArray>

namespace assay::server {

// In Prometheus' text format, to follow the process's own counters (observability/metrics.h).
Result<QByteArray> databaseMetrics(Store &store, const Timestamp &now);

} // namespace assay::server
