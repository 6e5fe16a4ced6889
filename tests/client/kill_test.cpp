// kill -9 at random moments: a helper process reviews and syncs and is killed 50 times, each time at a
// random point; after a restart and a sync, every answer that was committed locally is on the server
// exactly once.

#include "syncfixture.h"

#include <printers.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>

#include <iostream>

using namespace assay;
using namespace assay::client;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class KillNine : public SyncFixture {};

// Runs the event loop (the server lives in this process) until `done` or the timeout.
void spin(
    int ms, const std::function<bool()> &done = [] { return false; })
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms && !done())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

} // namespace

TEST_P(KillNine, EveryCommittedAnswerReachesTheServerExactlyOnce)
{
    const QByteArray key = reviewerKey(u"alice"_s);
    const QString storeDir = dirs.filePath(u"killed"_s);
    QSet<QString> committed;
    QRandomGenerator random(1130 + quint32(GetParam()));
    int kills = 0;
    for (int run = 0; run < 50; ++run) {
        QProcess helper;
        QByteArray pending;
        QObject::connect(&helper, &QProcess::readyReadStandardOutput, [&] {
            pending += helper.readAllStandardOutput();
            qsizetype newline;
            while ((newline = pending.indexOf('\n')) >= 0) { // only whole lines: printed after the commit
                const QByteArray line = pending.left(newline);
                pending.remove(0, newline + 1);
                if (line.startsWith("committed "))
                    committed.insert(QString::fromLatin1(line.mid(10)));
            }
        });
        helper.start(QStringLiteral(ASSAY_SYNC_HELPER),
                     {storeDir, srv().baseUrl(), QString::fromUtf8(key), queue});
        ASSERT_TRUE(helper.waitForStarted(10000));
        spin(100 + int(random.bounded(900)));
        ASSERT_EQ(helper.state(), QProcess::Running) << helper.readAllStandardError().toStdString();
        helper.kill(); // SIGKILL
        spin(10000, [&] { return helper.state() == QProcess::NotRunning; });
        ++kills;
        pending += helper.readAllStandardOutput();
        if (pending.endsWith('\n') && pending.startsWith("committed "))
            committed.insert(QString::fromLatin1(pending.mid(10).trimmed()));
    }
    ASSERT_GT(committed.size(), 50) << "the helper got to answer between kills";

    auto d = std::make_unique<Device>();
    auto store = LocalStore::open(storeDir, u"after-kills"_s);
    ASSERT_TRUE(store.ok()) << store.error().message.toStdString();
    d->store = std::move(*store);
    d->api = std::make_unique<ApiClient>(QUrl(srv().baseUrl()), key);
    d->engine = std::make_unique<SyncEngine>(*d->store, *d->api);
    ASSERT_TRUE(d->sync());
    // Reached the server = stored there, applied or superseded: the helper answers items over and over,
    // and when two answers to one item are in flight on two connections, the earlier one may arrive
    // second and is then kept as `superseded` (latest submitted_at wins), never audited as applied.
    const QHash<QString, int> applied = appliedOnServer();
    auto storedOnServer = [&](const QString &id) {
        auto a = srv().server().store().annotationById(*Uuid::parse(id));
        return a && *a;
    };
    int lost = 0, duplicated = 0;
    for (const QString &id : committed) {
        lost += !storedOnServer(id);
        duplicated += applied.value(id) > 1;
    }
    auto all = d->store->work().allAnswers();
    int storedLocally = 0, missingOnServer = 0;
    for (const LocalAnswer &a : *all) {
        EXPECT_EQ(a.state, AnswerState::Sent);
        ++storedLocally;
        missingOnServer += !storedOnServer(a.annotation.id.toString());
    }
    std::cout << "[ kill -9  ] " << kills << " kills, " << committed.size() << " answers committed, "
              << all->size() << " in the store, " << lost << " lost, " << duplicated << " duplicated\n";
    EXPECT_EQ(lost, 0);
    EXPECT_EQ(duplicated, 0);
    EXPECT_EQ(missingOnServer, 0) << "the server has every answer the store has";
    EXPECT_LE(applied.size(), storedLocally) << "and applied none it does not have";
}

ASSAY_SERVER_TEST_SUITE(KillNine);
