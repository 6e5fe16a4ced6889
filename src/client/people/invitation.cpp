#include "invitation.h"

#include "api/certificatepins.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

Error problem(const char *text)
{
    return Error{QCoreApplication::translate("Invitation", text), QString()};
}

} // namespace

QByteArray invitationText(const Invitation &invitation)
{
    QJsonObject json{{"assay_invitation"_L1, kInvitationFormat},
                     {"server"_L1, invitation.server},
                     {"key"_L1, QString::fromUtf8(invitation.key)},
                     {"name"_L1, invitation.name}};
    if (!invitation.certificateSha256.isEmpty())
        json.insert("certificate_sha256"_L1, QString::fromLatin1(invitation.certificateSha256));
    return QJsonDocument(json).toJson(QJsonDocument::Indented);
}

Result<Invitation> parseInvitation(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.trimmed(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return problem(QT_TRANSLATE_NOOP(
            "Invitation",
            "This is not an Assay invitation: ask the person who invited you to send it again."));
    const QJsonObject json = doc.object();
    if (!json.contains("assay_invitation"_L1))
        return problem(QT_TRANSLATE_NOOP(
            "Invitation",
            "This is not an Assay invitation: ask the person who invited you to send it again."));
    if (json.value("assay_invitation"_L1).toInt() != kInvitationFormat)
        return problem(QT_TRANSLATE_NOOP(
            "Invitation", "This invitation was made by a newer Assay: update Assay to use it."));
    Invitation inv{json.value("server"_L1).toString().trimmed(),
                   json.value("key"_L1).toString().trimmed().toUtf8(),
                   json.value("name"_L1).toString(),
                   {}};
    const QUrl server(inv.server);
    if (!server.isValid() || (server.scheme() != u"http" && server.scheme() != u"https") ||
        server.host().isEmpty())
        return problem(QT_TRANSLATE_NOOP("Invitation", "The invitation has no valid server address."));
    if (inv.key.isEmpty())
        return problem(QT_TRANSLATE_NOOP("Invitation", "The invitation has no API key."));
    if (json.contains("certificate_sha256"_L1)) {
        inv.certificateSha256 =
            normalizedFingerprint(json.value("certificate_sha256"_L1).toString().toLatin1());
        if (inv.certificateSha256.isEmpty())
            return problem(QT_TRANSLATE_NOOP(
                "Invitation", "The invitation's certificate fingerprint is not a SHA-256 fingerprint."));
    }
    return inv;
}

} // namespace assay::client
