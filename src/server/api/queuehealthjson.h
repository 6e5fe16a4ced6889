#pragma once

// A queue's health as JSON: what GET /annotation-queues/{id}/health answers and
// `assay-server report QUEUE --json` prints (the same numbers by construction).

#include "services/healthservice.h"

#include <QJsonObject>

namespace assay::server {

QJsonObject healthToJson(const Queue &queue, const QueueHealth &health);

} // namespace assay::server
