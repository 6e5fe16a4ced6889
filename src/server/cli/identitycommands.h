#pragma once

// `assay-server keys|users|reviewers …`: who may call the server, administered from the shell (for the
// first admin, and for operators who prefer it to the REST routes; both share the same functions).

#include "cli.h"

namespace assay::server {

int keysCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err);
int usersCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err);
int reviewersCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace assay::server
