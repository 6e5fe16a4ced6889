#pragma once

// Local mode: an assay-server inside the app, on 127.0.0.1, with its SQLite database in the user's data
// directory — for a single reviewer, or to try Assay without a server. It runs on a thread of its own so
// the window never waits for it. Its admin key is made on the first start and kept next to the database
// (readable by this user only, like the database itself), so the LangSmith SDK can send it traces.

#include "core/result.h"

#include <QString>
#include <QThread>
#include <QUrl>

#include <memory>

namespace assay::app {

class LocalServer {
public:
    struct Started {
        QUrl apiRoot;
        QByteArray key;
    };
    // Starts the server on `port` (0: any free port) with its files under `directory`.
    static Result<std::unique_ptr<LocalServer>> start(const QString &directory, quint16 port = 0);
    ~LocalServer(); // stops the server and waits for its thread

    Started address() const { return m_started; }

private:
    LocalServer() = default;
    std::unique_ptr<QThread> m_thread;
    Started m_started;
};

} // namespace assay::app
