#pragma once

// The routing rules that feed one queue, with their counters (GET /routing-rules): name, on/off,
// filter, sampling rate, evaluated, matched, sampled in, added, the last error. reload() replaces the
// rows in place; the rules of other queues are left out.

#include "api/apiclient.h"
#include "core/routingrule.h"

#include <QAbstractTableModel>

namespace assay::client {

struct RuleRow {
    RoutingRule rule;
    qint64 evaluated = 0, matched = 0, sampledIn = 0, added = 0;
    QStringList lastErrors;
};

class RuleListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Name,
        Enabled,
        Filter,
        Sampling,
        Evaluated,
        Matched,
        SampledIn,
        Added,
        LastError,
        ColumnCount
    };

    explicit RuleListModel(ApiClient &api, QObject *parent = nullptr);

    void setQueue(const std::optional<Uuid> &queueId);
    void reload();
    const RuleRow &rowAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void loaded();
    void failed(const QString &message);

private:
    ApiClient &m_api;
    std::optional<Uuid> m_queue;
    QList<RuleRow> m_rows;
    quint64 m_generation = 0;
};

// A sampling rate as the lead reads it: "10 %", "0.5 %", "100 %".
QString percentText(double rate);

} // namespace assay::client
