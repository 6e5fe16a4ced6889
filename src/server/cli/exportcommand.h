#pragma once

// `assay-server export QUEUE [OPTION=VALUE...] [--out FILE]`: a queue's export from the shell, with the
// options GET /annotation-queues/{id}/export takes (format=openai "where=overall_quality = good" ...).
// The records go to FILE (written under a temporary name and renamed when complete, so a failed export
// leaves no partial file) or to stdout; the summary (what was left out and why) goes to stderr, or to
// stdout with --json when the records go to a file.

#include "cli.h"

namespace assay::server {

int exportCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace assay::server
