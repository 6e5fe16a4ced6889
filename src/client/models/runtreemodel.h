#pragma once

// The trace of the item under review as a tree (the run, its child runs, theirs): name, type, latency,
// tokens and error per run, and each run's JSON for the details pane. Built from what checkout cached,
// so it works offline.

#include <QAbstractItemModel>
#include <QJsonArray>
#include <QJsonObject>

namespace assay::client {

class RunTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, TypeColumn, LatencyColumn, TokensColumn, ErrorColumn, ColumnCount };
    enum Role { RunRole = Qt::UserRole + 1, RunIdRole };

    explicit RunTreeModel(QObject *parent = nullptr);
    // The reviewed run and the runs below it in its trace (any order; linked by parent_run_id).
    void setRuns(const QJsonObject &root, const QJsonArray &descendants);
    void clear();

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        QJsonObject run;
        int parent = -1; // index into m_nodes; -1 for the root
        int row = 0;     // position among its parent's children
        QList<int> children;
    };
    QList<Node> m_nodes; // m_nodes[0] is the root when not empty
};

// A duration as the tables show it: "840 ms", "1.24 s".
QString latencyText(qint64 micros);
// A run's latency: "1.24 s", "320 ms", or empty when the run has not ended.
QString runLatency(const QJsonObject &run);

} // namespace assay::client
