#include "rulelistmodel.h"

#include <QJsonArray>
#include <QLocale>

namespace assay::client {

using namespace Qt::StringLiterals;

QString percentText(double rate)
{
    return QLocale().toString(rate * 100, 'g', 4) + u" %"_s;
}

RuleListModel::RuleListModel(ApiClient &api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
{
}

void RuleListModel::setQueue(const std::optional<Uuid> &queueId)
{
    m_queue = queueId;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    reload();
}

void RuleListModel::reload()
{
    const quint64 generation = ++m_generation;
    if (!m_queue)
        return;
    m_api.get(u"/routing-rules"_s, [this, generation](const ApiReply &reply) {
        if (generation != m_generation)
            return;
        if (!reply.ok()) {
            emit failed(reply.message);
            return;
        }
        QList<RuleRow> rows;
        for (const QJsonValue &value : reply.body.toArray()) {
            const QJsonObject json = value.toObject();
            auto rule = routingRuleFromJson(json);
            if (!rule || rule->queueId != *m_queue)
                continue;
            const QJsonObject stats = json.value("stats"_L1).toObject();
            QStringList errors;
            for (const QJsonValue &e : stats.value("last_errors"_L1).toArray())
                errors.append(e.toString());
            rows.append({*rule, qint64(stats.value("evaluated"_L1).toDouble()),
                         qint64(stats.value("matched"_L1).toDouble()),
                         qint64(stats.value("sampled_in"_L1).toDouble()),
                         qint64(stats.value("added"_L1).toDouble()), errors});
        }
        // Same rules (the usual refresh): counters change in place, the selection stays.
        bool sameRules = rows.size() == m_rows.size();
        for (qsizetype i = 0; sameRules && i < rows.size(); ++i)
            sameRules = rows[i].rule.id == m_rows[i].rule.id;
        if (sameRules) {
            m_rows = rows;
            if (!m_rows.isEmpty())
                emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        } else {
            beginResetModel();
            m_rows = rows;
            endResetModel();
        }
        emit loaded();
    });
}

int RuleListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RuleListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RuleListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RuleRow &r = m_rows.at(index.row());
    const QLocale locale;
    if (role == Qt::ToolTipRole) {
        if (index.column() == LastError)
            return r.lastErrors.join(u'\n');
        if (index.column() == Filter)
            return r.rule.filter;
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Sampling && index.column() <= Added)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return r.rule.name;
    case Enabled:
        return r.rule.enabled ? tr("on") : tr("off");
    case Filter:
        return r.rule.filter;
    case Sampling:
        return percentText(r.rule.samplingRate);
    case Evaluated:
        return locale.toString(r.evaluated);
    case Matched:
        return locale.toString(r.matched);
    case SampledIn:
        return locale.toString(r.sampledIn);
    case Added:
        return locale.toString(r.added);
    case LastError:
        return r.lastErrors.isEmpty() ? QString() : r.lastErrors.last();
    }
    return {};
}

QVariant RuleListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Rule");
    case Enabled:
        return tr("State");
    case Filter:
        return tr("Filter");
    case Sampling:
        return tr("Sampled");
    case Evaluated:
        return tr("Evaluated");
    case Matched:
        return tr("Matched");
    case SampledIn:
        return tr("Sampled in");
    case Added:
        return tr("Added");
    case LastError:
        return tr("Last error");
    }
    return {};
}

} // namespace assay::client
