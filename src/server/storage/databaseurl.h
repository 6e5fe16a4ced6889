#pragma once

// Where the server keeps its data: a SQLite file (the embedded default) or a PostgreSQL database.
//   /var/lib/assay/assay.db, sqlite:///var/lib/assay/assay.db, sqlite:assay.db
//   postgresql://user:password@host:5432/dbname  (postgres:// too)

#include "core/result.h"

#include <QString>

namespace assay::server {

enum class Dialect { Sqlite, Postgres };

struct DatabaseUrl {
    Dialect dialect = Dialect::Sqlite;
    QString path; // SQLite
    QString host; // PostgreSQL
    int port = 5432;
    QString user;
    QString password;
    QString database;

    // For messages: never shows the password.
    QString describe() const;

    static Result<DatabaseUrl> parse(const QString &text);
    // A SQLite file in the user's data directory (~/.local/share/assay-server/assay.db).
    static DatabaseUrl defaultLocation();
};

} // namespace assay::server
