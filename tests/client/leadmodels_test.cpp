// The lead's models and requests against a real assay-server (SQLite and PostgreSQL), the lists under
// QAbstractItemModelTester: queues with their sizes, a queue's rules with their counters, dry runs and a
// backfill followed to its end, people invited (user, key, queues, invitation), assigned, disabled and
// given a new key, and runs added to a queue by hand with a reason.

#include "people/peopleadmin.h"
#include "people/userlistmodel.h"
#include "queueeditor/leadqueuelistmodel.h"
#include "queueeditor/queueadmin.h"
#include "rules/ruleadmin.h"
#include "rules/rulelistmodel.h"
#include "traces/queueadder.h"

#include "serverharness.h"

#include <printers.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

// Waits for an asynchronous answer: `call` is given a callback that stores it.
template<typename T, typename Call>
std::optional<T> answer(Call call, int timeoutMs = 10000)
{
    std::optional<T> got;
    call([&](T value) { got.emplace(std::move(value)); });
    QElapsedTimer t;
    t.start();
    while (!got && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return got;
}

class LeadModels : public ServerTest {
protected:
    QString project;
    QStringList low, high; // root runs with eval_score < 0.5 and >= 0.5
    std::unique_ptr<client::ApiClient> api;

    void SetUp() override
    {
        ServerTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        QJsonArray post;
        for (int i = 0; i < 10; ++i) {
            const QString id = Uuid::v7().toString();
            (i < 4 ? low : high).append(id);
            post.append(QJsonObject{
                {"id"_L1, id},
                {"name"_L1, u"answer %1"_s.arg(i)},
                {"run_type"_L1, u"chain"_s},
                {"session_name"_L1, u"production-rag"_s},
                {"start_time"_L1, Timestamp::now().toIso()},
                {"end_time"_L1, Timestamp::now().toIso()},
                {"extra"_L1,
                 QJsonObject{{"metadata"_L1, QJsonObject{{"eval_score"_L1, i < 4 ? 0.2 : 0.9}}}}}});
        }
        ASSERT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"post"_L1, post}}).status, 202);
        project =
            srv().get(u"/sessions?name=production-rag"_s).array().at(0).toObject().value("id"_L1).toString();
        api = std::make_unique<client::ApiClient>(QUrl(srv().baseUrl()), ServerHarness::kAdminKey);
    }

    Uuid makeQueue(const QString &name)
    {
        return *Uuid::parse(srv()
                                .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, name}})
                                .object()
                                .value("id"_L1)
                                .toString());
    }
};

} // namespace

TEST_P(LeadModels, QueuesListWithTheirSizesAndAreSavedAndDeleted)
{
    client::LeadQueueListModel queues(*api);
    QAbstractItemModelTester tester(&queues, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy loaded(&queues, &client::LeadQueueListModel::loaded);
    const Uuid b = makeQueue(u"b second"_s);
    makeQueue(u"a first"_s);
    ASSERT_EQ(
        srv().post(u"/annotation-queues/%1/runs"_s.arg(b.toString()), QJsonArray{low[0], low[1]}).status,
        200);
    queues.reload();
    ASSERT_TRUE(loaded.wait(10000));
    ASSERT_EQ(queues.rowCount(), 2);
    EXPECT_EQ(queues.index(0).data(client::LeadQueueListModel::NameRole).toString(), u"a first"_s);
    EXPECT_EQ(queues.rowAt(1).items, 2);

    // Saved with a rubric: the version moves on; the details count items and answers.
    auto details =
        answer<Result<client::QueueDetails>>([&](auto done) { client::loadQueueDetails(*api, b, done); });
    ASSERT_TRUE(details && details->ok());
    EXPECT_EQ((*details)->items, 2);
    EXPECT_EQ((*details)->answers, 0);
    Queue edited = (*details)->queue;
    auto rubric = parseRubric(
        QJsonDocument::fromJson(
            R"({"fields":[{"name":"overall_quality","type":"categorical","options":["good","bad"],"required":true}]})")
            .object());
    ASSERT_TRUE(rubric.ok());
    edited.rubric.fields = rubric->fields;
    auto saved = answer<Result<Queue>>([&](auto done) { client::saveQueue(*api, edited, false, done); });
    ASSERT_TRUE(saved && saved->ok()) << (saved ? saved->error().message.toStdString() : "no answer");
    EXPECT_EQ((*saved)->rubric.version, (*details)->queue.rubric.version + 1);
    EXPECT_EQ((*saved)->rubric.fields, rubric->fields);
    // A rubric the server refuses says why.
    edited.rubric.fields[0].options.removeLast();
    auto refused = answer<Result<Queue>>([&](auto done) { client::saveQueue(*api, edited, false, done); });
    ASSERT_TRUE(refused && !refused->ok());
    EXPECT_TRUE((*refused).error().message.contains(u"at least two options"_s))
        << refused->error().message.toStdString();

    auto deleted = answer<Status>([&](auto done) { client::deleteQueue(*api, b, done); });
    ASSERT_TRUE(deleted && deleted->ok());
    queues.reload();
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_EQ(queues.rowCount(), 1);
}

TEST_P(LeadModels, RulesWithCountersDryRunsAndABackfillFollowedToTheEnd)
{
    const Uuid queue = makeQueue(u"low scores"_s);
    const Uuid other = makeQueue(u"other"_s);
    RoutingRule draft;
    draft.name = u"Low eval scores"_s;
    draft.queueId = queue;
    draft.filter = u"metadata.eval_score < 0.5"_s;
    auto dry =
        answer<Result<client::DryRunResult>>([&](auto done) { client::dryRunRule(*api, draft, 1000, done); });
    ASSERT_TRUE(dry && dry->ok());
    EXPECT_EQ((*dry)->evaluated, 10);
    EXPECT_EQ((*dry)->wouldAdd, 4);
    EXPECT_EQ((*dry)->runs.size(), 4);
    EXPECT_EQ((*dry)->summary(), u"Would add 4 of the last 10 runs (0 already queued)."_s);
    // One of them queued: still listed, marked, and no longer counted as added.
    ASSERT_EQ(srv().post(u"/annotation-queues/%1/runs"_s.arg(queue.toString()), QJsonArray{low[0]}).status,
              200);
    dry =
        answer<Result<client::DryRunResult>>([&](auto done) { client::dryRunRule(*api, draft, 1000, done); });
    ASSERT_TRUE(dry && dry->ok());
    EXPECT_EQ((*dry)->wouldAdd, 3);
    ASSERT_EQ((*dry)->runs.size(), 4);
    int marked = 0;
    for (const client::DryRunRun &run : (*dry)->runs)
        marked += run.alreadyQueued && run.id.toString() == low[0] ? 1 : run.alreadyQueued ? 100 : 0;
    EXPECT_EQ(marked, 1) << "exactly the queued run is marked";
    ASSERT_EQ(srv()
                  .post(u"/annotation-queues/%1/runs/delete"_s.arg(queue.toString()),
                        QJsonObject{{"run_ids"_L1, QJsonArray{low[0]}}})
                  .status,
              200);
    draft.filter = u"metadata.eval_score <"_s;
    auto bad =
        answer<Result<client::DryRunResult>>([&](auto done) { client::dryRunRule(*api, draft, 1000, done); });
    ASSERT_TRUE(bad && !bad->ok());
    EXPECT_TRUE(bad->error().message.startsWith(u"filter:1:"_s)) << bad->error().message.toStdString();
    draft.filter = u"metadata.eval_score < 0.5"_s;

    auto saved = answer<Result<RoutingRule>>([&](auto done) { client::saveRule(*api, draft, done); });
    ASSERT_TRUE(saved && saved->ok());
    RoutingRule elsewhere = draft;
    elsewhere.queueId = other;
    ASSERT_TRUE(answer<Result<RoutingRule>>([&](auto done) { client::saveRule(*api, elsewhere, done); }));

    client::RuleListModel rules(*api);
    QAbstractItemModelTester tester(&rules, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy loaded(&rules, &client::RuleListModel::loaded);
    rules.setQueue(queue);
    ASSERT_TRUE(loaded.wait(10000));
    ASSERT_EQ(rules.rowCount(), 1) << "the rules of this queue only";
    EXPECT_EQ(rules.index(0, client::RuleListModel::Sampling).data().toString(), u"100 %"_s);
    EXPECT_EQ(rules.index(0, client::RuleListModel::Enabled).data().toString(), u"on"_s);

    // A backfill, followed until the server's job is done.
    client::BackfillJob job(*api, 50);
    QSignalSpy finished(&job, &client::BackfillJob::finished);
    QSignalSpy progress(&job, &client::BackfillJob::progress);
    job.start((*saved)->id, QDateTime::currentDateTimeUtc().addDays(-1));
    ASSERT_TRUE(finished.wait(20000));
    EXPECT_TRUE(finished.at(0).at(0).toBool()) << finished.at(0).at(1).toString().toStdString();
    EXPECT_EQ(finished.at(0).at(1).toString(), u"Backfill done: 3 run(s) added."_s);
    ASSERT_FALSE(progress.isEmpty());
    EXPECT_EQ(progress.last().at(2).toLongLong(), 3); // the run taken out above is not routed back
    EXPECT_EQ(
        srv().get(u"/annotation-queues/%1/total_size"_s.arg(queue.toString())).object().value("size"_L1), 3);

    rules.reload();
    ASSERT_TRUE(loaded.wait(10000));
    auto off = answer<Status>([&](auto done) { client::setRuleEnabled(*api, (*saved)->id, false, done); });
    ASSERT_TRUE(off && off->ok());
    rules.reload();
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_EQ(rules.index(0, client::RuleListModel::Enabled).data().toString(), u"off"_s);
    auto gone = answer<Status>([&](auto done) { client::deleteRule(*api, (*saved)->id, done); });
    ASSERT_TRUE(gone && gone->ok());
    rules.reload();
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_EQ(rules.rowCount(), 0);
}

TEST_P(LeadModels, PeopleAreInvitedAssignedDisabledAndGivenANewKey)
{
    const Uuid queue = makeQueue(u"review"_s);
    const Uuid other = makeQueue(u"elsewhere"_s);
    auto invited = answer<Result<client::Invited>>([&](auto done) {
        client::invitePerson(*api, u" Rey "_s, u"rey@example.com"_s, u"reviewer"_s, {queue}, done);
    });
    ASSERT_TRUE(invited && invited->ok()) << (invited ? invited->error().message.toStdString() : "no answer");
    const client::Invitation invitation = (*invited)->invitation;
    EXPECT_EQ(invitation.name, u"Rey"_s);
    EXPECT_EQ(invitation.server, srv().baseUrl());
    // The key works, as that reviewer, for their queue only.
    EXPECT_EQ(srv()
                  .request("GET", u"/review/me"_s, {}, invitation.key)
                  .object()
                  .value("queues"_L1)
                  .toArray()
                  .size(),
              1);

    client::UserListModel users(*api);
    QAbstractItemModelTester tester(&users, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy loaded(&users, &client::UserListModel::loaded);
    users.reload();
    ASSERT_TRUE(loaded.wait(10000));
    const int rey = users.rowOf((*invited)->userId);
    ASSERT_GE(rey, 0);
    EXPECT_EQ(users.index(rey).data().toString(), u"Rey — reviewer"_s);

    auto assigned = answer<Result<QSet<Uuid>>>([&](auto done) {
        client::assignedQueues(*api, (*invited)->userId, {queue, other}, done);
    });
    ASSERT_TRUE(assigned && assigned->ok());
    EXPECT_EQ(**assigned, QSet<Uuid>{queue});
    ASSERT_TRUE(answer<Status>([&](auto done) {
                    client::setAssigned(*api, other, (*invited)->userId, true, done);
                })->ok());
    ASSERT_TRUE(answer<Status>([&](auto done) {
                    client::setAssigned(*api, queue, (*invited)->userId, false, done);
                })->ok());
    assigned = answer<Result<QSet<Uuid>>>([&](auto done) {
        client::assignedQueues(*api, (*invited)->userId, {queue, other}, done);
    });
    EXPECT_EQ(**assigned, QSet<Uuid>{other});

    // A new key: the old one stops working, the new one works.
    auto rotated = answer<Result<client::Invitation>>(
        [&](auto done) { client::rotateKey(*api, (*invited)->userId, done); });
    ASSERT_TRUE(rotated && rotated->ok());
    EXPECT_NE((*rotated)->key, invitation.key);
    EXPECT_EQ(srv().request("GET", u"/review/me"_s, {}, invitation.key).status, 401);
    EXPECT_EQ(srv().request("GET", u"/review/me"_s, {}, (*rotated)->key).status, 200);

    // Disabled: no key of theirs works; enabled again: it does.
    ASSERT_TRUE(
        answer<Status>([&](auto done) { client::setDisabled(*api, (*invited)->userId, true, done); })->ok());
    EXPECT_EQ(srv().request("GET", u"/review/me"_s, {}, (*rotated)->key).status, 401);
    users.reload();
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_TRUE(users.index(rey).data(client::UserListModel::DisabledRole).toBool());
    ASSERT_TRUE(
        answer<Status>([&](auto done) { client::setDisabled(*api, (*invited)->userId, false, done); })->ok());
    EXPECT_EQ(srv().request("GET", u"/review/me"_s, {}, (*rotated)->key).status, 200);
    // Every step is in the audit log.
    QStringList actions;
    for (const QJsonValue &e : srv().get(u"/audit?limit=1000"_s).array())
        actions.append(e.toObject().value("entity"_L1).toString() + u'.' +
                       e.toObject().value("action"_L1).toString());
    const QString log = actions.join(u' ');
    for (const char *expected : {"user.create", "api_key.create", "queue.assign_reviewer",
                                 "queue.unassign_reviewer", "api_key.revoke", "user.disable", "user.enable"})
        EXPECT_TRUE(log.contains(QLatin1StringView(expected))) << expected << " in " << log.toStdString();
    // A name already taken is refused in words.
    auto twice = answer<Result<client::Invited>>(
        [&](auto done) { client::invitePerson(*api, u"Rey"_s, {}, u"reviewer"_s, {}, done); });
    ASSERT_TRUE(twice && !twice->ok());
    EXPECT_TRUE(twice->error().message.startsWith(u"name:"_s)) << twice->error().message.toStdString();
}

TEST_P(LeadModels, RunsAreAddedByHandOnceWithTheirReason)
{
    const Uuid queue = makeQueue(u"review"_s);
    client::RunTableQuery query{*Uuid::parse(project), u"metadata.eval_score < 0.5"_s};
    auto counted = answer<Result<client::MatchCount>>(
        [&](auto done) { client::countMatching(*api, queue, query, done); });
    ASSERT_TRUE(counted && counted->ok());
    EXPECT_EQ((*counted)->matching, 4);
    EXPECT_EQ((*counted)->alreadyQueued, 0);
    ASSERT_EQ((*counted)->toAdd.size(), 4);
    const QList<Uuid> two = (*counted)->toAdd.mid(0, 2);
    auto added = answer<Result<client::AddOutcome>>(
        [&](auto done) { client::addRunsToQueue(*api, queue, two, u"looks wrong"_s, done); });
    ASSERT_TRUE(added && added->ok());
    EXPECT_EQ((*added)->added, 2);
    added = answer<Result<client::AddOutcome>>(
        [&](auto done) { client::addRunsToQueue(*api, queue, (*counted)->toAdd, QString(), done); });
    EXPECT_EQ((*added)->added, 2);
    EXPECT_EQ((*added)->alreadyQueued, 2);
    EXPECT_EQ((*added)->summary(u"review"_s),
              u"2 run(s) added to “review”. 2 run(s) were already in it and were not added again."_s);
    const QJsonArray items = srv().get(u"/annotation-queues/%1/runs"_s.arg(queue.toString())).array();
    ASSERT_EQ(items.size(), 4);
    EXPECT_EQ(items.at(0).toObject().value("reason"_L1).toString(), u"looks wrong"_s);
}

ASSAY_SERVER_TEST_SUITE(LeadModels);
