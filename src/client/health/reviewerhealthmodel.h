#pragma once

// Each reviewer's progress in a queue, one row each: answers today / this week / in all, items leased,
// median seconds per item, and how often they stood alone in items three or more reviewers answered.

#include "queuehealthdata.h"

#include <QAbstractTableModel>

namespace assay::client {

class ReviewerHealthModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Today, ThisWeek, Total, Pending, MedianSeconds, OddOneOut, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setReviewers(const QList<HealthReviewer> &reviewers);
    const QList<HealthReviewer> &reviewers() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<HealthReviewer> m_rows;
};

} // namespace assay::client
