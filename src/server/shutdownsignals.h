#pragma once

#include <functional>

class QObject;

namespace assay::server {

// Turns SIGINT and SIGTERM into QCoreApplication::quit(), so `serve` returns normally and the store
// closes its database cleanly (systemd, docker stop and Ctrl+C all send one of them), and SIGHUP
// (systemctl reload) into a call of `onHangup` on the event loop's thread, when given.
void quitOnTerminationSignals(QObject *parent, std::function<void()> onHangup = {});

} // namespace assay::server
