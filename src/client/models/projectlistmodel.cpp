#include "projectlistmodel.h"

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
    readPage(0, {}, ++m_generation);
}

void ProjectListModel::readPage(int offset, QList<ProjectRow> found, quint64 generation)
{
    m_api.get(
        u"/sessions?limit=%1&offset=%2"_s.arg(kPage).arg(offset),
        [this, offset, found = std::move(found), generation](const ApiReply &reply) mutable {
            if (generation != m_generation) // a newer reload is on its way
                return;
            if (!reply.ok()) {
                emit failed(reply.message);
                return;
            }
            const QJsonArray page = reply.body.toArray();
            for (const QJsonValue &value : page) {
                const QJsonObject p = value.toObject();
                if (auto id = Uuid::parse(p.value("id"_L1).toString()))
                    found.append({*id, p.value("name"_L1).toString(), p.value("description"_L1).toString()});
            }
            if (page.size() == kPage && found.size() < kMaxProjects) {
                readPage(offset + kPage, std::move(found), generation);
                return;
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
