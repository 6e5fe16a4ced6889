#include "queueitemmodel.h"

namespace assay::client {

using namespace Qt::StringLiterals;

QString itemStatusName(ItemStatus status)
{
    switch (status) {
    case ItemStatus::ToReview:
        return u"to review"_s;
    case ItemStatus::Expired:
        return u"lease expired"_s;
    case ItemStatus::Removed:
        return u"removed"_s;
    case ItemStatus::Unsent:
        return u"unsent"_s;
    case ItemStatus::NeedsAttention:
        return u"needs attention"_s;
    case ItemStatus::Answered:
        return u"answered"_s;
    }
    return {};
}

QueueItemModel::QueueItemModel(LocalStore &store, QObject *parent)
    : KeyedListModel(parent)
    , m_store(store)
{
}

Status QueueItemModel::setQueue(const Uuid &queueId)
{
    if (queueId != m_queue) {
        m_queue = queueId;
        setRows({}); // another queue's items are other rows
    }
    return reload();
}

Status QueueItemModel::reload()
{
    if (m_queue.isNull())
        return Ok{};
    auto statuses = statusesOf(m_store, m_queue, Timestamp::now());
    if (!statuses)
        return statuses.error();
    QList<ItemRow> rows;
    for (qsizetype i = 0; i < statuses->items.size(); ++i) {
        const CachedItem &item = statuses->items[i];
        rows.append(ItemRow{item.runId, item.runName, item.reason, statuses->status[i], item.leaseExpiresAt});
    }
    setRows(rows);
    return Ok{};
}

int QueueItemModel::nextToReview(int from, const QSet<Uuid> &later) const
{
    const int n = rowCount();
    int deferred = -1;
    for (int k = 0; k < n; ++k) {
        const int row = (std::max(from, 0) + k) % n;
        if (rowAt(row).status != ItemStatus::ToReview)
            continue;
        if (!later.contains(rowAt(row).runId))
            return row;
        if (deferred < 0)
            deferred = row;
    }
    return deferred;
}

void QueueItemModel::setStatus(const Uuid &runId, ItemStatus status)
{
    const int row = rowOf(runId);
    if (row < 0)
        return;
    ItemRow changed = rowAt(row);
    changed.status = status;
    updateRow(row, changed);
}

QVariant QueueItemModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ItemRow &r = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return r.name;
    case Qt::ToolTipRole:
    case ReasonRole:
        return r.reason;
    case RunIdRole:
        return r.runId.toString();
    case StatusRole:
        return int(r.status);
    case StatusNameRole:
        return itemStatusName(r.status);
    case LeaseExpiresRole:
        return r.leaseExpiresAt.toIso();
    default:
        return {};
    }
}

QHash<int, QByteArray> QueueItemModel::roleNames() const
{
    QHash<int, QByteArray> names = KeyedListModel::roleNames();
    names.insert({{RunIdRole, "runId"},
                  {NameRole, "name"},
                  {ReasonRole, "reason"},
                  {StatusRole, "status"},
                  {StatusNameRole, "statusName"},
                  {LeaseExpiresRole, "leaseExpiresAt"}});
    return names;
}

} // namespace assay::client
