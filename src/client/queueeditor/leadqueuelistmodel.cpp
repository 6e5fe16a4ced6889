#include "leadqueuelistmodel.h"

#include "api/everypage.h"

#include <QJsonArray>

#include <algorithm>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

constexpr int kPage = 100;
constexpr int kMaxQueues = 10000;

} // namespace

LeadQueueListModel::LeadQueueListModel(ApiClient &api, QObject *parent)
    : KeyedListModel(parent)
    , m_api(api)
{
}

void LeadQueueListModel::reload()
{
    const quint64 generation = ++m_generation;
    getEveryPage(m_api, u"/annotation-queues"_s, kPage, kMaxQueues,
                 [this, generation](Result<QJsonArray> page) {
                     if (generation != m_generation)
                         return;
                     if (!page) {
                         emit failed(page.error().message);
                         return;
                     }
                     QList<LeadQueueRow> found;
                     for (const QJsonValue &value : std::as_const(*page)) {
                         const QJsonObject q = value.toObject();
                         const QJsonObject rubric = q.value("rubric"_L1).toObject();
                         if (auto id = Uuid::parse(q.value("id"_L1).toString()))
                             found.append({*id, q.value("name"_L1).toString(),
                                           qint64(q.value("total_runs"_L1).toDouble()),
                                           rubric.value("version"_L1).toInt(1)});
                     }
                     std::sort(found.begin(), found.end(), [](const LeadQueueRow &a, const LeadQueueRow &b) {
                         return QString::localeAwareCompare(a.name, b.name) < 0;
                     });
                     setRows(found);
                     emit loaded();
                 });
}

std::optional<Uuid> LeadQueueListModel::idAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return std::nullopt;
    return rowAt(row).id;
}

QVariant LeadQueueListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LeadQueueRow &row = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1 — %n run(s), rubric v%2", nullptr, int(row.items)).arg(row.name).arg(row.rubricVersion);
    case NameRole:
        return row.name;
    case IdRole:
        return row.id.toString();
    }
    return {};
}

} // namespace assay::client
