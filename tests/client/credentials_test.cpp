// Credentials without a system keychain (as on CI and headless machines): the key comes from
// $ASSAY_API_KEY or a prompt, saving says it could not be stored, and nothing is written in plain text.

#include "credentials.h"

#include <printers.h>

#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

#include <iostream>

using namespace assay::client;
using namespace Qt::StringLiterals;

namespace {

template<typename F>
void waitFor(F &&start)
{
    QEventLoop loop;
    bool finished = false;
    start([&] {
        finished = true;
        loop.quit();
    });
    if (!finished) {
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    ASSERT_TRUE(finished) << "the keychain job never finished";
}

} // namespace

TEST(Credentials, WithoutAKeychainTheKeyComesFromTheEnvironmentOrAPromptAndIsNeverWrittenDown)
{
    QTemporaryDir home;
    qputenv("HOME", home.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", home.filePath(u"config"_s).toUtf8());
    qputenv("XDG_DATA_HOME", home.filePath(u"data"_s).toUtf8());
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/assay-test-bus");
    qunsetenv("ASSAY_API_KEY");
    const QByteArray secret = "assay_testsecretthatmustnotlandonthedisk000000";
    CredentialStore credentials(u"assay-test"_s);

    bool stored = true;
    QString why;
    waitFor([&](auto finished) {
        credentials.save(u"http://127.0.0.1:1984 alice"_s, secret,
                         [&, finished](bool ok, const QString &reason) {
                             stored = ok;
                             why = reason;
                             finished();
                         });
    });
    EXPECT_FALSE(stored);
    EXPECT_TRUE(why.endsWith(u"the key is kept for this session only"_s)) << why.toStdString();

    LoadedKey loaded;
    waitFor([&](auto finished) {
        credentials.load(u"http://127.0.0.1:1984 alice"_s, [&, finished](const LoadedKey &k) {
            loaded = k;
            finished();
        });
    });
    EXPECT_EQ(loaded.source, KeySource::Prompt);
    EXPECT_FALSE(loaded.key.has_value());
    EXPECT_FALSE(loaded.note.isEmpty());
    std::cout << "[ keychain ] " << why.toStdString() << "\n";

    qputenv("ASSAY_API_KEY", "assay_fromtheenvironment");
    waitFor([&](auto finished) {
        credentials.load(u"http://127.0.0.1:1984 alice"_s, [&, finished](const LoadedKey &k) {
            loaded = k;
            finished();
        });
    });
    qunsetenv("ASSAY_API_KEY");
    EXPECT_EQ(loaded.source, KeySource::Environment);
    EXPECT_EQ(loaded.key.value_or(QByteArray()), "assay_fromtheenvironment");

    // Nothing anywhere under the home directory holds the secret.
    QDirIterator files(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile f(files.next());
        ASSERT_TRUE(f.open(QIODevice::ReadOnly));
        EXPECT_FALSE(f.readAll().contains(secret)) << "the key was written to " << f.fileName().toStdString();
    }
}
