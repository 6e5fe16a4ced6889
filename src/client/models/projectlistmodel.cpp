#include "projectlistmodel.h"

#include "api/everypage.h"

#include <QJsonArray>

#include <algorithm>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

constexpr int kPage = 100;

} // namespace

ProjectListModel::ProjectListModel(ApiClient &api, QObject *parent)
    : KeyedListModel(parent)
    , m_api(api)
{
}

void ProjectListModel::reload()
{
    const quint64 generation = ++m_generation;
    getEveryPage(m_api, u"/sessions"_s, kPage, kMaxProjects, [this, generation](Result<QJsonArray> page) {
        if (generation != m_generation) // a newer reload is on its way
            return;
        if (!page) {
            emit failed(page.error().message);
            return;
        }
        QList<ProjectRow> found;
        for (const QJsonValue &value : std::as_const(*page)) {
            const QJsonObject p = value.toObject();
            if (auto id = Uuid::parse(p.value("id"_L1).toString()))
                found.append({*id, p.value("name"_L1).toString(), p.value("description"_L1).toString()});
        }
        std::sort(found.begin(), found.end(), [](const ProjectRow &a, const ProjectRow &b) {
            return QString::localeAwareCompare(a.name, b.name) < 0;
        });
        setRows(found);
        emit loaded();
    });
}

QVariant ProjectListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ProjectRow &row = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return row.name;
    case Qt::ToolTipRole:
    case DescriptionRole:
        return row.description;
    case IdRole:
        return row.id.toString();
    }
    return {};
}

} // namespace assay::client
