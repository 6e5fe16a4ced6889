// The sync engine against the real assay-server, on SQLite and PostgreSQL: online and offline review,
// one reviewer on two devices, two reviewers on one item, a lease expiring, a rubric changing and an item
// being removed while offline, rejected answers fixed and resent, and a cache that disagrees with the
// server rebuilt without touching the outbox.

#include "faultproxy.h"
#include "syncfixture.h"

#include <printers.h>

#include <QThread>

using namespace assay;
using namespace assay::client;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class Sync : public SyncFixture {};

QStringList runIdsOf(const QList<CachedItem> &items)
{
    QStringList ids;
    for (const CachedItem &i : items)
        ids.append(i.runId.toString());
    return ids;
}

} // namespace

TEST_P(Sync, OnlineReviewSendsAnswersThatBecomeFeedbackByTheReviewer)
{
    auto alice = device(reviewerKey(u"alice"_s));
    const Timestamp before = Timestamp::now();
    ASSERT_TRUE(alice->sync());
    ASSERT_TRUE(alice->engine->lastSyncedAt().has_value());
    EXPECT_GE(alice->engine->lastSyncedAt()->micros(), before.micros());
    SyncEngine restarted(*alice->store, *alice->api);
    EXPECT_EQ(restarted.lastSyncedAt()->toIso(), alice->engine->lastSyncedAt()->toIso())
        << "kept across restarts";
    auto queues = alice->store->cache().queues();
    ASSERT_EQ(queues->size(), 1);
    EXPECT_EQ(queues->at(0).name, u"support answers"_s);
    EXPECT_EQ(queues->at(0).guide, u"Check the answer against the sources."_s);
    EXPECT_EQ(queues->at(0).rubric.fields.size(), 2);
    const QList<CachedItem> items = alice->items(queue);
    ASSERT_EQ(items.size(), 20) << "the default 20 ready items";
    EXPECT_EQ(runIdsOf(items), runs.mid(0, 20));
    auto full = alice->store->cache().item(items[0].queueId, items[0].runId);
    EXPECT_EQ(full->value().run.value("inputs"_L1).toObject().value("question"_L1).toString(),
              u"How do I reset my password? #0"_s)
        << "everything to render it offline";

    QList<Annotation> sent;
    for (int i = 0; i < 3; ++i)
        sent.append(alice->answer(queue, runs[i], good()));
    ASSERT_TRUE(alice->sync());
    EXPECT_EQ(*alice->store->work().count(AnswerState::Unsent), 0);
    EXPECT_EQ(*alice->store->work().count(AnswerState::Sent), 3);
    const QString aliceId = srv().get(u"/admin/users/alice"_s).object().value("id"_L1).toString();
    const QJsonArray feedback = srv().get(u"/feedback?run="_s + runs[0] + u"&source=app"_s).array();
    ASSERT_EQ(feedback.size(), 2);
    EXPECT_EQ(feedback.at(0).toObject().value("feedback_source"_L1).toObject().value("user_id"_L1).toString(),
              aliceId);
    const QHash<QString, int> applied = appliedOnServer();
    EXPECT_EQ(applied.size(), 3);
    for (const Annotation &a : sent)
        EXPECT_EQ(applied.value(a.id.toString()), 1);
    // The cache knows them as answered (from the feed) and keeps 20 ready.
    EXPECT_EQ(alice->store->cache().serverAnsweredRuns(*Uuid::parse(queue))->size(), 3);
    EXPECT_EQ(alice->items(queue).size(), 23);
}

TEST_P(Sync, AnOfflineBatchIsReviewedWithoutTheServerAndSyncedOnReconnect)
{
    FaultProxy proxy(srv().port());
    auto alice = device(reviewerKey(u"alice"_s), proxy.baseUrl());
    QList<bool> finished;
    QObject::connect(alice->engine.get(), &SyncEngine::offlineBatchFinished,
                     [&](const Uuid &, int got, bool ok) { finished.append(ok && got == 25); });
    alice->engine->takeOffline(*Uuid::parse(queue), 25, 3 * 24 * 60);
    ASSERT_TRUE(alice->sync());
    EXPECT_EQ(finished, QList<bool>{true});
    const QList<CachedItem> items = alice->items(queue);
    ASSERT_EQ(items.size(), 25);
    EXPECT_GT(items[0].leaseExpiresAt.micros(), Timestamp::now().micros() + qint64(2.9 * 86400e6))
        << "leased for the three days asked for";

    // The train leaves the station.
    proxy.setFault(FaultProxy::Fault::Down);
    for (const CachedItem &item : items)
        alice->answer(queue, item.runId.toString(), good());
    EXPECT_FALSE(alice->sync());
    EXPECT_EQ(alice->engine->state(), SyncEngine::State::Offline);
    EXPECT_TRUE(alice->engine->lastError().startsWith(u"offline: "_s))
        << alice->engine->lastError().toStdString();
    EXPECT_FALSE(alice->engine->lastErrorRequestId().isEmpty());
    EXPECT_EQ(*alice->store->work().count(AnswerState::Unsent), 25);
    EXPECT_TRUE(appliedOnServer().isEmpty());

    // Back online.
    proxy.setFault(FaultProxy::Fault::None);
    alice->engine->connectivityChanged(true);
    ASSERT_TRUE(alice->sync());
    EXPECT_EQ(alice->engine->state(), SyncEngine::State::Idle);
    EXPECT_EQ(*alice->store->work().count(AnswerState::Sent), 25);
    EXPECT_EQ(appliedOnServer().size(), 25);
    EXPECT_EQ(alice->store->cache().serverAnsweredRuns(*Uuid::parse(queue))->size(), 25);
}

TEST_P(Sync, AnOfflineBatchComesInPagesAndASecondDeviceGetsItToo)
{
    const QByteArray key = reviewerKey(u"alice"_s);
    SyncSettings settings;
    settings.checkoutPage = 4;
    settings.readyPerQueue = 2;
    auto laptop = device(key, {}, settings);
    auto desktop = device(key, {}, settings);
    laptop->engine->takeOffline(*Uuid::parse(queue), 25, 600);
    ASSERT_TRUE(laptop->sync());
    EXPECT_EQ(runIdsOf(laptop->items(queue)), runs.mid(0, 25)) << "seven pages of four, in queue order";
    desktop->engine->takeOffline(*Uuid::parse(queue), 10, 600);
    ASSERT_TRUE(desktop->sync());
    EXPECT_EQ(runIdsOf(desktop->items(queue)), runs.mid(0, 10)) << "the same person's items, renewed";
}

TEST_P(Sync, OneReviewerOnTwoDevicesIsOneReviewer)
{
    auto laptop = device(reviewerKey(u"alice"_s));
    auto desktop = device(reviewerKey(u"alice"_s));
    ASSERT_TRUE(laptop->sync());
    ASSERT_TRUE(desktop->sync());
    EXPECT_EQ(runIdsOf(laptop->items(queue)), runIdsOf(desktop->items(queue))) << "the same person's leases";
    // Both answer the first item; the desktop's answer is the later one.
    const Annotation first = laptop->answer(queue, runs[0], QJsonObject{{"overall_quality"_L1, u"bad"_s}});
    QThread::msleep(5);
    const Annotation second = desktop->answer(queue, runs[0], QJsonObject{{"overall_quality"_L1, u"good"_s}});
    ASSERT_TRUE(desktop->sync());
    ASSERT_TRUE(laptop->sync());
    EXPECT_EQ(laptop->store->work().answer(first.id)->value().serverStatus, u"superseded"_s)
        << "the older answer of the same person is kept as history";
    const QJsonArray feedback = srv().get(u"/feedback?run="_s + runs[0] + u"&source=app"_s).array();
    ASSERT_EQ(feedback.size(), 1);
    EXPECT_EQ(feedback.at(0).toObject().value("value"_L1).toString(), u"good"_s);
    // The laptop learns of the desktop's answer from the feed: that item is no longer to review there.
    EXPECT_TRUE(
        laptop->store->cache().serverAnsweredRuns(*Uuid::parse(queue))->contains(*Uuid::parse(runs[0])));
}

TEST_P(Sync, TwoReviewersOnOneItemKeepTheirOwnAnswers)
{
    ASSERT_EQ(
        srv().patch(u"/annotation-queues/"_s + queue, QJsonObject{{"num_reviewers_per_item"_L1, 2}}).status,
        200);
    auto alice = device(reviewerKey(u"alice"_s));
    auto bob = device(reviewerKey(u"bob"_s));
    ASSERT_TRUE(alice->sync());
    ASSERT_TRUE(bob->sync());
    alice->answer(queue, runs[0], QJsonObject{{"overall_quality"_L1, u"good"_s}});
    bob->answer(queue, runs[0], QJsonObject{{"overall_quality"_L1, u"bad"_s}});
    ASSERT_TRUE(alice->sync());
    ASSERT_TRUE(bob->sync());
    EXPECT_EQ(*alice->store->work().count(AnswerState::Sent), 1);
    EXPECT_EQ(*bob->store->work().count(AnswerState::Sent), 1);
    EXPECT_EQ(srv().get(u"/feedback?run="_s + runs[0] + u"&source=app"_s).array().size(), 2);
    EXPECT_EQ(srv().get(u"/annotation-queues/%1/runs?status=completed"_s.arg(queue)).array().size(), 1);
    // Neither sees the other's answer on the review routes.
    EXPECT_EQ(bob->store->cache().serverAnsweredRuns(*Uuid::parse(queue))->size(), 1);
}

TEST_P(Sync, ALeaseExpiringWhileOfflineStillDeliversTheAnswer)
{
    auto alice = device(reviewerKey(u"alice"_s));
    ASSERT_TRUE(alice->sync());
    // The lease ran out while the laptop was closed (on the server it is simply gone).
    const QString aliceId = srv().get(u"/admin/users/alice"_s).object().value("id"_L1).toString();
    ASSERT_EQ(*srv().server().store().releaseLeases(*Uuid::parse(queue), aliceId, {*Uuid::parse(runs[0])}),
              1);
    const Annotation late = alice->answer(queue, runs[0], good());
    ASSERT_TRUE(alice->sync());
    auto stored = alice->store->work().answer(late.id);
    EXPECT_EQ(stored->value().serverStatus, u"applied"_s);
    EXPECT_EQ(stored->value().flags, QStringList{u"late"_s});
}

TEST_P(Sync, ARubricChangedWhileOfflineKeepsTheOldAnswersVersion)
{
    FaultProxy proxy(srv().port());
    auto alice = device(reviewerKey(u"alice"_s), proxy.baseUrl());
    ASSERT_TRUE(alice->sync());
    proxy.setFault(FaultProxy::Fault::Down);
    const Annotation old = alice->answer(queue, runs[0], good(), 1);
    const QJsonObject v2 = QJsonDocument::fromJson(R"({"fields":[
        {"name":"overall_quality","type":"categorical","options":["good","acceptable","bad"],"required":true},
        {"name":"groundedness","type":"continuous","min":0,"max":1,"required":true}]})")
                               .object();
    ASSERT_EQ(srv().patch(u"/annotation-queues/"_s + queue, QJsonObject{{"rubric"_L1, v2}}).status, 200);
    proxy.setFault(FaultProxy::Fault::None);
    ASSERT_TRUE(alice->sync());
    auto stored = alice->store->work().answer(old.id);
    EXPECT_EQ(stored->value().serverStatus, u"applied"_s);
    EXPECT_EQ(stored->value().flags, QStringList{u"old_rubric"_s});
    EXPECT_EQ(stored->value().annotation.rubricVersion, 1);
    auto cached = alice->store->cache().queue(*Uuid::parse(queue));
    EXPECT_EQ(cached->value().rubric.version, 2) << "the new rubric arrived";
    EXPECT_EQ(cached->value().rubric.fields.at(1).key, u"groundedness"_s);
    EXPECT_TRUE(alice->store->cache().rubric(*Uuid::parse(queue), 1)->has_value())
        << "and the old one is kept";
}

TEST_P(Sync, AnItemRemovedWhileOfflineStillDeliversTheAnswer)
{
    FaultProxy proxy(srv().port());
    auto alice = device(reviewerKey(u"alice"_s), proxy.baseUrl());
    ASSERT_TRUE(alice->sync());
    proxy.setFault(FaultProxy::Fault::Down);
    const Annotation a = alice->answer(queue, runs[0], good());
    ASSERT_EQ(srv().del(u"/annotation-queues/%1/runs/%2"_s.arg(queue, runs[0])).status, 204);
    proxy.setFault(FaultProxy::Fault::None);
    ASSERT_TRUE(alice->sync());
    EXPECT_EQ(alice->store->work().answer(a.id)->value().serverStatus, u"applied"_s);
    EXPECT_TRUE(alice->store->work().answer(a.id)->value().flags.contains(u"removed"_s));
    EXPECT_TRUE(alice->store->cache().item(*Uuid::parse(queue), *Uuid::parse(runs[0]))->value().removed);
    EXPECT_EQ(appliedOnServer().value(a.id.toString()), 1);
}

TEST_P(Sync, ARejectedAnswerNeedsAttentionUntilFixedAndResent)
{
    auto alice = device(reviewerKey(u"alice"_s));
    ASSERT_TRUE(alice->sync());
    const Annotation wrong = alice->answer(queue, runs[0], QJsonObject{{"overall_quality"_L1, u"meh"_s}});
    alice->answer(queue, runs[1], good());
    ASSERT_TRUE(alice->sync()) << "a rejected answer does not fail the sync";
    auto attention = alice->store->work().needingAttention();
    ASSERT_EQ(attention->size(), 1);
    EXPECT_EQ(attention->at(0).annotation.id, wrong.id);
    ASSERT_EQ(attention->at(0).errors.size(), 1);
    EXPECT_TRUE(attention->at(0).errors[0].startsWith(u"overall_quality"_s))
        << attention->at(0).errors[0].toStdString();
    ASSERT_TRUE(
        alice->store->work().resend(wrong.id, QJsonObject{{"overall_quality"_L1, u"acceptable"_s}}, 1).ok());
    ASSERT_TRUE(alice->sync());
    EXPECT_TRUE(alice->store->work().needingAttention()->isEmpty());
    EXPECT_EQ(appliedOnServer().value(wrong.id.toString()), 1);
}

TEST_P(Sync, ACacheThatDisagreesWithTheServerIsRebuiltAndTheOutboxIsKept)
{
    auto alice = device(reviewerKey(u"alice"_s));
    ASSERT_TRUE(alice->sync());
    alice->answer(queue, runs[0], good());
    ASSERT_TRUE(alice->sync());
    // The cache loses what it knew (a bug, a disk problem); a new answer waits in the outbox.
    ASSERT_TRUE(alice->store->cache().db().exec(u"DELETE FROM server_answers"_s).ok());
    ASSERT_TRUE(alice->store->cache().db().exec(u"DELETE FROM items"_s).ok());
    ASSERT_TRUE(alice->store->cache().db().exec(u"UPDATE sync SET value = value + 0"_s).ok());
    alice->engine->stop();
    const Annotation waiting = alice->answer(queue, runs[1], good());
    ASSERT_TRUE(alice->sync());
    EXPECT_EQ(alice->store->cache().serverAnsweredRuns(*Uuid::parse(queue))->size(), 2)
        << "rebuilt from the server";
    EXPECT_EQ(appliedOnServer().value(waiting.id.toString()), 1);
    EXPECT_EQ(alice->items(queue).size(), 20) << "20 ready again; the answered ones are not checked out";
}

TEST_P(Sync, ARevokedKeyStopsSyncUntilTheUserActs)
{
    const QByteArray key = reviewerKey(u"alice"_s);
    auto alice = device(key);
    ASSERT_TRUE(alice->sync());
    ASSERT_EQ(srv().patch(u"/admin/users/alice"_s, QJsonObject{{"disabled"_L1, true}}).status, 200);
    alice->answer(queue, runs[0], good());
    EXPECT_FALSE(alice->sync());
    EXPECT_EQ(alice->engine->state(), SyncEngine::State::NeedsSignIn);
    EXPECT_EQ(alice->engine->nextAttemptInMs(), -1) << "no retries with a refused key";
    EXPECT_EQ(*alice->store->work().count(AnswerState::Unsent), 1) << "the answer waits";
    ASSERT_EQ(srv().patch(u"/admin/users/alice"_s, QJsonObject{{"disabled"_L1, false}}).status, 200);
    ASSERT_TRUE(alice->sync());
    EXPECT_EQ(*alice->store->work().count(AnswerState::Sent), 1);
}

ASSAY_SERVER_TEST_SUITE(Sync);
