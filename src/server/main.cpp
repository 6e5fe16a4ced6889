#include "server/servercli.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("assay-server"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return assay::server::runCli(QCoreApplication::arguments(), out, err);
}
