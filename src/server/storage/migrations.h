#pragma once

// Numbered schema migrations, written once for both dialects. Each migration runs in its own
// transaction; a database whose version is newer than the binary's is refused, never touched.

#include "databaseurl.h"

#include <QSqlDatabase>

namespace assay::server {

int latestSchemaVersion();

// The version recorded in the database, 0 for an empty one.
Result<int> schemaVersion(QSqlDatabase &db);

// Brings the schema up to latestSchemaVersion(). Returns the version it started from.
Result<int> migrate(QSqlDatabase &db, Dialect dialect);

} // namespace assay::server
