#include "appcli.h"

#include "assay/version.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace assay::app {

QString AppCli::description()
{
    return tr("Assay: review LLM outputs against a short rubric, from the keyboard, online or offline.");
}

int AppCli::run(const QStringList &arguments, QTextStream &out, QTextStream &err, AppOptions *options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption server(
        u"server"_s,
        tr("The Assay server to review on, e.g. https://review.example.com. The API "
           "key comes from the keychain, $ASSAY_API_KEY, or a prompt."),
        tr("ADDRESS"));
    const QCommandLineOption local(u"local"_s, tr("Local mode: run a server inside the app, with its data in "
                                                  "your data directory, for a single reviewer."));
    const QCommandLineOption dataDir(u"data-dir"_s,
                                     tr("Keep local data here instead of your data directory."), tr("DIR"));
    const QCommandLineOption invitation(
        u"invitation"_s,
        tr("Connect with the invitation your lead sent you (its server and API key; "
           "the key is then kept in your system's keychain)."),
        tr("FILE"));
    parser.addOptions({server, local, dataDir, invitation});

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
    if (parser.isSet(help)) {
        out << parser.helpText();
        return 0;
    }
    std::optional<client::Invitation> invited;
    if (parser.isSet(invitation)) {
        QFile file(parser.value(invitation));
        if (!file.open(QIODevice::ReadOnly)) {
            err << tr("assay: cannot read the invitation %1: %2").arg(file.fileName(), file.errorString())
                << '\n';
            return 2;
        }
        auto parsed = client::parseInvitation(file.read(64 * 1024));
        if (!parsed) {
            err << tr("assay: %1: %2").arg(file.fileName(), parsed.error().message) << '\n';
            return 2;
        }
        invited = *parsed;
    }
    if (options) {
        options->invitation = invited;
        options->server = invited ? invited->server : parser.value(server);
        options->local = parser.isSet(local);
        options->dataRoot = parser.value(dataDir);
    }
    return -1;
}

} // namespace assay::app
