#pragma once

// A routing rule's editor: name, filter (either syntax, checked as it is typed, the mistake's column
// named), sampling rate as a percentage, and a dry run that says before anything is saved what the rule
// would do among the last 1,000 runs ("Would add 37 of the last 1,000 runs (12 already queued)"), with
// those runs listed.

#include "core/routingrule.h"

#include <QDialog>

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace assay::client {
class ApiClient;
struct DryRunResult;
struct QueueHealthData;
} // namespace assay::client

namespace assay::app {

class RuleEditorDialog : public QDialog {
    Q_OBJECT
public:
    RuleEditorDialog(client::ApiClient &api, const RoutingRule &rule, QWidget *parent = nullptr);

    QLineEdit *name() const { return m_name; }
    QLineEdit *filter() const { return m_filter; }
    QDoubleSpinBox *percent() const { return m_percent; }
    QLabel *problem() const { return m_problem; }
    QLabel *dryRunSummary() const { return m_summary; }
    QListWidget *dryRunRuns() const { return m_runs; }
    QPushButton *dryRunButton() const { return m_dryRun; }
    QPushButton *saveButton() const { return m_save; }
    const RoutingRule &saved() const { return m_saved; }
    RoutingRule edited() const;

    void dryRun();

signals:
    void dryRunDone();
    void costShown(); // the dry run's reviewer-hours, once the queue's health has come

private:
    void check();
    void save();
    // Adds to the dry run's summary what the draft would cost: items a day and reviewer-hours a day.
    void showCost(const client::DryRunResult &dry);
    void showCost(const client::DryRunResult &dry, const QString &summary,
                  const client::QueueHealthData &health);

    client::ApiClient &m_api;
    RoutingRule m_rule;
    RoutingRule m_saved;
    QLineEdit *m_name;
    QLineEdit *m_filter;
    QDoubleSpinBox *m_percent;
    QLabel *m_problem;
    QPushButton *m_dryRun;
    QLabel *m_summary;
    QListWidget *m_runs;
    QLabel *m_verdict;
    QPushButton *m_save;
};

} // namespace assay::app
