#pragma once

// Copies of a SQLite database made with SQLite's online backup, while a server keeps serving from it:
// the copy is the database as one read transaction saw it (WAL lets the writer go on meanwhile), written
// to FILE.partial, checked, then renamed, so FILE is only ever a whole, verified copy.

#include "core/result.h"

#include <QString>

namespace assay::server {

struct SqliteCopy {
    qint64 bytes = 0;
    int pages = 0;
    int schemaVersion = 0; // the copy's
};

// Backs up the database at `sourcePath` (which a server may be using) into `targetPath`. Refuses to
// overwrite an existing `targetPath` unless `replace`.
Result<SqliteCopy> backupSqlite(const QString &sourcePath, const QString &targetPath, bool replace);

// Checks that `path` is a whole Assay database (integrity check, an Assay schema no newer than this
// binary's): what restore does first.
Result<SqliteCopy> checkSqliteBackup(const QString &path);

// Restores the backup at `backupPath` into the database at `targetPath`, through SQLite's backup API so
// that a WAL database is replaced whole. The server must be stopped. Refuses a target that holds data
// unless `replace`.
Result<SqliteCopy> restoreSqlite(const QString &backupPath, const QString &targetPath, bool replace);

} // namespace assay::server
