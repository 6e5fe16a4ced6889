#pragma once

class QObject;

namespace assay::server {

// Turns SIGINT and SIGTERM into QCoreApplication::quit(), so `serve` returns normally and the store
// closes its database cleanly (systemd, docker stop and Ctrl+C all send one of them).
void quitOnTerminationSignals(QObject *parent);

} // namespace assay::server
