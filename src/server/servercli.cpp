#include "servercli.h"

#include "assay/version.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace assay::server {

using namespace Qt::StringLiterals;

int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"assay-server: a self-hostable annotation-queue server that speaks the LangSmith REST API."_s);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help and exit."_s);
    const QCommandLineOption version({u"v"_s, u"version"_s}, u"Show the version and exit."_s);
    parser.addOption(help);
    parser.addOption(version);

    if (!parser.parse(arguments)) {
        err << "assay-server: " << parser.errorText() << "\nTry 'assay-server --help'.\n";
        return 2;
    }
    if (parser.isSet(version)) {
        out << "assay-server " << ASSAY_VERSION << '\n';
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "assay-server: unknown command '" << parser.positionalArguments().constFirst()
            << "'\nTry 'assay-server --help'.\n";
        return 2;
    }
    out << parser.helpText();
    return 0;
}

} // namespace assay::server
