#pragma once

// The trace behind the item (E): the run tree with its child runs (name, type, latency, tokens, error)
// and, for the run picked in it, its inputs, outputs and error as pretty JSON.

#include <QWidget>

class QPlainTextEdit;
class QTreeView;

namespace assay::client {
class RunTreeModel;
}

namespace assay::app {

class TraceDetails : public QWidget {
    Q_OBJECT
public:
    explicit TraceDetails(client::RunTreeModel &model, QWidget *parent = nullptr);
    QTreeView *tree() const { return m_tree; }

private:
    void showRun(const QModelIndex &index);

    client::RunTreeModel &m_model;
    QTreeView *m_tree;
    QPlainTextEdit *m_json;
};

} // namespace assay::app
