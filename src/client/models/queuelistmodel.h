#pragma once

// My queues as the queue list shows them: name, the first line of the reviewer guide, items to review
// on the server, items checked out here and ready, items done today, rubric size, unsent answers.
// Read from the local store only; reload() after a sync or a save updates rows in place.

#include "keyedlistmodel.h"
#include "store/localstore.h"

namespace assay::client {

struct QueueRow {
    Uuid id;
    QString name;
    QString guide; // first line
    int toReview = 0;
    int ready = 0;
    int doneToday = 0;
    int rubricFields = 0;
    int unsent = 0;
    friend bool operator==(const QueueRow &, const QueueRow &) = default;
};

class QueueListModel : public KeyedListModel<QueueRow, Uuid> {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        GuideRole,
        ToReviewRole,
        ReadyRole,
        DoneTodayRole,
        RubricFieldsRole,
        UnsentRole,
    };

    explicit QueueListModel(LocalStore &store, QObject *parent = nullptr);
    Status reload();

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

protected:
    Uuid keyOf(const QueueRow &row) const override { return row.id; }

private:
    LocalStore &m_store;
};

} // namespace assay::client
