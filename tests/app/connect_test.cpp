// Connecting: the connect dialog's test says in words what is wrong (a refused key, an address nobody
// answers on, an address that is not an Assay server) and what is right; addresses become API roots;
// local mode runs a server inside the app with a key kept for its user only.

#include "appfixture.h"

#include "api/connectioncheck.h"
#include "connect/connectdialog.h"
#include "connect/localserver.h"
#include "connect/profiles.h"
#include "people/invitation.h"
#include "serverharness.h"
#include "session/clientsession.h"

#include <printers.h>

#include <QApplication>
#include <QClipboard>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QSettings>
#include <QTemporaryDir>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

// The dialog's verdict for an address and key, once its test has answered.
QString verdictFor(const QString &address, const QByteArray &key, bool *ok = nullptr)
{
    app::ConnectDialog dialog({});
    dialog.setAddress(address);
    dialog.setApiKey(key);
    std::optional<bool> result;
    dialog.test([&](bool good) { result = good; });
    EXPECT_TRUE(waitUntil([&] { return result.has_value(); }, 15000)) << "the test never answered";
    if (ok)
        *ok = result.value_or(false);
    return dialog.verdict();
}

} // namespace

TEST(Connect, EachFailureIsSaidInWords)
{
    ServerHarness server(server::Dialect::Sqlite);
    ASSERT_TRUE(server.started());
    bool ok = true;
    EXPECT_TRUE(verdictFor(server.baseUrl(), "assay_wrong", &ok).contains(u"refused this API key"_s));
    EXPECT_FALSE(ok);
    EXPECT_TRUE(verdictFor(u"http://127.0.0.1:9"_s, "assay_any", &ok).contains(u"Cannot reach"_s));
    EXPECT_FALSE(ok);
    const QString elsewhere = u"http://127.0.0.1:%1/not-the-api"_s.arg(server.port());
    EXPECT_TRUE(verdictFor(elsewhere, ServerHarness::kAdminKey, &ok).contains(u"not as an Assay server"_s))
        << verdictFor(elsewhere, ServerHarness::kAdminKey).toStdString();
    EXPECT_FALSE(ok);
    const QString verdict = verdictFor(server.baseUrl(), ServerHarness::kAdminKey, &ok);
    EXPECT_TRUE(ok) << verdict.toStdString();
    EXPECT_TRUE(verdict.startsWith(u"Connected."_s)) << verdict.toStdString();
}

TEST(Connect, TypedAddressesBecomeApiRootsAndEachHasItsOwnStore)
{
    EXPECT_EQ(app::Profiles::apiRoot(u"review.example.com"_s), QUrl(u"https://review.example.com/api/v1"_s));
    EXPECT_EQ(app::Profiles::apiRoot(u"localhost:1984"_s), QUrl(u"http://localhost:1984/api/v1"_s));
    EXPECT_EQ(app::Profiles::apiRoot(u"https://r.example.com/assay/api/v1/"_s),
              QUrl(u"https://r.example.com/assay/api/v1"_s));
    EXPECT_NE(app::Profiles::dataDirectory(u"http://a:1/api/v1"_s, u"/x"_s),
              app::Profiles::dataDirectory(u"http://a:2/api/v1"_s, u"/x"_s));

    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    app::Profiles profiles(settings);
    profiles.remember(u"https://one/api/v1"_s);
    profiles.remember(u"https://two/api/v1"_s);
    profiles.remember(u"https://one/api/v1"_s);
    EXPECT_EQ(profiles.addresses(), (QStringList{u"https://one/api/v1"_s, u"https://two/api/v1"_s}));
    EXPECT_EQ(profiles.last(), u"https://one/api/v1"_s);
}

TEST(LocalMode, RunsAServerInsideTheAppWithAKeyForItsUserOnly)
{
    QTemporaryDir dir;
    QByteArray firstKey;
    for (int start = 0; start < 2; ++start) { // the second start finds the same database and key
        auto local = app::LocalServer::start(dir.filePath(u"local"_s));
        ASSERT_TRUE(local.ok()) << local.error().toString().toStdString();
        const auto address = (*local)->address();
        if (start == 0)
            firstKey = address.key;
        EXPECT_EQ(address.key, firstKey);
        client::ApiClient api(address.apiRoot, address.key);
        std::optional<client::ConnectionVerdict> verdict;
        client::ConnectionCheck::run(api, [&](const client::ConnectionVerdict &v) { verdict = v; });
        ASSERT_TRUE(waitUntil([&] { return verdict.has_value(); }, 10000));
        EXPECT_TRUE(verdict->ok) << verdict->message.toStdString();
    }
    QFile key(dir.filePath(u"local/local-admin-key"_s));
    ASSERT_TRUE(key.exists());
    EXPECT_EQ(key.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup |
                                   QFileDevice::WriteOther),
              QFileDevice::Permissions());
    EXPECT_TRUE(QFile::exists(dir.filePath(u"local/assay.db"_s)));
}

TEST(Connect, AnInvitationIsPastedOrDroppedAndConnects)
{
    ServerHarness server(server::Dialect::Sqlite);
    ASSERT_TRUE(server.started());
    const QByteArray text =
        client::invitationText({server.baseUrl(), ServerHarness::kAdminKey, u"Rey"_s, {}});
    // Pasted from the clipboard with the button's action, or into the key box.
    app::ConnectDialog pasted({});
    EXPECT_TRUE(pasted.applyInvitation(text));
    EXPECT_EQ(pasted.apiRoot().toString(), server.baseUrl());
    EXPECT_EQ(pasted.apiKey(), ServerHarness::kAdminKey);
    EXPECT_TRUE(pasted.verdict().contains(u"Welcome, Rey"_s)) << pasted.verdict().toStdString();
    std::optional<bool> works;
    pasted.test([&](bool ok) { works = ok; });
    ASSERT_TRUE(waitUntil([&] { return works.has_value(); }, 15000));
    EXPECT_TRUE(*works) << pasted.verdict().toStdString();

    // Dropped as a file.
    QTemporaryDir dir;
    QFile file(dir.filePath(u"rey.assay-invitation"_s));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();
    app::ConnectDialog dropped({});
    dropped.show(); // a hidden window is no drop site
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file.fileName())});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&dropped, &enter);
    EXPECT_TRUE(enter.isAccepted()) << "a file is welcome";
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&dropped, &drop);
    EXPECT_EQ(dropped.apiKey(), ServerHarness::kAdminKey);
    // Something else dropped says what is wrong and fills nothing.
    app::ConnectDialog wrong({});
    wrong.show();
    QMimeData other;
    other.setText(u"just some text"_s);
    QDragEnterEvent enterText(QPoint(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&wrong, &enterText);
    QDropEvent dropText(QPointF(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&wrong, &dropText);
    EXPECT_TRUE(wrong.apiKey().isEmpty());
    EXPECT_TRUE(wrong.verdict().startsWith(u"This is not an Assay invitation"_s))
        << wrong.verdict().toStdString();
}
