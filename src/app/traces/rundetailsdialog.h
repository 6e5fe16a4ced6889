#pragma once

// A run opened from the traces page: the same run view reviewers see, the trace's tree with each run's
// JSON, and the run's feedback. The trace is read when the dialog opens.

#include <QDialog>
#include <QJsonObject>

class QListWidget;

namespace assay::client {
class ApiClient;
class RunTreeModel;
} // namespace assay::client

namespace assay::app {

class RunView;
class TraceDetails;

class RunDetailsDialog : public QDialog {
    Q_OBJECT
public:
    RunDetailsDialog(client::ApiClient &api, const QJsonObject &run, QWidget *parent = nullptr);
    client::RunTreeModel &tree() const { return *m_tree; }
    QListWidget *feedback() const { return m_feedback; }

private:
    client::RunTreeModel *m_tree;
    RunView *m_view;
    TraceDetails *m_details;
    QListWidget *m_feedback;
};

} // namespace assay::app
