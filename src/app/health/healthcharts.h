#pragma once

// The Health page's charts, built from a queue's health: depth and days of backlog over the 90 days
// (with the alarm line), arrivals against completions per day, and each reviewer's answers.

#include "health/queuehealthdata.h"

#include <QCoreApplication>

class QChart;

namespace assay::app {

class HealthCharts {
    Q_DECLARE_TR_FUNCTIONS(HealthCharts)
public:
    static QChart *depthAndBacklog(const client::QueueHealthData &health);
    static QChart *arrivalsAndCompletions(const client::QueueHealthData &health);
    static QChart *reviewerThroughput(const client::QueueHealthData &health);
};

} // namespace assay::app
