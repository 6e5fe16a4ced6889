// Sync through a network that misbehaves, on SQLite and PostgreSQL: random drops, resets, hangs, delays
// and 503s between the client and the real server; a storm of 503s; a server restored from an older
// backup. Whatever happens, the final state equals the server's, with no answer lost or duplicated.

#include "faultproxy.h"
#include "syncfixture.h"

#include <printers.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <iostream>

using namespace assay;
using namespace assay::client;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class Faults : public SyncFixture {
protected:
    // Every answer this device holds is on the server exactly once, and the device's view of what the
    // server has matches the server's own count.
    void expectConverged(Device &d, int expectedAnswers)
    {
        auto all = d.store->work().allAnswers();
        ASSERT_TRUE(all.ok());
        EXPECT_EQ(all->size(), expectedAnswers);
        const QHash<QString, int> applied = appliedOnServer();
        int lost = 0, duplicated = 0;
        for (const LocalAnswer &a : *all) {
            EXPECT_EQ(a.state, AnswerState::Sent) << a.annotation.id.toString().toStdString();
            const int times = applied.value(a.annotation.id.toString());
            lost += times == 0;
            duplicated += times > 1;
        }
        EXPECT_EQ(lost, 0);
        EXPECT_EQ(duplicated, 0);
        EXPECT_EQ(applied.size(), expectedAnswers) << "and nothing the device does not know of";
        auto known = d.store->cache().serverAnsweredRuns(*Uuid::parse(queue));
        QSet<Uuid> answeredRuns;
        for (const LocalAnswer &a : *all)
            answeredRuns.insert(a.annotation.runId);
        EXPECT_EQ(*known, answeredRuns) << "the cache knows exactly the items the server has my answers for";
    }
};

} // namespace

TEST_P(Faults, RandomNetworkFaultsLoseAndDuplicateNothing)
{
    const QByteArray key = reviewerKey(u"alice"_s);
    FaultProxy proxy(srv().port());
    SyncSettings settings;
    settings.readyPerQueue = 30;
    auto alice = device(key, proxy.baseUrl(), settings);
    alice->api->setTransferTimeout(1000);
    ASSERT_TRUE(alice->sync()) << "a clean first sync";
    const QList<CachedItem> items = alice->items(queue);
    ASSERT_EQ(items.size(), 30);

    proxy.setRandomFaults(0.4, 20261130 + quint32(GetParam()));
    int failedCycles = 0, answers = 0;
    for (int round = 0; round < 30; ++round) {
        for (int i = 0; i < 2; ++i) {
            alice->answer(queue, items[answers % items.size()].runId.toString(), good());
            ++answers;
        }
        if (round % 5 == 4) { // an edit of an earlier answer: a new answer to the same item
            alice->answer(queue, items[0].runId.toString(), QJsonObject{{"overall_quality"_L1, u"bad"_s}});
            ++answers;
        }
        failedCycles += !alice->sync();
    }
    const auto counts = proxy.counts();
    int faults = 0;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        if (it.key() != FaultProxy::Fault::None)
            faults += it.value();
    std::cout << "[ faults   ] " << faults << " faulty connections of "
              << faults + counts.value(FaultProxy::Fault::None) << ", " << failedCycles
              << " of 30 cycles failed, " << answers << " answers\n";
    EXPECT_GT(faults, 5) << "the proxy did inject faults";

    proxy.setFault(FaultProxy::Fault::None);
    ASSERT_TRUE(alice->sync());
    expectConverged(*alice, answers);
    // The edited item's current answer on the server is the latest one.
    const QJsonArray feedback =
        srv()
            .get(u"/feedback?run="_s + items[0].runId.toString() + u"&source=app&key=overall_quality"_s)
            .array();
    ASSERT_EQ(feedback.size(), 1);
    EXPECT_EQ(feedback.at(0).toObject().value("value"_L1).toString(), u"bad"_s);
}

TEST_P(Faults, AStormOf503sBacksOffAsAskedAndRecovers)
{
    FaultProxy proxy(srv().port());
    auto alice = device(reviewerKey(u"alice"_s), proxy.baseUrl());
    ASSERT_TRUE(alice->sync());
    proxy.setFault(FaultProxy::Fault::Unavailable);
    alice->answer(queue, runs[0], good());
    EXPECT_FALSE(alice->sync());
    EXPECT_EQ(alice->engine->state(), SyncEngine::State::Backoff);
    EXPECT_EQ(alice->engine->lastError(), u"server error: overloaded (test)"_s);
    EXPECT_GE(alice->engine->lastRetryDelayMs(), 1000) << "Retry-After: 1 is honoured over a shorter backoff";
    EXPECT_GT(alice->engine->nextAttemptInMs(), 0) << "and a retry is scheduled";
    // The engine retries by itself once the storm is over.
    proxy.setFault(FaultProxy::Fault::None);
    QElapsedTimer waited;
    waited.start();
    while (alice->engine->state() != SyncEngine::State::Idle && waited.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    EXPECT_EQ(alice->engine->state(), SyncEngine::State::Idle);
    EXPECT_EQ(*alice->store->work().count(AnswerState::Sent), 1);
}

TEST_P(Faults, AServerRestoredFromAnOlderBackupGetsTheLostAnswersAgain)
{
    if (GetParam() != server::Dialect::Sqlite)
        GTEST_SKIP() << "restores a SQLite file; the PostgreSQL path is the same code above the database";
    FaultProxy proxy(srv().port());
    auto alice = device(reviewerKey(u"alice"_s), proxy.baseUrl());
    ASSERT_TRUE(alice->sync());
    const QString backup = dirs.filePath(u"backup.db"_s);
    ASSERT_TRUE(
        srv().restart([&](const server::DatabaseUrl &db) { ASSERT_TRUE(QFile::copy(db.path, backup)); }));
    proxy.setUpstreamPort(srv().port());
    for (int i = 0; i < 5; ++i)
        alice->answer(queue, runs[i], good());
    ASSERT_TRUE(alice->sync());
    ASSERT_EQ(appliedOnServer().size(), 5);

    // The server is restored from the backup: the five answers are gone, and its sequence is behind.
    ASSERT_TRUE(srv().restart([&](const server::DatabaseUrl &db) {
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
            QFile::remove(db.path + suffix);
        ASSERT_TRUE(QFile::copy(backup, db.path));
    }));
    proxy.setUpstreamPort(srv().port());
    ASSERT_TRUE(appliedOnServer().isEmpty());
    ASSERT_TRUE(alice->sync());
    expectConverged(*alice, 5);
}

TEST_P(Faults, AServerThatLostAnswersButMovedOnIsCaughtByTheCountCheck)
{
    if (GetParam() != server::Dialect::Sqlite)
        GTEST_SKIP() << "restores a SQLite file";
    FaultProxy proxy(srv().port());
    auto alice = device(reviewerKey(u"alice"_s), proxy.baseUrl());
    const QByteArray bobKey = reviewerKey(u"bob"_s);
    ASSERT_TRUE(alice->sync());
    const QString backup = dirs.filePath(u"backup.db"_s);
    ASSERT_TRUE(
        srv().restart([&](const server::DatabaseUrl &db) { ASSERT_TRUE(QFile::copy(db.path, backup)); }));
    proxy.setUpstreamPort(srv().port());
    for (int i = 0; i < 3; ++i)
        alice->answer(queue, runs[i], good());
    ASSERT_TRUE(alice->sync());
    ASSERT_TRUE(srv().restart([&](const server::DatabaseUrl &db) {
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
            QFile::remove(db.path + suffix);
        ASSERT_TRUE(QFile::copy(backup, db.path));
    }));
    proxy.setUpstreamPort(srv().port());
    // Bob's answers move the server's sequence past Alice's cursor: no reset is visible to her.
    auto bob = device(bobKey);
    ASSERT_TRUE(bob->sync());
    for (int i = 10; i < 16; ++i)
        bob->answer(queue, runs[i], good());
    ASSERT_TRUE(bob->sync());
    ASSERT_TRUE(alice->sync());
    auto all = alice->store->work().allAnswers();
    for (const LocalAnswer &a : *all)
        EXPECT_EQ(appliedOnServer().value(a.annotation.id.toString()), 1);
    EXPECT_EQ(alice->store->cache().serverAnsweredRuns(*Uuid::parse(queue))->size(), 3);
}

ASSAY_SERVER_TEST_SUITE(Faults);
