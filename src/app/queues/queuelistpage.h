#pragma once

// My queues, one card each: the name, the first line of the reviewer guide, items to review, items
// checked out here (ready offline), done today, the rubric's size and unsent answers. Enter opens one.

#include "core/uuid.h"

#include <QStyledItemDelegate>
#include <QWidget>

#include <optional>

class QLabel;
class QListView;

namespace assay::client {
class QueueListModel;
}

namespace assay::app {

class QueueCardDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

class QueueListPage : public QWidget {
    Q_OBJECT
public:
    explicit QueueListPage(client::QueueListModel &model, QWidget *parent = nullptr);
    QListView *list() const { return m_list; }
    // The queue under the cursor (for "take items offline"), or null.
    std::optional<Uuid> selectedQueue() const;
    void setHint(const QString &text); // above the list: where the queues come from, the last problem

signals:
    void openQueue(const assay::Uuid &queueId);

private:
    void updateEmptyState();

    client::QueueListModel &m_model;
    QLabel *m_hint;
    QListView *m_list;
    QLabel *m_empty;
};

} // namespace assay::app
