#pragma once

#include <QCoreApplication>
#include <QStringList>

class QTextStream;

namespace assay::app {

class AppCli {
    Q_DECLARE_TR_FUNCTIONS(AppCli)
public:
    static QString description();
    // Handles the command line of `assay`. Returns the exit code when the command line was fully
    // answered (help, version, an error), or -1 when the app should go on to open its window.
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
};

} // namespace assay::app
