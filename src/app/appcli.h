#pragma once

#include "people/invitation.h"

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace assay::app {

// What the command line asks the window to do.
struct AppOptions {
    QString server;     // the server's address; empty: the last one used, or ask
    bool local = false; // run a server inside the app (local mode)
    QString dataRoot;   // where profiles keep their stores; empty: the user's data directory
    std::optional<client::Invitation> invitation; // --invitation FILE: the server and key to use
    QByteArray
        certificateSha256; // --certificate-sha256 (or the invitation's): trust this self-signed certificate
};

class AppCli {
    Q_DECLARE_TR_FUNCTIONS(AppCli)
public:
    static QString description();
    // Handles the command line of `assay`. Returns the exit code when the command line was fully
    // answered (help, version, an error), or -1 when the app should go on to open its window, with
    // `options` filled in.
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err,
                   AppOptions *options = nullptr);
};

} // namespace assay::app
