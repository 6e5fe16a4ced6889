#pragma once

// "Test connection" in the connect dialog: asks the server who the key belongs to (/review/me) and says
// what happened in words a contractor understands — wrong key, server unreachable, an address that is
// not an Assay server — rather than an HTTP status.

#include "apiclient.h"

#include <QCoreApplication>

#include <functional>

namespace assay::client {

struct ConnectionVerdict {
    bool ok = false;
    QString message; // for the reviewer, either way
    int queues = 0;
    QString role;
};

class ConnectionCheck {
    Q_DECLARE_TR_FUNCTIONS(ConnectionCheck)
public:
    static void run(ApiClient &api, std::function<void(const ConnectionVerdict &)> done);
    // The words for a failed reply; `address` is what the reviewer typed.
    static QString describeFailure(const ApiReply &reply, const QString &address);
};

} // namespace assay::client
