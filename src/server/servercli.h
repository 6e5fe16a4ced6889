#pragma once

#include <QStringList>

class QTextStream;

namespace assay::server {

// The assay-server command line. Returns the process exit code; writes to `out` and `err`.
int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace assay::server
