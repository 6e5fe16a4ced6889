#include "appcli.h"

#include "api/certificatepins.h"
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
    const QCommandLineOption certificate(
        u"certificate-sha256"_s,
        tr("Trust the server's self-signed certificate with this SHA-256 fingerprint (its admin gives it; "
           "assay-server prints it at start). Only that certificate, only for that server."),
        tr("FINGERPRINT"));
    parser.addOptions({server, local, dataDir, invitation, certificate});
    parser.addPositionalArgument(
        u"invitation-file"_s,
        tr("An invitation file (.%1) to connect with, as a file manager passes it: the same as --invitation.")
            .arg(QString::fromLatin1(client::kInvitationSuffix)),
        tr("[FILE]"));

    if (!parser.parse(arguments)) {
        err << tr("assay: %1").arg(parser.errorText()) << '\n' << tr("Try 'assay --help'.") << '\n';
        return 2;
    }
    if (parser.isSet(version)) {
        out << "assay " << ASSAY_VERSION << '\n';
        return 0;
    }
    // One positional argument: the invitation a file manager opens with the app (the desktop entry's %f).
    QString invitationPath = parser.value(invitation);
    const QStringList positional = parser.positionalArguments();
    const QString suffix = u"."_s + QString::fromLatin1(client::kInvitationSuffix);
    if (positional.size() > 1 || (positional.size() == 1 && parser.isSet(invitation)) ||
        (positional.size() == 1 && !positional.constFirst().endsWith(suffix))) {
        err << tr("assay: unexpected argument '%1'").arg(positional.constLast()) << '\n'
            << tr("Try 'assay --help'.") << '\n';
        return 2;
    }
    if (positional.size() == 1)
        invitationPath = positional.constFirst();
    if (parser.isSet(help)) {
        out << parser.helpText();
        return 0;
    }
    std::optional<client::Invitation> invited;
    if (!invitationPath.isEmpty()) {
        QFile file(invitationPath);
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
    QByteArray pin;
    if (parser.isSet(certificate)) {
        pin = client::normalizedFingerprint(parser.value(certificate).toLatin1());
        if (pin.isEmpty()) {
            err << tr("assay: --certificate-sha256 expects the 64 hex digits of a SHA-256 fingerprint "
                      "(colons allowed), not '%1'")
                       .arg(parser.value(certificate))
                << '\n';
            return 2;
        }
    } else if (invited) {
        pin = invited->certificateSha256;
    }
    if (options) {
        options->invitation = invited;
        options->certificateSha256 = pin;
        options->server = invited ? invited->server : parser.value(server);
        options->local = parser.isSet(local);
        options->dataRoot = parser.value(dataDir);
    }
    return -1;
}

} // namespace assay::app
