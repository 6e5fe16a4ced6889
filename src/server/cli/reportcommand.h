#pragma once

// `assay-server report QUEUE [--json]`: a queue's health from the shell — the numbers
// GET /annotation-queues/{id}/health answers, as a short text report or as that same JSON.

#include "cli.h"

namespace assay::server {

int reportCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace assay::server
