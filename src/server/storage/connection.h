#pragma once

// Opens the QtSql connection for one thread (QtSql connections are per thread, so each gets a name)
// and applies the dialect's settings: WAL, synchronous=NORMAL, foreign keys and a busy timeout on
// SQLite; UTF-8 and UTC on PostgreSQL.

#include "databaseurl.h"

#include <QSqlDatabase>

namespace assay::server {

Result<QSqlDatabase> openDatabase(const DatabaseUrl &url, const QString &connectionName);
void closeDatabase(const QString &connectionName);

} // namespace assay::server
