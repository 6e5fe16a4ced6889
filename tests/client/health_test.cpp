// The Health page's sums without a window: the health JSON read (a new queue's nulls stay "none"), the
// planner's what-if, days of backlog per day, the alarms shown, and CSV that a strict reader gets back.

#include "health/queuehealthdata.h"
#include "health/reviewerhealthmodel.h"
#include "health/tablecsv.h"
#include "strictcsv.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardItemModel>

#include <gtest/gtest.h>

using namespace assay::client;
using assay::test::readCsvStrictly;
using namespace Qt::StringLiterals;

namespace {

QueueHealthData plannerCase()
{
    QueueHealthData h;
    h.arrivalsPerDay = 100; // 80 of them by two rules, 20 by hand
    h.reviewersNeeded = 2;
    h.secondsPerAnswer = 90;
    h.rules = {{u"r1"_s, u"low score"_s, 0.5, 60}, {u"r2"_s, u"thumbs down"_s, 1.0, 20}};
    return h;
}

} // namespace

TEST(HealthPlanner, AnotherRateScalesOnlyThatRulesItems)
{
    const QueueHealthData h = plannerCase();
    // now: 100 items × 2 reviewers × 90 s = 5 h
    EXPECT_DOUBLE_EQ(*plannedReviewerHours(h, {}), 5.0);
    // r1 from 50 % to 10 %: its 60 items become 12 → 52 items → 2.6 h
    EXPECT_DOUBLE_EQ(*plannedReviewerHours(h, {{u"r1"_s, 0.1}}), 2.6);
    // both doubled where they can be: r1 to 100 % (120), r2 stays 100 % (20) → 160 items → 8 h
    EXPECT_DOUBLE_EQ(*plannedReviewerHours(h, {{u"r1"_s, 1.0}, {u"r2"_s, 1.0}}), 8.0);
    EXPECT_DOUBLE_EQ(*plannedReviewerHours(h, {{u"r1"_s, 0.0}, {u"r2"_s, 0.0}}), 1.0); // the 20 by hand
    QueueHealthData untimed = h;
    untimed.secondsPerAnswer.reset();
    EXPECT_FALSE(plannedReviewerHours(untimed, {}).has_value());
}

TEST(HealthPlanner, ADraftRulesShareOfTheRunsAtTheQueuesPace)
{
    QueueHealthData h = plannerCase();
    h.runsPerDay = 10000;
    // 37 of the last 1,000 runs: 370 items a day × 2 reviewers × 90 s = 18.5 h
    const DraftRuleCost cost = draftRuleCost(h, 1000, 37);
    EXPECT_DOUBLE_EQ(cost.itemsPerDay, 370.0);
    EXPECT_DOUBLE_EQ(*cost.reviewerHoursPerDay, 18.5);
    EXPECT_DOUBLE_EQ(draftRuleCost(h, 0, 0).itemsPerDay, 0.0); // nothing evaluated: nothing known
    h.secondsPerAnswer.reset();
    EXPECT_FALSE(draftRuleCost(h, 1000, 37).reviewerHoursPerDay.has_value());
}

TEST(HealthBacklog, DaysOfBacklogPerDayOverTheTrailingWeek)
{
    QList<HealthDay> days;
    for (int d = 0; d < 10; ++d)
        days.append(
            {QDate(2026, 12, 1).addDays(d), /*depth*/ d < 2 ? 0 : 14, 0, /*completions*/ d == 3 ? 7 : 0});
    const auto backlog = backlogDaysPerDay(days);
    ASSERT_EQ(backlog.size(), 10);
    EXPECT_EQ(backlog[0], 0.0);           // nothing open
    EXPECT_FALSE(backlog[2].has_value()); // open, nothing completed yet
    EXPECT_DOUBLE_EQ(*backlog[3], 14.0);  // 7 completed in the week: 1 a day
    EXPECT_DOUBLE_EQ(*backlog[9], 14.0);  // day 3 is still in the week ending on day 9
    days.append({QDate(2026, 12, 11), 14, 0, 0});
    EXPECT_FALSE(backlogDaysPerDay(days)[10].has_value()); // day 3 has left the week
}

TEST(HealthJson, ANewQueuesNullsAndTheAlarmsShown)
{
    const QJsonObject json = QJsonDocument::fromJson(R"({
        "depth": 5, "reviewers_needed": 1,
        "backlog": {"days": null, "completions_per_day": 0, "alarm_days": 3, "alarm": true, "advice": "Tighten."},
        "throughput": {"seconds_per_answer": null, "answers_per_reviewer_hour": null},
        "planner": {"runs_per_day": 10, "arrivals_per_day": 5, "routed_per_day": 0, "reviewer_hours_per_day": null,
                    "rules": []},
        "days": [{"date": "2026-12-04", "depth": 5, "arrivals": 5, "completions": 0}],
        "reviewers": [{"reviewer": "u1", "name": "ann", "today": 1, "this_week": 2, "total": 3, "pending": 4,
                       "median_seconds": null, "odd_one_out": {"multi_review_items": 0, "times": 0}}],
        "calibration": {"reminder": true, "advice": "Run a round."},
        "freshness": {"note": null}})")
                                 .object();
    auto h = parseQueueHealth(json);
    ASSERT_TRUE(bool(h)) << h.error().message.toStdString();
    EXPECT_FALSE(h->backlogDays.has_value());
    EXPECT_FALSE(h->secondsPerAnswer.has_value());
    EXPECT_EQ(h->days.value(0).date, QDate(2026, 12, 4));
    EXPECT_EQ(healthAlarms(*h), QStringList({u"Tighten."_s, u"Run a round."_s}));
    EXPECT_FALSE(bool(parseQueueHealth(QJsonObject{{u"detail"_s, u"nope"_s}})));

    ReviewerHealthModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setReviewers(h->reviewers);
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.index(0, ReviewerHealthModel::Pending).data().toInt(), 4);
    EXPECT_EQ(model.index(0, ReviewerHealthModel::MedianSeconds).data().toString(), u"—");
}

TEST(TableCsv, QuotesCommasQuotesAndLineBreaksAndReadsBack)
{
    QStandardItemModel model(2, 3);
    model.setHorizontalHeaderLabels({u"name"_s, u"note, with comma"_s, u"quote \" inside"_s});
    const QList<QStringList> rows{{u"ann"_s, u"line one\nline two"_s, u"👍 \"yes\""_s},
                                  {u""_s, u"cr\r"_s, u"plain"_s}};
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 3; ++c)
            model.setItem(r, c, new QStandardItem(rows[r][c]));
    const QString csv = tableToCsv(model);
    EXPECT_TRUE(csv.endsWith(u"\r\n"_s));
    EXPECT_TRUE(csv.startsWith(u"name,\"note, with comma\",\"quote \"\" inside\"\r\n"_s))
        << csv.toStdString();
    const QList<QStringList> back = readCsvStrictly(csv);
    ASSERT_EQ(back.size(), 3);
    EXPECT_EQ(back[0], QStringList({u"name"_s, u"note, with comma"_s, u"quote \" inside"_s}));
    EXPECT_EQ(back[1], rows[0]);
    EXPECT_EQ(back[2], rows[1]);
}
