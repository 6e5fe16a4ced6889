#pragma once

// One queue's health for its lead (GET /annotation-queues/{id}/health): the alarms as a banner (backlog
// past its threshold, no calibration round for six weeks, answers left unused), the backlog and the
// throughput in a line, three charts, the planner (try another sampling rate for a rule and read the
// reviewer-hours a day it would need) and each reviewer's progress, which copies as CSV.

#include "core/uuid.h"
#include "health/queuehealthdata.h"

#include <QWidget>

class QChartView;
class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;

namespace assay::client {
class ApiClient;
class ReviewerHealthModel;
} // namespace assay::client

namespace assay::app {

class QueuePicker;

class HealthPage : public QWidget {
    Q_OBJECT
public:
    explicit HealthPage(client::ApiClient &api, QWidget *parent = nullptr);

    void refresh(); // the queue list, then the chosen queue's health
    void load(const Uuid &queue);

    QueuePicker *picker() const { return m_picker; }
    QLabel *banner() const { return m_banner; }
    QLabel *summary() const { return m_summary; }
    QTableWidget *planner() const { return m_planner; }
    QLabel *plannerResult() const { return m_plannerResult; }
    QTableView *reviewers() const { return m_reviewers; }
    QList<QChartView *> charts() const { return m_charts; }
    const client::QueueHealthData &health() const { return m_health; }
    void copyReviewersAsCsv();

signals:
    void loaded();

private:
    void show(const client::QueueHealthData &health);
    void fillPlanner();
    void plannerChanged();

    client::ApiClient &m_api;
    QueuePicker *m_picker;
    QLabel *m_banner;
    QLabel *m_summary;
    QList<QChartView *> m_charts;
    QTableWidget *m_planner;
    QLabel *m_plannerResult;
    client::ReviewerHealthModel *m_reviewerModel;
    QTableView *m_reviewers;
    QLabel *m_status;
    client::QueueHealthData m_health;
    quint64 m_generation = 0;
};

} // namespace assay::app
