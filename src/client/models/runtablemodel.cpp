#include "runtablemodel.h"

#include "runtreemodel.h"

#include "core/timestamp.h"

#include <QJsonArray>
#include <QLocale>

#include <algorithm>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

RunTableRow rowFromJson(const QJsonObject &run)
{
    RunTableRow row;
    if (auto id = Uuid::parse(run.value("id"_L1).toString()))
        row.id = *id;
    row.name = run.value("name"_L1).toString();
    row.runType = run.value("run_type"_L1).toString();
    // Timestamp's parser: QDateTime::fromString cost more than the rest of the row together.
    const auto start = Timestamp::parseIso(run.value("start_time"_L1).toString());
    const auto end = Timestamp::parseIso(run.value("end_time"_L1).toString());
    if (start)
        row.start = QDateTime::fromMSecsSinceEpoch(start->millis(), Qt::UTC);
    if (start && end)
        row.latency = latencyText(end->micros() - start->micros());
    if (run.value("total_tokens"_L1).isDouble())
        row.totalTokens = run.value("total_tokens"_L1).toInteger();
    row.error = run.value("error"_L1).toString();
    row.feedback = feedbackChips(run.value("feedback_stats"_L1).toObject());
    row.run = run;
    return row;
}

QString number(double value)
{
    return QLocale().toString(value, 'g', 3);
}

} // namespace

QStringList feedbackChips(const QJsonObject &feedbackStats)
{
    QStringList chips;
    for (auto it = feedbackStats.begin(); it != feedbackStats.end(); ++it) {
        const QJsonObject stats = it.value().toObject();
        const QJsonObject values = stats.value("values"_L1).toObject();
        const qint64 n = stats.value("n"_L1).toInteger();
        if (!values.isEmpty()) {
            for (auto v = values.begin(); v != values.end(); ++v) {
                const qint64 count = v.value().toInteger();
                chips.append(count > 1 ? u"%1 = %2 ×%3"_s.arg(it.key(), v.key()).arg(count)
                                       : u"%1 = %2"_s.arg(it.key(), v.key()));
            }
        } else if (stats.value("avg"_L1).isDouble()) {
            const QString avg = number(stats.value("avg"_L1).toDouble());
            chips.append(n > 1 ? u"%1 ×%2 avg %3"_s.arg(it.key()).arg(n).arg(avg)
                               : u"%1 = %2"_s.arg(it.key(), avg));
        } else {
            chips.append(n > 1 ? u"%1 ×%2"_s.arg(it.key()).arg(n) : it.key());
        }
    }
    return chips;
}

RunTableModel::RunTableModel(ApiClient &api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
{
}

void RunTableModel::setQuery(const RunTableQuery &query)
{
    beginResetModel();
    m_query = query;
    m_whole = query.filter.trimmed().isEmpty();
    m_total = 0;
    m_counting = false;
    m_counted = false;
    m_blocks.clear();
    m_rows.clear();
    m_cursor.clear();
    m_pageSize = kPageSize;
    m_atEnd = m_whole;
    m_pageOnItsWay = false;
    m_lastError.clear();
    ++m_generation;
    // Before the reset is announced: a view may ask for the first page as soon as it is, and nothing
    // of the old query is on its way any more.
    updateLoading();
    endResetModel();
    if (m_query.projectId.isNull())
        return;
    if (m_whole) { // the count and the first block side by side: the first paint waits for both
        fetchCount();
        m_blocks.want(0);
        fetchWanted();
    } else {
        fetchPage(); // unless the view already asked
    }
}

const RunTableRow &RunTableModel::rowAt(int row) const
{
    static const RunTableRow notLoaded;
    if (!m_whole)
        return m_rows.at(row);
    const RunTableRow *loaded = m_blocks.row(row);
    return loaded ? *loaded : notLoaded;
}

RunTableRow *RunTableModel::rowPtr(int row)
{
    if (m_whole)
        return m_blocks.row(row);
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

int RunTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_whole ? int(m_total) : int(m_rows.size());
}

int RunTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (m_whole && !m_blocks.row(index.row())) {
        // Asked for while painting: fetched once the paint is over, with the other rows it shows.
        if (m_lastError.isEmpty() && m_blocks.want(m_blocks.blockOf(index.row())) && !m_fetchScheduled) {
            m_fetchScheduled = true;
            QMetaObject::invokeMethod(const_cast<RunTableModel *>(this), &RunTableModel::fetchWanted,
                                      Qt::QueuedConnection);
        }
        return role == Qt::DisplayRole && index.column() == Name ? QVariant(u"…"_s) : QVariant();
    }
    const RunTableRow &row = rowAt(index.row());
    if (role == RunIdRole)
        return row.id.toString();
    if (role == RunJsonRole)
        return row.run;
    if (role == Qt::TextAlignmentRole && (index.column() == Latency || index.column() == Tokens))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Error)
        return row.error;
    if (role == Qt::ToolTipRole && index.column() == Feedback)
        return row.feedback.join(u'\n');
    if (role == Qt::ToolTipRole && index.column() == Queues)
        return row.queues.join(u'\n');
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return row.name;
    case Start:
        return QLocale().toString(row.start.toLocalTime(), QLocale::ShortFormat);
    case Latency:
        return row.latency;
    case Tokens:
        return row.totalTokens < 0 ? QString() : QLocale().toString(row.totalTokens);
    case Error:
        return row.error.section(u'\n', 0, 0);
    case Feedback:
        return row.feedback.join(u"  ·  "_s);
    case Queues:
        return row.queues.join(u", "_s);
    }
    return {};
}

QVariant RunTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Name");
    case Start:
        return tr("Start");
    case Latency:
        return tr("Latency");
    case Tokens:
        return tr("Tokens");
    case Error:
        return tr("Error");
    case Feedback:
        return tr("Feedback");
    case Queues:
        return tr("Queues");
    }
    return {};
}

bool RunTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_whole && !m_atEnd && !m_pageOnItsWay && m_lastError.isEmpty() &&
           !m_query.projectId.isNull();
}

void RunTableModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        fetchPage();
}

void RunTableModel::sort(int column, Qt::SortOrder order)
{
    if (column != Start)
        return;
    RunTableQuery next = m_query;
    next.oldestFirst = order == Qt::AscendingOrder;
    if (next != m_query)
        setQuery(next);
}

const QStringList kTableFields{u"name"_s,         u"run_type"_s,      u"start_time"_s,     u"end_time"_s,
                               u"total_tokens"_s, u"error"_s,         u"feedback_stats"_s, u"trace_id"_s,
                               u"dotted_order"_s, u"parent_run_id"_s, u"session_id"_s};

QJsonObject runQueryBody(const RunTableQuery &query)
{
    QJsonObject body{{"session"_L1, QJsonArray{query.projectId.toString()}},
                     {"order"_L1, query.oldestFirst ? u"asc"_s : u"desc"_s}};
    if (query.rootsOnly)
        body.insert("is_root"_L1, true);
    if (!query.filter.trimmed().isEmpty())
        body.insert("filter"_L1, query.filter);
    return body;
}

void RunTableModel::fetchPage()
{
    if (m_query.projectId.isNull() || m_pageOnItsWay)
        return;
    QJsonObject body = runQueryBody(m_query);
    body.insert("limit"_L1, m_pageSize);
    body.insert("select"_L1, QJsonArray::fromStringList(kTableFields));
    m_pageSize = std::min(m_pageSize * 2, kMaxPageSize);
    if (!m_cursor.isEmpty())
        body.insert("cursor"_L1, m_cursor);
    m_pageOnItsWay = true;
    updateLoading();
    const quint64 generation = m_generation;
    m_api.post(u"/runs/query"_s, body, [this, generation](const ApiReply &reply) {
        if (generation != m_generation) // an answer for a query the view has left
            return;
        m_pageOnItsWay = false;
        updateLoading();
        if (!reply.ok())
            return fail(reply.message);
        const QJsonObject page = reply.body.toObject();
        const QJsonArray runs = page.value("runs"_L1).toArray();
        const QJsonValue next = page.value("cursors"_L1).toObject().value("next"_L1);
        m_cursor = next.toString();
        m_atEnd = !next.isString() || m_cursor.isEmpty();
        if (!runs.isEmpty()) {
            const qsizetype first = m_rows.size();
            beginInsertRows({}, int(first), int(first + runs.size() - 1));
            for (const QJsonValue &run : runs)
                m_rows.append(rowFromJson(run.toObject()));
            endInsertRows();
            fetchQueues(int(first), int(runs.size()));
        }
        emit pageLoaded(int(runs.size()));
        if (runs.isEmpty() && !m_atEnd) // the server's time budget ran out before a match: go on
            fetchPage();
    });
}

void RunTableModel::fetchCount()
{
    m_counting = true;
    updateLoading();
    const quint64 generation = m_generation;
    m_api.post(u"/runs/stats"_s, runQueryBody(m_query), [this, generation](const ApiReply &reply) {
        if (generation != m_generation)
            return;
        m_counting = false;
        updateLoading();
        const QJsonValue count = reply.ok() ? reply.body.toObject().value("run_count"_L1) : QJsonValue();
        if (reply.kind == ReplyKind::NotFound || reply.status == 501)
            return growInstead(); // a server before run stats
        if (!reply.ok())
            return fail(reply.message);
        if (!count.isDouble())
            return fail(tr("The server's run count is not a number."));
        // The first block may be shown already: the rows after it come with the count.
        const qint64 total = std::min<qint64>(count.toInteger(), INT_MAX);
        m_counted = true;
        if (total > m_total) {
            beginInsertRows({}, int(m_total), int(total - 1));
            m_total = total;
            endInsertRows();
        } else if (total < m_total) { // runs deleted between the block and the count
            beginRemoveRows({}, int(total), int(m_total - 1));
            m_total = total;
            endRemoveRows();
        }
        emit pageLoaded(0);
    });
}

void RunTableModel::growInstead()
{
    beginResetModel();
    m_whole = false;
    m_atEnd = false;
    m_total = 0;
    m_blocks.clear();
    ++m_generation; // blocks still on their way are dropped
    updateLoading();
    endResetModel();
    fetchPage();
}

void RunTableModel::fetchWanted()
{
    m_fetchScheduled = false;
    if (!m_whole)
        return;
    // Few at once: a lead dragging the scrollbar passes many blocks; those still shown are asked for again
    // when an answer repaints the view.
    constexpr int kBlocksOnTheirWay = 3;
    for (int block : m_blocks.takeWanted(kBlocksOnTheirWay))
        fetchBlock(block);
    updateLoading();
}

void RunTableModel::fetchBlock(int block)
{
    QJsonObject body = runQueryBody(m_query);
    body.insert("limit"_L1, kPageSize);
    body.insert("select"_L1, QJsonArray::fromStringList(kTableFields));
    if (block > 0) {
        // After a loaded block its own cursor (the rows go on exactly); otherwise a jump.
        const auto *before = m_blocks.block(block - 1);
        body.insert("cursor"_L1, before && !before->next.isEmpty()
                                     ? before->next
                                     : u"o:%1"_s.arg(qint64(block) * kPageSize));
    }
    const quint64 generation = m_generation;
    m_api.post(u"/runs/query"_s, body, [this, generation, block](const ApiReply &reply) {
        if (generation != m_generation)
            return;
        if (!reply.ok()) {
            m_blocks.failed(block);
            updateLoading();
            return fail(reply.message);
        }
        const QJsonObject page = reply.body.toObject();
        QList<RunTableRow> rows;
        for (const QJsonValue &run : page.value("runs"_L1).toArray())
            rows.append(rowFromJson(run.toObject()));
        blockArrived(block, std::move(rows), page.value("cursors"_L1).toObject().value("next"_L1).toString());
    });
}

void RunTableModel::blockArrived(int block, QList<RunTableRow> rows, const QString &next)
{
    const int first = block * kPageSize;
    const int size = int(rows.size());
    m_blocks.store(block, std::move(rows), next);
    updateLoading();
    // The first block is shown before the count comes (counting a million runs takes longer).
    if (!m_counted && first + size > m_total) {
        beginInsertRows({}, int(m_total), first + size - 1);
        m_total = first + size;
        endInsertRows();
    }
    // Runs deleted since the count: the listing ends here.
    if (next.isEmpty() && size < kPageSize && m_total > first + size) {
        beginRemoveRows({}, first + size, int(m_total - 1));
        m_total = first + size;
        endRemoveRows();
    }
    const int shown = std::min<int>(size, int(m_total) - first);
    if (shown > 0) {
        emit dataChanged(index(first, 0), index(first + shown - 1, ColumnCount - 1));
        fetchQueues(first, shown);
    }
    emit pageLoaded(size);
}

void RunTableModel::fail(const QString &message)
{
    m_lastError = message;
    emit pageFailed(m_lastError);
}

void RunTableModel::refreshQueues()
{
    if (m_whole) {
        for (int block : m_blocks.loaded())
            fetchQueues(block * kPageSize, int(m_blocks.block(block)->rows.size()));
        return;
    }
    for (int from = 0; from < m_rows.size(); from += 1000)
        fetchQueues(from, std::min(1000, int(m_rows.size()) - from));
}

void RunTableModel::fetchQueues(int from, int count)
{
    QList<Uuid> ids;
    QJsonArray body;
    for (int i = from; i < from + count; ++i) {
        const RunTableRow *row = rowPtr(i);
        ids.append(row ? row->id : Uuid());
        if (row)
            body.append(row->id.toString());
    }
    const quint64 generation = m_generation;
    m_api.post(u"/annotation-queues/membership"_s, QJsonObject{{"run_ids"_L1, body}},
               [this, generation, from, ids](const ApiReply &reply) {
                   if (generation != m_generation || !reply.ok())
                       return; // the column stays empty: the runs are still shown
                   const QJsonObject byRun = reply.body.toObject().value("runs"_L1).toObject();
                   int changed = 0;
                   for (int i = 0; i < ids.size(); ++i) {
                       RunTableRow *row = rowPtr(from + i);
                       if (!row || row->id != ids.at(i) || ids.at(i).isNull())
                           continue; // forgotten or replaced since
                       QStringList names;
                       for (const QJsonValue &q : byRun.value(row->id.toString()).toArray())
                           names.append(q.toObject().value("name"_L1).toString());
                       row->queues = names;
                       ++changed;
                   }
                   if (changed > 0)
                       emit dataChanged(index(from, Queues), index(from + int(ids.size()) - 1, Queues));
               });
}

void RunTableModel::updateLoading()
{
    const bool loading = m_pageOnItsWay || m_counting || m_blocks.busy();
    if (m_loading == loading)
        return;
    m_loading = loading;
    emit loadingChanged(loading);
}

} // namespace assay::client
