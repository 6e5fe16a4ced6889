#include "userlistmodel.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace assay::client {

using namespace Qt::StringLiterals;

QString roleText(const QString &role)
{
    if (role == u"admin")
        return QCoreApplication::translate("Roles", "admin");
    if (role == u"member")
        return QCoreApplication::translate("Roles", "member");
    if (role == u"reviewer")
        return QCoreApplication::translate("Roles", "reviewer");
    if (role == u"ingest")
        return QCoreApplication::translate("Roles", "ingest");
    return role;
}

UserListModel::UserListModel(ApiClient &api, QObject *parent)
    : KeyedListModel(parent)
    , m_api(api)
{
}

void UserListModel::reload()
{
    const quint64 generation = ++m_generation;
    m_api.get(u"/admin/users"_s, [this, generation](const ApiReply &reply) {
        if (generation != m_generation)
            return;
        if (!reply.ok()) {
            emit failed(reply.message);
            return;
        }
        QList<UserRow> rows;
        for (const QJsonValue &v : reply.body.toArray()) {
            const QJsonObject u = v.toObject();
            if (auto id = Uuid::parse(u.value("id"_L1).toString()))
                rows.append({*id, u.value("name"_L1).toString(), u.value("role"_L1).toString(),
                             u.value("email"_L1).toString(), u.value("disabled_at"_L1).toString()});
        }
        setRows(rows);
        emit loaded();
    });
}

QVariant UserListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UserRow &row = rowAt(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        QString text = u"%1 — %2"_s.arg(row.name, roleText(row.role));
        if (!row.disabledAt.isEmpty())
            text += tr(" (disabled)");
        return text;
    }
    case Qt::ToolTipRole:
        return row.email;
    case IdRole:
        return row.id.toString();
    case NameRole:
        return row.name;
    case RoleRole:
        return row.role;
    case DisabledRole:
        return !row.disabledAt.isEmpty();
    }
    return {};
}

} // namespace assay::client
