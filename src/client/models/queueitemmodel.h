#pragma once

// My items of one queue, in queue order, each with where it stands for me (to review, unsent,
// answered, needs attention, expired, removed) and why it was routed.

#include "keyedlistmodel.h"
#include "store/readiness.h"

#include <QSet>

namespace assay::client {

struct ItemRow {
    Uuid runId;
    QString name;
    QString reason;
    ItemStatus status = ItemStatus::ToReview;
    Timestamp leaseExpiresAt;
    friend bool operator==(const ItemRow &, const ItemRow &) = default;
};

class QueueItemModel : public KeyedListModel<ItemRow, Uuid> {
    Q_OBJECT
public:
    enum Role {
        RunIdRole = Qt::UserRole + 1,
        NameRole,
        ReasonRole,
        StatusRole,
        StatusNameRole,
        LeaseExpiresRole
    };

    explicit QueueItemModel(LocalStore &store, QObject *parent = nullptr);
    Status setQueue(const Uuid &queueId); // and reload
    Uuid queueId() const { return m_queue; }
    Status reload();
    // The row of the first item to review at or after `from` (wrapping), or -1 when none is left; items
    // in `later` (skipped for now) only when no other is left.
    int nextToReview(int from, const QSet<Uuid> &later = {}) const;
    // An answer was just saved here: that row alone changes, without reading the whole queue again.
    void setStatus(const Uuid &runId, ItemStatus status);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

protected:
    Uuid keyOf(const ItemRow &row) const override { return row.runId; }

private:
    LocalStore &m_store;
    Uuid m_queue;
};

QString itemStatusName(ItemStatus status);

} // namespace assay::client
