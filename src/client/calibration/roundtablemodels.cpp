#include "roundtablemodels.h"

#include <QJsonValue>
#include <QLocale>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

QString statistic(const std::optional<double> &v)
{
    return v ? QLocale().toString(*v, 'f', 2) : QStringLiteral("—");
}

QString percent(const std::optional<double> &v)
{
    return v ? QLocale().toString(*v * 100, 'f', 1) + QStringLiteral(" %") : QStringLiteral("—");
}

} // namespace

QString answerSummary(const QJsonObject &values, const QString &comment, const QStringList &order)
{
    QStringList keys = order;
    for (auto it = values.begin(); it != values.end(); ++it)
        if (!keys.contains(it.key()))
            keys.append(it.key());
    QStringList parts;
    for (const QString &key : std::as_const(keys)) {
        const QJsonValue v = values.value(key);
        if (v.isDouble())
            parts.append(QLocale().toString(v.toDouble()));
        else if (v.isString() && !v.toString().isEmpty())
            parts.append(v.toString());
    }
    QString text = parts.join(u", "_s);
    if (!comment.isEmpty())
        text += u" — "_s + comment;
    return text;
}

void AgreementTableModel::setRound(const CalibrationRoundData &round)
{
    beginResetModel();
    m_round = round;
    endResetModel();
}

int AgreementTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_round.fields.size());
}

int AgreementTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AgreementTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RoundField &f = m_round.fields.at(index.row());
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Field:
        return f.label.isEmpty() ? f.key : f.label;
    case Agreement:
        return percent(f.percentAgreement);
    case Fleiss:
        return statistic(f.fleissKappa);
    case Alpha:
        return tr("%1 (%2)").arg(statistic(f.krippendorffAlpha),
                                 f.alphaLevel == u"interval" ? tr("interval") : tr("nominal"));
    case PairKappas: {
        QStringList pairs;
        for (const RoundField::Pair &p : f.pairs)
            pairs.append(tr("%1/%2: %3").arg(m_round.nameOf(p.a), m_round.nameOf(p.b), statistic(p.kappa)));
        return pairs.join(u"; "_s);
    }
    case Flag:
        return f.flagged ? tr("Rubric needs clarification") : QString();
    default:
        return {};
    }
}

QVariant AgreementTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Field:
        return tr("Field");
    case Agreement:
        return tr("Agreement");
    case Fleiss:
        return tr("Fleiss' κ");
    case Alpha:
        return tr("Krippendorff's α");
    case PairKappas:
        return tr("Cohen's κ per pair");
    case Flag:
        return tr("Flag");
    default:
        return {};
    }
}

void AdjudicationModel::setRound(const CalibrationRoundData &round)
{
    beginResetModel();
    m_round = round;
    endResetModel();
}

int AdjudicationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_round.disputed.size());
}

int AdjudicationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FirstReviewer + int(m_round.reportReviewers.size());
}

QVariant AdjudicationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const RoundItem &item = m_round.disputed.at(index.row());
    switch (index.column()) {
    case Run:
        return item.runId;
    case Disagreement:
        return percent(item.disagreement);
    case Fields:
        return item.fieldsInDispute.join(u", "_s);
    default: {
        const QString reviewer = m_round.reportReviewers.at(index.column() - FirstReviewer);
        if (!item.answers.contains(reviewer))
            return tr("—");
        QStringList order;
        for (const RoundField &f : m_round.fields)
            order.append(f.key);
        return answerSummary(item.answers.value(reviewer), item.comments.value(reviewer), order);
    }
    }
}

QVariant AdjudicationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Run:
        return tr("Run");
    case Disagreement:
        return tr("Disagreement");
    case Fields:
        return tr("Fields in dispute");
    default:
        return section - FirstReviewer < m_round.reportReviewers.size()
                   ? QVariant(m_round.nameOf(m_round.reportReviewers.at(section - FirstReviewer)))
                   : QVariant();
    }
}

} // namespace assay::client
