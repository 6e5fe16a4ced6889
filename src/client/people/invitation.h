#pragma once

// An invitation: what a contractor needs to start reviewing in one step — the server's address and
// their API key (and their name, to greet them). A small JSON document, kept in a file
// (`assay --invitation FILE`, or dropped on the connect dialog) or sent as text (pasted into it):
//   {"assay_invitation": 1, "server": "https://review.example.com/api/v1", "key": "assay_…", "name": "Rey"}
// A server with a self-signed certificate adds "certificate_sha256": its fingerprint, which the app then
// trusts for that server and nothing else (api/certificatepins.h).
// It holds a secret: whoever has it can review as that person until the key is rotated.

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace assay::client {

struct Invitation {
    QString server; // the API root, as the connect dialog takes it
    QByteArray key;
    QString name;
    QByteArray certificateSha256; // 64 hex digits, or empty: the server's certificate is verified as usual
};

constexpr int kInvitationFormat = 1;
// The suffix invitation files are saved with.
inline constexpr char kInvitationSuffix[] = "assay-invitation";

QByteArray invitationText(const Invitation &invitation);
// Reads an invitation from a file's bytes or pasted text; the error says what is wrong in words.
Result<Invitation> parseInvitation(const QByteArray &text);

} // namespace assay::client
