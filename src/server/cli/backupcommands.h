#pragma once

// assay-server backup --to FILE and restore --from FILE: SQLite's online backup of a live database and
// its way back (docs/operations.md, "Backups"). PostgreSQL is backed up with pg_dump; these say so.

#include "cli.h"

namespace assay::server {

int backupCommand(const Cli &cli, QTextStream &out, QTextStream &err);
int restoreCommand(const Cli &cli, QTextStream &out, QTextStream &err);

} // namespace assay::server
