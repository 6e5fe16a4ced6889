#include "reviewerhealthmodel.h"

#include <QLocale>

namespace assay::client {

void ReviewerHealthModel::setReviewers(const QList<HealthReviewer> &reviewers)
{
    beginResetModel();
    m_rows = reviewers;
    endResetModel();
}

int ReviewerHealthModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReviewerHealthModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewerHealthModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HealthReviewer &r = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() != Name)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return r.name;
    case Today:
        return r.today;
    case ThisWeek:
        return r.thisWeek;
    case Total:
        return r.total;
    case Pending:
        return r.pending;
    case MedianSeconds:
        return r.medianSeconds ? QVariant(QLocale().toString(*r.medianSeconds, 'f', 1)) : QVariant(tr("—"));
    case OddOneOut:
        return r.multiReviewItems ? tr("%1 of %2").arg(r.oddOneOut).arg(r.multiReviewItems) : tr("—");
    default:
        return {};
    }
}

QVariant ReviewerHealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Reviewer");
    case Today:
        return tr("Today");
    case ThisWeek:
        return tr("This week");
    case Total:
        return tr("In all");
    case Pending:
        return tr("Leased");
    case MedianSeconds:
        return tr("Median s per item");
    case OddOneOut:
        return tr("Odd one out");
    default:
        return {};
    }
}

} // namespace assay::client
