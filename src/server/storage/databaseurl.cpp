#include "databaseurl.h"

#include <QDir>
#include <QStandardPaths>
#include <QUrl>

namespace assay::server {

using namespace Qt::StringLiterals;

QString DatabaseUrl::describe() const
{
    if (dialect == Dialect::Sqlite)
        return u"SQLite database %1"_s.arg(path);
    return u"PostgreSQL database '%1' at %2:%3 as '%4'"_s.arg(database, host).arg(port).arg(user);
}

DatabaseUrl DatabaseUrl::defaultLocation()
{
    const QString dir =
        QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/assay-server"_s;
    return DatabaseUrl{Dialect::Sqlite, dir + u"/assay.db"_s, {}, 5432, {}, {}, {}};
}

Result<DatabaseUrl> DatabaseUrl::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Error{u"the database URL is empty"_s, {}};
    const qsizetype colon = trimmed.indexOf(u':');
    const QString scheme = colon > 1 ? trimmed.left(colon).toLower() : QString(); // "C:" is a path
    if (scheme.isEmpty() || scheme.contains(u'/'))
        return DatabaseUrl{Dialect::Sqlite,
                           QDir::cleanPath(QDir::current().absoluteFilePath(trimmed)),
                           {},
                           5432,
                           {},
                           {},
                           {}};
    if (scheme == u"sqlite") {
        QString rest = trimmed.mid(colon + 1);
        if (rest.startsWith(u"//"))
            rest = rest.mid(2); // sqlite:///abs/path -> /abs/path
        if (rest.isEmpty())
            return Error{u"sqlite: URL without a file path; write sqlite:///path/to/assay.db"_s, {}};
        return DatabaseUrl{
            Dialect::Sqlite, QDir::cleanPath(QDir::current().absoluteFilePath(rest)), {}, 5432, {}, {}, {}};
    }
    if (scheme == u"postgresql" || scheme == u"postgres") {
        const QUrl url(trimmed, QUrl::StrictMode);
        if (!url.isValid())
            return Error{u"'%1' is not a valid URL: %2"_s.arg(trimmed, url.errorString()), {}};
        DatabaseUrl db;
        db.dialect = Dialect::Postgres;
        db.host = url.host().isEmpty() ? u"localhost"_s : url.host();
        db.port = url.port(5432);
        db.user = url.userName(QUrl::FullyDecoded);
        db.password = url.password(QUrl::FullyDecoded);
        db.database = url.path().mid(1);
        if (db.database.isEmpty() || db.database.contains(u'/'))
            return Error{
                u"the PostgreSQL URL needs a database name: postgresql://user:password@host:5432/dbname"_s,
                {}};
        return db;
    }
    return Error{
        u"unsupported database URL scheme '%1'; use a file path, sqlite:///path/to/assay.db or postgresql://user:password@host:5432/dbname"_s
            .arg(scheme),
        {}};
}

} // namespace assay::server
