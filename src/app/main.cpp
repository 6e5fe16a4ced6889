#include "app/appcli.h"
#include "app/translations.h"
#include "assay/version.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("assay"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ASSAY_VERSION));
    assay::app::installTranslations(QLocale::system());
    QTextStream out(stdout);
    QTextStream err(stderr);
    return assay::app::AppCli::run(QCoreApplication::arguments(), out, err);
}
