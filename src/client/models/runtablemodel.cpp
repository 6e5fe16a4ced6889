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
    m_rows.clear();
    m_cursor.clear();
    m_pageSize = kPageSize;
    m_atEnd = false;
    m_lastError.clear();
    ++m_generation;
    // Before the reset is announced: a view may ask for the first page as soon as it is, and nothing
    // of the old query is on its way any more.
    setLoading(false);
    endResetModel();
    fetchPage(); // unless the view already asked
}

int RunTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RunTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunTableRow &row = m_rows.at(index.row());
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
    return !parent.isValid() && !m_atEnd && !m_loading && m_lastError.isEmpty() &&
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
    if (m_query.projectId.isNull() || m_loading)
        return;
    QJsonObject body = runQueryBody(m_query);
    body.insert("limit"_L1, m_pageSize);
    body.insert("select"_L1, QJsonArray::fromStringList(kTableFields));
    m_pageSize = std::min(m_pageSize * 2, kMaxPageSize);
    if (!m_cursor.isEmpty())
        body.insert("cursor"_L1, m_cursor);
    setLoading(true);
    const quint64 generation = m_generation;
    m_api.post(u"/runs/query"_s, body, [this, generation](const ApiReply &reply) {
        if (generation != m_generation) // an answer for a query the view has left
            return;
        setLoading(false);
        if (!reply.ok()) {
            m_lastError = reply.message;
            emit pageFailed(m_lastError);
            return;
        }
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
            fetchQueues(first, m_rows.size());
        }
        emit pageLoaded(int(runs.size()));
        if (runs.isEmpty() && !m_atEnd) // the server's time budget ran out before a match: go on
            fetchPage();
    });
}

void RunTableModel::refreshQueues()
{
    for (qsizetype from = 0; from < m_rows.size(); from += 1000)
        fetchQueues(from, std::min(from + 1000, m_rows.size()));
}

void RunTableModel::fetchQueues(qsizetype from, qsizetype to)
{
    QJsonArray ids;
    for (qsizetype i = from; i < to; ++i)
        ids.append(m_rows[i].id.toString());
    const quint64 generation = m_generation;
    m_api.post(u"/annotation-queues/membership"_s, QJsonObject{{"run_ids"_L1, ids}},
               [this, generation, from, to](const ApiReply &reply) {
                   if (generation != m_generation || !reply.ok() || to > m_rows.size())
                       return; // the column stays empty: the runs are still shown
                   const QJsonObject byRun = reply.body.toObject().value("runs"_L1).toObject();
                   for (qsizetype i = from; i < to; ++i) {
                       QStringList names;
                       for (const QJsonValue &q : byRun.value(m_rows[i].id.toString()).toArray())
                           names.append(q.toObject().value("name"_L1).toString());
                       m_rows[i].queues = names;
                   }
                   emit dataChanged(index(int(from), Queues), index(int(to - 1), Queues));
               });
}

void RunTableModel::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    emit loadingChanged(loading);
}

} // namespace assay::client
