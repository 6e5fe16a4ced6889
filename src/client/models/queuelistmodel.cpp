#include "queuelistmodel.h"

#include "store/readiness.h"

#include <QDateTime>

namespace assay::client {

QueueListModel::QueueListModel(LocalStore &store, QObject *parent)
    : KeyedListModel(parent)
    , m_store(store)
{
}

Status QueueListModel::reload()
{
    auto queues = m_store.cache().queues();
    if (!queues)
        return queues.error();
    // "Today" is the reviewer's day: since local midnight.
    const QDateTime midnight(QDate::currentDate(), QTime(0, 0));
    const Timestamp since = Timestamp::fromMicros(midnight.toMSecsSinceEpoch() * 1000);
    auto today = m_store.work().itemsAnsweredSince(since);
    auto unsent = m_store.work().countPerQueue(AnswerState::Unsent);
    if (!today || !unsent)
        return !today ? today.error() : unsent.error();
    const Timestamp now = Timestamp::now();
    QList<QueueRow> rows;
    for (const CachedQueue &q : *queues) {
        auto ready = readyCount(m_store, q.id, now); // the cheap question, not every item's status
        if (!ready)
            return ready.error();
        rows.append(QueueRow{q.id, q.name, q.guide.section(u'\n', 0, 0).trimmed(), q.toReview, *ready,
                             today->value(q.id), int(q.rubric.fields.size()), unsent->value(q.id)});
    }
    setRows(rows);
    return Ok{};
}

QVariant QueueListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QueueRow &r = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return r.name;
    case Qt::ToolTipRole:
    case GuideRole:
        return r.guide;
    case IdRole:
        return r.id.toString();
    case ToReviewRole:
        return r.toReview;
    case ReadyRole:
        return r.ready;
    case DoneTodayRole:
        return r.doneToday;
    case RubricFieldsRole:
        return r.rubricFields;
    case UnsentRole:
        return r.unsent;
    default:
        return {};
    }
}

QHash<int, QByteArray> QueueListModel::roleNames() const
{
    QHash<int, QByteArray> names = KeyedListModel::roleNames();
    names.insert({{IdRole, "queueId"},
                  {NameRole, "name"},
                  {GuideRole, "guide"},
                  {ToReviewRole, "toReview"},
                  {ReadyRole, "ready"},
                  {DoneTodayRole, "doneToday"},
                  {RubricFieldsRole, "rubricFields"},
                  {UnsentRole, "unsent"}});
    return names;
}

} // namespace assay::client
