#pragma once

// The four roles (design.md §3). A user's keys act with the user's role; a service key has its own.

#include <QString>
#include <QStringList>

namespace assay::server {

inline const QStringList &allRoles()
{
    static const QStringList roles = {QStringLiteral("admin"), QStringLiteral("member"),
                                      QStringLiteral("ingest"), QStringLiteral("reviewer")};
    return roles;
}

inline bool isRole(const QString &role)
{
    return allRoles().contains(role);
}

inline QString unknownRoleMessage(const QString &role)
{
    return QStringLiteral("expected admin, member, ingest or reviewer, got '%1'").arg(role);
}

} // namespace assay::server
