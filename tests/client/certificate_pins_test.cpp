// The desktop client and TLS: a server's certificate is verified, with no way around it except a pin —
// the SHA-256 of a self-signed certificate that an invitation (or --certificate-sha256) gives — and the
// pin accepts that certificate only. Against a real assay-server serving TLS on 127.0.0.1.

#include "api/apiclient.h"
#include "api/certificatepins.h"
#include "people/invitation.h"
#include "serverharness.h"

#include <printers.h>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QSslCertificate>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

// GET /info through an ApiClient, waiting on this thread's event loop (the server lives on it too).
client::ApiReply getInfo(const QUrl &apiRoot)
{
    client::ApiClient api(apiRoot, ServerHarness::kAdminKey);
    std::optional<client::ApiReply> answer;
    api.get(u"/info"_s, [&](const client::ApiReply &r) { answer = r; });
    QDeadlineTimer deadline(20000);
    while (!answer && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!answer) {
        client::ApiReply none;
        none.kind = client::ReplyKind::Timeout;
        none.message = u"no answer in the test's 20 s"_s;
        return none;
    }
    return *answer;
}

class PinnedServer : public ::testing::Test {
protected:
    void SetUp() override
    {
        client::CertificatePins::global().clear();
        files = makeTestCertificate(dir, u"self-signed"_s);
        other = makeTestCertificate(dir, u"other"_s);
        srv = std::make_unique<ServerHarness>(Dialect::Sqlite, server::RateLimits{}, server::HttpLimits{},
                                              [&](server::ServerOptions &o) { o.tls = files; });
        ASSERT_TRUE(srv->started());
        apiRoot = QUrl(u"https://127.0.0.1:%1/api/v1"_s.arg(srv->port()));
    }
    void TearDown() override { client::CertificatePins::global().clear(); }

    QTemporaryDir dir;
    server::TlsFiles files, other;
    std::unique_ptr<ServerHarness> srv;
    QUrl apiRoot;
};

} // namespace

TEST_F(PinnedServer, ASelfSignedCertificateIsRefusedUnlessItIsTheOnePinned)
{
    const client::ApiReply unpinned = getInfo(apiRoot);
    EXPECT_FALSE(unpinned.ok()) << "a certificate nobody vouches for must not be accepted";
    EXPECT_NE(unpinned.status, 200);

    client::CertificatePins::global().pin(apiRoot, client::fingerprintOf(certificateIn(other)));
    EXPECT_FALSE(getInfo(apiRoot).ok()) << "another certificate's pin must not let this one through";

    client::CertificatePins::global().pin(apiRoot, client::fingerprintOf(certificateIn(files)));
    const client::ApiReply pinned = getInfo(apiRoot);
    EXPECT_TRUE(pinned.ok()) << pinned.message.toStdString();
    EXPECT_EQ(pinned.status, 200);

    // The pin is the server's: the same fingerprint does not vouch for another address.
    const QUrl sameHostOtherPort(u"https://127.0.0.1:%1/api/v1"_s.arg(srv->port() == 1 ? 2 : 1));
    EXPECT_FALSE(client::CertificatePins::global().pinFor(sameHostOtherPort).has_value());
}

TEST_F(PinnedServer, AnInvitationCarriesThePinAndRefusesABadOne)
{
    client::Invitation made{apiRoot.toString(), "assay_key", u"Rey"_s,
                            client::fingerprintOf(certificateIn(files))};
    auto read = client::parseInvitation(client::invitationText(made));
    ASSERT_TRUE(read) << read.error().message.toStdString();
    EXPECT_EQ(read->certificateSha256, made.certificateSha256);

    QByteArray text = client::invitationText(made);
    text.replace(made.certificateSha256, "not-a-fingerprint");
    auto bad = client::parseInvitation(text);
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().message.contains(u"not a SHA-256 fingerprint"_s))
        << bad.error().message.toStdString();

    // Without a pin the invitation says nothing about certificates: verified as usual.
    auto plain = client::parseInvitation(client::invitationText({apiRoot.toString(), "k", u"Rey"_s, {}}));
    ASSERT_TRUE(plain);
    EXPECT_TRUE(plain->certificateSha256.isEmpty());
    EXPECT_FALSE(
        client::invitationText({apiRoot.toString(), "k", u"Rey"_s, {}}).contains("certificate_sha256"));
}

TEST(CertificatePins, FingerprintsAreNormalizedAndOnlyTrustErrorsAreExcused)
{
    const QByteArray hex = "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";
    QByteArray colons;
    for (int i = 0; i < hex.size(); i += 2)
        colons += (i ? ":" : "") + hex.mid(i, 2).toUpper();
    EXPECT_EQ(client::normalizedFingerprint(colons), hex);
    EXPECT_EQ(client::normalizedFingerprint(" " + hex + "\n"), hex);
    EXPECT_TRUE(client::normalizedFingerprint(hex.left(40)).isEmpty()) << "a SHA-1 is not a SHA-256";
    EXPECT_TRUE(client::normalizedFingerprint("zz" + hex.mid(2)).isEmpty());

    QTemporaryDir dir;
    const QSslCertificate cert = certificateIn(makeTestCertificate(dir, u"c"_s));
    const QByteArray pin = client::fingerprintOf(cert);
    const QList<QSslError> untrusted{QSslError(QSslError::SelfSignedCertificate, cert),
                                     QSslError(QSslError::HostNameMismatch, cert)};
    EXPECT_TRUE(client::pinExcuses(untrusted, cert, pin));
    EXPECT_FALSE(client::pinExcuses(untrusted, cert, QByteArray(64, 'a')));
    EXPECT_FALSE(client::pinExcuses(untrusted, cert, {}));
    EXPECT_FALSE(client::pinExcuses({QSslError(QSslError::CertificateExpired, cert)}, cert, pin))
        << "a pin does not make an expired certificate good";
    EXPECT_FALSE(client::pinExcuses({QSslError(QSslError::CertificateRevoked, cert)}, cert, pin));
}
