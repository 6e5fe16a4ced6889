#pragma once

// A calibration round as JSON: what the /calibration-rounds routes answer and `assay-server report`
// prints (the same numbers by construction).

#include "services/calibrationservice.h"

#include <QJsonObject>

namespace assay::server {

// The round, its progress (answered / expected, per reviewer) and, once closed, its report.
QJsonObject roundStatusToJson(const RoundStatus &status);

} // namespace assay::server
