#include "appcli.h"

#include "assay/version.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace assay::app {

QString AppCli::description()
{
    return tr("Assay: review LLM outputs against a short rubric, from the keyboard, online or offline.");
}

int AppCli::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();

    if (!parser.parse(arguments)) {
        err << tr("assay: %1").arg(parser.errorText()) << '\n' << tr("Try 'assay --help'.") << '\n';
        return 2;
    }
    if (parser.isSet(version)) {
        out << "assay " << ASSAY_VERSION << '\n';
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << tr("assay: unexpected argument '%1'").arg(parser.positionalArguments().constFirst()) << '\n'
            << tr("Try 'assay --help'.") << '\n';
        return 2;
    }
    // The review window is not built yet: until it is, plain `assay` answers with its help.
    out << parser.helpText();
    return 0;
}

} // namespace assay::app
