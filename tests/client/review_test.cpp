// Reviewing a queue from the local store: the first item to review comes on screen, a submit names the
// item it is for and is refused for another, an incomplete form names what is missing and saves
// nothing, drafts survive moving between items, skipped items come last, a rejected answer is fixed in
// place, and the pace counts only committed answers.

#include "review/reviewsession.h"

#include "cachedstore.h"

#include <printers.h>

#include <QSignalSpy>

using namespace assay;
using namespace assay::client;
using namespace assay::client::test;
using namespace Qt::StringLiterals;

namespace {

class Review : public CachedStoreTest {
protected:
    Review() { withRuns = true; }

    void fillForm(ReviewSession &s, const QString &quality = u"good"_s)
    {
        RubricFormModel &f = s.form();
        ASSERT_TRUE(f.setData(f.index(0), quality));
        ASSERT_TRUE(f.setData(f.index(1), 0.8));
    }
};

} // namespace

TEST_F(Review, OpensOnTheFirstItemToReviewWithItsRunReadyToShow)
{
    ASSERT_TRUE(store->work().saveAnswer(answer(runs[0])).ok());
    ReviewSession s(*store);
    ASSERT_TRUE(s.open(queueId).ok());
    EXPECT_EQ(s.currentRow(), 1) << "the first item is answered already";
    EXPECT_EQ(s.currentRunId(), runs[1]);
    EXPECT_EQ(s.queue().name, u"Support answers"_s);
    EXPECT_EQ(s.toReviewCount(), 4);
    const RunPresentation &p = s.presentation();
    EXPECT_EQ(p.systemPrompt, u"You are a support assistant. Answer only from the context."_s);
    ASSERT_EQ(p.messages.size(), 1);
    EXPECT_EQ(p.messages[0].role, u"user"_s);
    EXPECT_EQ(p.context.size(), 3);
    EXPECT_FALSE(p.output.isEmpty());
    EXPECT_EQ(s.runTree().rowCount(), 1);
}

TEST_F(Review, AnIncompleteFormNamesTheMissingFieldAndSavesNothing)
{
    ReviewSession s(*store);
    ASSERT_TRUE(s.open(queueId).ok());
    s.form().setData(s.form().index(1), 0.5);
    const SubmitResult r = s.submit(*s.currentRunId(), true);
    EXPECT_EQ(r.kind, SubmitResult::Kind::Invalid);
    ASSERT_FALSE(r.report.ok());
    EXPECT_TRUE(r.report.errors.first().toString().contains(u"overall_quality"_s))
        << r.report.errors.first().toString().toStdString();
    EXPECT_EQ(*store->work().count(AnswerState::Unsent), 0);
    EXPECT_EQ(s.currentRunId(), runs[0]) << "nothing moves on";
}

TEST_F(Review, ASubmitIsForTheItemThatWasOnScreen)
{
    ReviewSession s(*store);
    ASSERT_TRUE(s.open(queueId).ok());
    const Uuid pressedOn = *s.currentRunId();
    ASSERT_TRUE(s.next().ok()); // another item came on screen before the submit was handled
    fillForm(s);
    EXPECT_EQ(s.submit(pressedOn, true).kind, SubmitResult::Kind::WrongItem);
    EXPECT_EQ(*store->work().count(AnswerState::Unsent), 0);

    QSignalSpy saved(&s, &ReviewSession::answerSaved);
    const SubmitResult r = s.submit(*s.currentRunId(), true);
    ASSERT_TRUE(r.ok()) << r.message.toStdString();
    ASSERT_EQ(saved.size(), 1);
    EXPECT_EQ(saved.at(0).at(0).value<Uuid>(), runs[1]);
    auto stored = store->work().latestAnswerFor(queueId, runs[1]);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_EQ((*stored)->annotation.values.value("overall_quality"_L1).toString(), u"good"_s);
    EXPECT_EQ((*stored)->annotation.rubricVersion, 3);
    EXPECT_EQ(s.items().rowAt(1).status, ItemStatus::Unsent);
    EXPECT_EQ(s.currentRunId(), runs[2]) << "submit and go on: the next item to review";
    EXPECT_EQ(s.pace().reviewed(), 1);
}

TEST_F(Review, WhatWasTypedSurvivesMovingAwayAndBack)
{
    ReviewSession s(*store);
    ASSERT_TRUE(s.open(queueId).ok());
    s.form().setData(s.form().index(2), u"cites the wrong article"_s);
    ASSERT_TRUE(s.next().ok());
    EXPECT_TRUE(s.form().values().isEmpty());
    ASSERT_TRUE(s.previous().ok());
    EXPECT_EQ(s.form().values().value("reviewer_note"_L1).toString(), u"cites the wrong article"_s);

    ReviewSession later(*store); // and a restart
    ASSERT_TRUE(later.open(queueId).ok());
    EXPECT_EQ(later.form().values().value("reviewer_note"_L1).toString(), u"cites the wrong article"_s);
}

TEST_F(Review, SkippedItemsComeAfterAllOthers)
{
    ReviewSession s(*store);
    ASSERT_TRUE(s.open(queueId).ok());
    ASSERT_TRUE(s.skip().ok());
    EXPECT_EQ(s.currentRunId(), runs[1]);
    QList<Uuid> order;
    QSignalSpy done(&s, &ReviewSession::queueDone);
    for (int i = 0; i < 5 && done.isEmpty(); ++i) {
        order.append(*s.currentRunId());
        fillForm(s);
        ASSERT_TRUE(s.submit(*s.currentRunId(), true).ok());
    }
    EXPECT_EQ(order, (QList<Uuid>{runs[1], runs[2], runs[3], runs[4], runs[0]}));
    EXPECT_EQ(done.size(), 1);
    EXPECT_EQ(s.toReviewCount(), 0);
}

TEST_F(Review, ARejectedAnswerIsFixedInPlace)
{
    Annotation first = answer(runs[0]);
    ASSERT_TRUE(store->work().saveAnswer(first).ok());
    ASSERT_TRUE(store->work()
                    .recordOutcomes({{first.id, AnswerStatus::Rejected, {u"groundedness: must be at most 1"_s}, {}}})
                    .ok());
    ReviewSession s(*store);
    ASSERT_TRUE(s.open(queueId).ok());
    ASSERT_TRUE(s.goTo(0).ok());
    EXPECT_EQ(s.currentStatus(), ItemStatus::NeedsAttention);
    EXPECT_EQ(s.currentErrors(), QStringList{u"groundedness: must be at most 1"_s});
    fillForm(s, u"bad"_s);
    ASSERT_TRUE(s.submit(runs[0], false).ok());
    auto fixed = store->work().answer(first.id);
    ASSERT_TRUE(fixed.ok() && fixed->has_value());
    EXPECT_EQ((*fixed)->state, AnswerState::Unsent);
    EXPECT_EQ((*fixed)->annotation.values.value("overall_quality"_L1).toString(), u"bad"_s);
    EXPECT_EQ(*store->work().count(AnswerState::NeedsAttention), 0);
    EXPECT_EQ(*store->work().count(AnswerState::Unsent), 1) << "the same answer, not a second one";
}

TEST(Pace, CountsTimeOnEachItemUpToTheIdleCap)
{
    PaceTracker pace;
    const qint64 t0 = Timestamp::now().micros();
    pace.itemShown(Timestamp::fromMicros(t0));
    EXPECT_DOUBLE_EQ(pace.answerSaved(Timestamp::fromMicros(t0 + 40'000'000)), 40);
    EXPECT_DOUBLE_EQ(pace.answerSaved(Timestamp::fromMicros(t0 + 40'000'000 + 3600'000'000LL)),
                     PaceTracker::kIdleCapSeconds);
    EXPECT_EQ(pace.reviewed(), 2);
    EXPECT_DOUBLE_EQ(pace.secondsPerItem(), (40 + PaceTracker::kIdleCapSeconds) / 2);
    EXPECT_DOUBLE_EQ(pace.itemsPerHour(), 2 * 3600 / (40 + PaceTracker::kIdleCapSeconds));
}
