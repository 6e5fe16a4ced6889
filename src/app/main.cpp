#include "app/appcli.h"
#include "app/appcontroller.h"
#include "app/translations.h"
#include "assay/version.h"

#include <QApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    assay::app::AppOptions options;
    {
        // The command line is answered without a display: --help and --version work anywhere.
        QCoreApplication cli(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("assay"));
        QCoreApplication::setApplicationVersion(QStringLiteral(ASSAY_VERSION));
        assay::app::installTranslations(QLocale::system());
        QTextStream out(stdout);
        QTextStream err(stderr);
        const int code = assay::app::AppCli::run(QCoreApplication::arguments(), out, err, &options);
        if (code >= 0)
            return code;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("assay"));
    QApplication::setOrganizationName(QStringLiteral("Assay"));
    QApplication::setApplicationVersion(QStringLiteral(ASSAY_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("Assay"));
    assay::app::installTranslations(QLocale::system());
    assay::app::AppController controller(options);
    if (!controller.start())
        return 1;
    return QApplication::exec();
}
