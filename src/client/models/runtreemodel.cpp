#include "runtreemodel.h"

#include "core/timestamp.h"

#include <QHash>

namespace assay::client {

using namespace Qt::StringLiterals;

QString latencyText(qint64 micros)
{
    const qint64 ms = micros / 1000;
    return ms < 1000 ? u"%1 ms"_s.arg(ms) : u"%1 s"_s.arg(double(ms) / 1000.0, 0, 'f', 2);
}

QString runLatency(const QJsonObject &run)
{
    auto start = Timestamp::parseIso(run.value("start_time"_L1).toString());
    auto end = Timestamp::parseIso(run.value("end_time"_L1).toString());
    if (!start || !end)
        return {};
    return latencyText(end->micros() - start->micros());
}

RunTreeModel::RunTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void RunTreeModel::clear()
{
    beginResetModel();
    m_nodes.clear();
    endResetModel();
}

void RunTreeModel::setRuns(const QJsonObject &root, const QJsonArray &descendants)
{
    // Showing another item is a new tree: a reset is the honest signal here.
    beginResetModel();
    m_nodes.clear();
    m_nodes.append(Node{root, -1, 0, {}});
    QList<QJsonObject> rest;
    for (const QJsonValue &v : descendants)
        rest.append(v.toObject());
    // Children in the order they ran.
    std::stable_sort(rest.begin(), rest.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value("dotted_order"_L1).toString() < b.value("dotted_order"_L1).toString();
    });
    QHash<QString, int> byId{{root.value("id"_L1).toString(), 0}};
    for (const QJsonObject &r : rest)
        byId.insert(r.value("id"_L1).toString(), -1);
    // Parents come before their children in dotted order; a run whose parent is missing hangs off the root.
    for (const QJsonObject &r : rest) {
        int parent = byId.value(r.value("parent_run_id"_L1).toString(), 0);
        if (parent < 0)
            parent = 0;
        const int self = int(m_nodes.size());
        m_nodes.append(Node{r, parent, int(m_nodes[parent].children.size()), {}});
        m_nodes[parent].children.append(self);
        byId.insert(r.value("id"_L1).toString(), self);
    }
    endResetModel();
}

QModelIndex RunTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row == 0 && !m_nodes.isEmpty() ? createIndex(0, column, quintptr(0)) : QModelIndex();
    const Node &p = m_nodes.at(int(parent.internalId()));
    if (row >= p.children.size())
        return {};
    return createIndex(row, column, quintptr(p.children.at(row)));
}

QModelIndex RunTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node &n = m_nodes.at(int(child.internalId()));
    if (n.parent < 0)
        return {};
    return createIndex(m_nodes.at(n.parent).row, 0, quintptr(n.parent));
}

int RunTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return m_nodes.isEmpty() ? 0 : 1;
    if (parent.column() != 0)
        return 0;
    return int(m_nodes.at(int(parent.internalId())).children.size());
}

int RunTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant RunTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const QJsonObject &run = m_nodes.at(int(index.internalId())).run;
    if (role == RunRole)
        return run;
    if (role == RunIdRole)
        return run.value("id"_L1).toString();
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return run.value("name"_L1).toString();
    case TypeColumn:
        return run.value("run_type"_L1).toString();
    case LatencyColumn:
        return runLatency(run);
    case TokensColumn:
        return run.value("total_tokens"_L1).isDouble() ? QVariant(run.value("total_tokens"_L1).toInteger())
                                                       : QVariant();
    case ErrorColumn:
        return run.value("error"_L1).toString();
    default:
        return {};
    }
}

QVariant RunTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Run");
    case TypeColumn:
        return tr("Type");
    case LatencyColumn:
        return tr("Latency");
    case TokensColumn:
        return tr("Tokens");
    case ErrorColumn:
        return tr("Error");
    default:
        return {};
    }
}

} // namespace assay::client
