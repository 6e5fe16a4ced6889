#pragma once

// A closed round's report as two tables: agreement per rubric field (the flag says which field's guide
// needs clarifying), and the items most disagreed on with each reviewer's answer side by side.

#include "calibrationround.h"

#include <QAbstractTableModel>

namespace assay::client {

class AgreementTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Field, Agreement, Fleiss, Alpha, PairKappas, Flag, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setRound(const CalibrationRoundData &round);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    CalibrationRoundData m_round;
};

// Rows: the items, most disagreement first. Columns: the run, its disagreement, the fields in dispute,
// then one per reviewer of the report (their answer, "—" when they gave none).
class AdjudicationModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Run, Disagreement, Fields, FirstReviewer };
    using QAbstractTableModel::QAbstractTableModel;

    void setRound(const CalibrationRoundData &round);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    CalibrationRoundData m_round;
};

// "good, 4 — comment": an answer's values, the keys of `order` first (the rubric's compared fields),
// then the rest, then the comment.
QString answerSummary(const QJsonObject &values, const QString &comment, const QStringList &order);

} // namespace assay::client
