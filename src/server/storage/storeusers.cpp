#include "store.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

const QString kUserColumns = u"id, name, email, role, created_at, disabled_at"_s;

UserRecord userFromRow(const QVariantList &row)
{
    return UserRecord{row.at(0).toString(),
                      row.at(1).toString(),
                      row.at(2).toString(),
                      row.at(3).toString(),
                      Timestamp::fromMicros(row.at(4).toLongLong()),
                      row.at(5).isNull() ? std::nullopt
                                         : std::optional(Timestamp::fromMicros(row.at(5).toLongLong()))};
}

QVariant nullableText(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

QVariant nullableTime(const std::optional<Timestamp> &t)
{
    return t ? QVariant(t->micros()) : QVariant(QMetaType(QMetaType::LongLong));
}

} // namespace

Status Store::insertUser(const UserRecord &u)
{
    auto q = exec(
        u"INSERT INTO users (id, name, email, role, created_at, disabled_at) VALUES (?, ?, ?, ?, ?, ?)"_s,
        {u.id, u.name, nullableText(u.email), u.role, u.createdAt.micros(), nullableTime(u.disabledAt)});
    if (!q)
        return q.error();
    return Ok{};
}

Status Store::updateUser(const UserRecord &u)
{
    auto q = exec(u"UPDATE users SET name = ?, email = ?, role = ?, disabled_at = ? WHERE id = ?"_s,
                  {u.name, nullableText(u.email), u.role, nullableTime(u.disabledAt), u.id});
    if (!q)
        return q.error();
    return Ok{};
}

Status Store::setRoleOfUserKeys(const QString &userId, const QString &role)
{
    auto q = exec(u"UPDATE api_keys SET role = ? WHERE user_id = ?"_s, {role, userId});
    if (!q)
        return q.error();
    return Ok{};
}

Result<std::optional<UserRecord>> Store::userById(const QString &id)
{
    auto row = firstRow(u"SELECT "_s + kUserColumns + u" FROM users WHERE id = ?"_s, {id});
    if (!row)
        return row.error();
    return row->isEmpty() ? std::nullopt : std::optional(userFromRow(*row));
}

Result<std::optional<UserRecord>> Store::userByName(const QString &name)
{
    auto row = firstRow(u"SELECT "_s + kUserColumns + u" FROM users WHERE name = ?"_s, {name});
    if (!row)
        return row.error();
    return row->isEmpty() ? std::nullopt : std::optional(userFromRow(*row));
}

Result<QHash<QString, QString>> Store::userNames()
{
    auto q = exec(u"SELECT id, name FROM users"_s);
    if (!q)
        return q.error();
    QHash<QString, QString> out;
    while (q->next())
        out.insert(q->value(0).toString(), q->value(1).toString());
    return out;
}

Result<QList<UserRecord>> Store::listUsers()
{
    auto q = exec(u"SELECT "_s + kUserColumns + u" FROM users ORDER BY name"_s);
    if (!q)
        return q.error();
    QList<UserRecord> out;
    while (q->next()) {
        QVariantList row;
        for (int i = 0; i < 6; ++i)
            row.append(q->value(i));
        out.append(userFromRow(row));
    }
    return out;
}

} // namespace assay::server
