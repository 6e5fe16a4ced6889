#pragma once

// The people of the server, for an admin (GET /admin/users): name, role, state (active, or disabled
// since when), email. reload() replaces the rows in place.

#include "api/apiclient.h"
#include "core/uuid.h"
#include "models/keyedlistmodel.h"

namespace assay::client {

struct UserRow {
    Uuid id;
    QString name;
    QString role;
    QString email;
    QString disabledAt; // empty while active
    friend bool operator==(const UserRow &, const UserRow &) = default;
};

class UserListModel : public KeyedListModel<UserRow, Uuid> {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, NameRole, RoleRole, DisabledRole };
    explicit UserListModel(ApiClient &api, QObject *parent = nullptr);

    void reload();

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void loaded();
    void failed(const QString &message);

protected:
    Uuid keyOf(const UserRow &row) const override { return row.id; }

private:
    ApiClient &m_api;
    quint64 m_generation = 0;
};

// A role as people read it: "admin", "member", "reviewer" in the user's language.
QString roleText(const QString &role);

} // namespace assay::client
