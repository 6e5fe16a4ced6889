// The services without HTTP: what the REST routes and the CLI share is usable with a Store and a
// Principal alone, and its outcomes are typed (refusals with the field, answer statuses and flags).

#include "serverharness.h"

#include "services/queueservice.h"
#include "services/reviewservice.h"
#include "services/ruleservice.h"

#include <QJsonDocument>

#include <printers.h>

using namespace assay;
using namespace assay::server;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class Services : public StoreTestBase {
protected:
    void SetUp() override
    {
        StoreTestBase::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        ASSERT_TRUE(store->begin().ok());
        lead = {u"user-lead"_s, u"key-lead"_s, u"user-lead"_s, u"member"_s, {}, u"Lead"_s};
        const QJsonObject body = QJsonDocument::fromJson(R"({"name":"review","rubric":{"fields":[
            {"name":"overall_quality","type":"categorical","options":["good","bad"],"required":true}]}})")
                                     .object();
        auto write = parseQueueWrite(body, true);
        ASSERT_TRUE(write.ok());
        auto created = QueueService(*store, lead, Uuid::v7()).create(*write);
        ASSERT_TRUE(created.ok() && created->done());
        queue = created->value;
        QList<assay::Run> runs;
        for (int i = 0; i < 3; ++i) {
            assay::Run r = rootRun(u"run %1"_s.arg(i), Timestamp::now());
            r.sessionId = *store->projectIdForName(u"default"_s);
            runs.append(r);
            runIds.append(r.id);
        }
        ASSERT_TRUE(store->upsertRuns(runs).ok());
        auto added = QueueService(*store, lead, Uuid::v7()).addRuns(queue, runIds, u"low score"_s);
        ASSERT_TRUE(added.ok());
        ASSERT_EQ(added->size(), 3);
        reviewer = {u"user-ann"_s, u"key-ann"_s, u"user-ann"_s, u"reviewer"_s, {queue.id.toString()}, u"Ann"_s};
        ASSERT_TRUE(store->assignReviewer(queue.id, reviewer.id).ok());
    }
    void TearDown() override
    {
        if (store)
            store->rollback();
        StoreTestBase::TearDown();
    }

    Annotation answer(const Uuid &runId, const QString &quality, const Timestamp &at)
    {
        Annotation a;
        a.id = Uuid::v7();
        a.queueId = queue.id;
        a.runId = runId;
        a.rubricVersion = queue.rubric.version;
        a.values = QJsonObject{{"overall_quality"_L1, quality}};
        a.submittedAt = at;
        return a;
    }

    Principal lead, reviewer;
    Queue queue;
    QList<Uuid> runIds;
};

} // namespace

TEST_P(Services, CheckoutRefusesWithTheFieldAndHidesOthersQueues)
{
    ReviewService review(*store, reviewer);
    auto tooMany = review.checkout({queue.id, 501, 60, std::nullopt});
    ASSERT_TRUE(tooMany.ok());
    EXPECT_EQ(tooMany->refusal, Refusal::Invalid);
    EXPECT_EQ(tooMany->error.where, u"count"_s);

    const Principal stranger{u"user-x"_s, u"key-x"_s, u"user-x"_s, u"reviewer"_s, {}, u"X"_s};
    auto hidden = ReviewService(*store, stranger).checkout({queue.id, 5, 60, std::nullopt});
    ASSERT_TRUE(hidden.ok());
    EXPECT_EQ(hidden->refusal, Refusal::Unknown) << "another's queue answers as missing";

    auto taken = review.checkout({queue.id, 2, 60, std::nullopt});
    ASSERT_TRUE(taken.ok());
    ASSERT_TRUE(taken->done());
    ASSERT_EQ(taken->value.items.size(), 2);
    EXPECT_EQ(taken->value.items.at(0).item.reason, u"low score"_s);
    auto rest = review.checkout({queue.id, 5, 60, taken->value.items.last().item.id});
    ASSERT_TRUE(rest.ok() && rest->done());
    ASSERT_EQ(rest->value.items.size(), 1) << "the page after the first starts after it";
}

TEST_P(Services, AnswersComeBackAsTypedOutcomes)
{
    ReviewService review(*store, reviewer);
    auto taken = review.checkout({queue.id, 1, 60, std::nullopt});
    ASSERT_TRUE(taken.ok() && taken->done());
    const Uuid leased = taken->value.items.at(0).run.id;
    const Uuid notLeased = leased == runIds.at(0) ? runIds.at(1) : runIds.at(0);
    const Timestamp now = Timestamp::now();

    const Annotation good = answer(leased, u"good"_s, now);
    const Annotation older = answer(leased, u"bad"_s, Timestamp::fromMicros(now.micros() - 1000));
    const Annotation invalid = answer(notLeased, u"great"_s, now);
    const Annotation elsewhere = answer(Uuid::v7(), u"good"_s, now);
    auto outcomes = review.submit({{good, good.id, {}},
                                   {good, good.id, {}},
                                   {older, older.id, {}},
                                   {invalid, invalid.id, {}},
                                   {elsewhere, elsewhere.id, {}},
                                   {std::nullopt, Uuid(), {u"annotations[5]: expected an object"_s}}});
    ASSERT_TRUE(outcomes.ok()) << outcomes.error().toString().toStdString();
    ASSERT_EQ(outcomes->size(), 6);
    EXPECT_EQ(outcomes->at(0).status, AnswerStatus::Applied);
    EXPECT_TRUE(outcomes->at(0).flags.isEmpty()) << "leased, current rubric, still queued";
    EXPECT_EQ(outcomes->at(1).status, AnswerStatus::Duplicate);
    EXPECT_EQ(outcomes->at(2).status, AnswerStatus::Superseded)
        << "an earlier answer does not replace a later";
    EXPECT_EQ(outcomes->at(3).status, AnswerStatus::Rejected);
    ASSERT_EQ(outcomes->at(3).errors.size(), 1);
    EXPECT_TRUE(outcomes->at(3).errors.at(0).startsWith(u"overall_quality"_s))
        << outcomes->at(3).errors.at(0).toStdString();
    EXPECT_EQ(outcomes->at(4).status, AnswerStatus::Rejected);
    EXPECT_TRUE(outcomes->at(4).errors.at(0).startsWith(u"run_id: "_s));
    EXPECT_EQ(outcomes->at(5).status, AnswerStatus::Rejected);
    EXPECT_TRUE(outcomes->at(5).id.isNull());

    const Annotation late = answer(notLeased, u"bad"_s, now);
    auto lateOutcome = review.submit({{late, late.id, {}}});
    ASSERT_TRUE(lateOutcome.ok());
    EXPECT_EQ(lateOutcome->at(0).flags, QStringList{QString(answerflag::kLate)});

    // The codec both ends share reads back what the server writes.
    for (const AnswerOutcome &o : std::as_const(*outcomes)) {
        if (o.id.isNull())
            continue;
        auto read = answerOutcomeFromJson(answerOutcomeToJson(o), u"results[0]"_s);
        ASSERT_TRUE(read.ok());
        EXPECT_EQ(read->status, o.status);
        EXPECT_EQ(read->errors, o.errors);
        EXPECT_EQ(read->flags, o.flags);
    }
}

TEST_P(Services, ARubricChangeIsANewVersionOnTheFeedAndEveryChangeIsAudited)
{
    auto lastSeq = store->lastReviewEventSeq();
    ASSERT_TRUE(lastSeq.ok());
    QueueWrite rename;
    rename.name = u"renamed"_s;
    auto renamed = QueueService(*store, lead, Uuid::v7()).update(queue, rename);
    ASSERT_TRUE(renamed.ok() && renamed->done());
    EXPECT_EQ(renamed->value.rubric.version, 1) << "a name is not a rubric change";
    auto write = parseQueueWrite(QJsonObject{{"rubric_instructions"_L1, u"read the context first"_s}}, false);
    ASSERT_TRUE(write.ok());
    auto changed = QueueService(*store, lead, Uuid::v7()).update(renamed->value, *write);
    ASSERT_TRUE(changed.ok() && changed->done());
    EXPECT_EQ(changed->value.rubric.version, 2);
    auto events = store->reviewEvents(*lastSeq, {}, reviewer.id, 10);
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->size(), 1) << "only the rubric change goes on the reviewers' feed";
    EXPECT_EQ(events->at(0).kind, u"rubric_changed"_s);

    auto missing = QueueService(*store, lead, Uuid::v7()).removeRun(queue, Uuid::v7());
    ASSERT_TRUE(missing.ok());
    EXPECT_EQ(missing->refusal, Refusal::Unknown);

    auto audit = store->auditEntries(0, 100);
    ASSERT_TRUE(audit.ok());
    QStringList actions;
    for (const AuditEntry &e : std::as_const(*audit))
        actions.append(e.actor + u' ' + e.action + u' ' + e.entity);
    EXPECT_EQ(actions.count(u"user:user-lead create queue"_s), 1) << actions.join(u", ").toStdString();
    EXPECT_EQ(actions.count(u"user:user-lead add queue_item"_s), 3);
    EXPECT_EQ(actions.count(u"user:user-lead update queue"_s), 2);
}

TEST_P(Services, RulesRouteIntoQueuesThatExistAndADryRunNamesWhatIsWrong)
{
    RuleService rules(*store, lead);
    RoutingRule draft;
    draft.name = u"low scores"_s;
    draft.queueId = Uuid::v7();
    draft.filter = u"lt(metadata.eval_score, 0.5)"_s;
    auto nowhere = rules.create(draft);
    ASSERT_TRUE(nowhere.ok());
    EXPECT_EQ(nowhere->refusal, Refusal::Unknown);
    EXPECT_EQ(nowhere->error.where, u"queue_id"_s);

    draft.queueId = queue.id;
    auto created = rules.create(draft);
    ASSERT_TRUE(created.ok() && created->done());
    EXPECT_FALSE(created->value.id.isNull());
    auto again = rules.create(created->value);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->refusal, Refusal::Conflict);

    RoutingRule moved = created->value;
    moved.queueId = Uuid::v7();
    auto update = rules.update(created->value, moved);
    ASSERT_TRUE(update.ok());
    EXPECT_EQ(update->refusal, Refusal::Unknown) << "a rule cannot be moved to a queue that does not exist";

    auto badRate = rules.dryRun({u"eq(name, \"x\")"_s, 1.5, 10, std::nullopt, std::nullopt});
    ASSERT_TRUE(badRate.ok());
    EXPECT_EQ(badRate->error.where, u"sampling_rate"_s);
    auto badFilter = rules.dryRun({u"eq(name, "_s, 1, 10, std::nullopt, std::nullopt});
    ASSERT_TRUE(badFilter.ok());
    EXPECT_EQ(badFilter->refusal, Refusal::Invalid);
    EXPECT_TRUE(badFilter->error.where.startsWith(u"filter:"_s)) << badFilter->error.where.toStdString();

    // The three runs are complete only once they end: give them an end, then ask.
    auto stored = store->runsByIds(runIds);
    ASSERT_TRUE(stored.ok());
    QList<assay::Run> ended;
    for (assay::Run r : std::as_const(*stored)) {
        r.endTime = Timestamp::now();
        ended.append(r);
    }
    ASSERT_TRUE(store->upsertRuns(ended).ok());
    auto preview = rules.dryRun({u"eq(name, \"run 1\")"_s, 1, 10, queue.id, std::nullopt});
    ASSERT_TRUE(preview.ok() && preview->done());
    EXPECT_EQ(preview->value.evaluated, 3);
    EXPECT_EQ(preview->value.matched, 1);
    EXPECT_EQ(preview->value.alreadyQueued, 1) << "the fixture queued every run";
    EXPECT_EQ(preview->value.wouldAdd(), 0);

    auto audit = store->auditEntries(0, 100);
    ASSERT_TRUE(audit.ok());
    qsizetype ruleEntries = 0;
    for (const AuditEntry &e : std::as_const(*audit))
        ruleEntries += e.entity == u"routing_rule"_s && e.action == u"create"_s;
    EXPECT_EQ(ruleEntries, 1) << "refused changes leave no entry";
}

INSTANTIATE_TEST_SUITE_P(Db, Services, ::testing::Values(Dialect::Sqlite, Dialect::Postgres), dialectName);
