// The lead's Health and Calibration pages against a real server: the demo queue's health (its alarm as a
// banner, the three charts, the planner answering another sampling rate, each reviewer's progress
// copied as CSV), and a calibration round run end to end from the Calibration page (started with a
// seed, answered blind by three reviewers over REST, closed after the question, its agreement and the
// items most disagreed on read from the tables).

#include "appfixture.h"

#include "calibration/calibrationpage.h"
#include "calibration/startrounddialog.h"
#include "health/healthpage.h"
#include "health/queuehealthdata.h"
#include "lead/leadarea.h"
#include "lead/queuepicker.h"
#include "reviewprogram.h"
#include "rules/ruleeditordialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class LeadHealth : public AppTest {
protected:
    QByteArray windowKey() const override { return ServerHarness::kAdminKey; }

    QString queueNamed(const QString &name)
    {
        return server->get(u"/annotation-queues?name="_s + name)
            .array()
            .at(0)
            .toObject()
            .value("id"_L1)
            .toString();
    }
};

QString cell(QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

} // namespace

TEST_F(LeadHealth, TheDemoQueuesBacklogAlarmChartsPlannerAndReviewers)
{
    // The demo reviewer answers two items, timed: the queue has a time per answer and a throughput.
    const QString queue = queueNamed(u"production-rag-review"_s);
    const QJsonArray items = server->get(u"/annotation-queues/%1/runs?limit=2"_s.arg(queue)).array();
    ASSERT_EQ(items.size(), 2);
    for (const QJsonValue &item : items)
        submitAnswer(*server, kReviewerKey, queue, item.toObject().value("id"_L1).toString(),
                     QJsonObject{{"overall_quality"_L1, u"good"_s}, {"groundedness"_L1, u"grounded"_s}},
                     Timestamp::now(), 45);

    app::LeadArea *lead = openLeadArea();
    ASSERT_NE(lead, nullptr);
    app::HealthPage *page = lead->health();
    lead->setCurrentWidget(page);
    ASSERT_TRUE(waitUntil([&] { return page->picker()->choose(*Uuid::parse(queue)); }));
    ASSERT_TRUE(waitUntil([&] { return page->health().reviewers.size() == 1; }, 10000));

    const client::QueueHealthData &h = page->health();
    EXPECT_EQ(h.depth, itemsInDemoQueue() - 2);
    EXPECT_TRUE(h.alarm) << "2 completions this week against the demo's open items";
    EXPECT_TRUE(page->banner()->isVisibleTo(page));
    EXPECT_TRUE(page->banner()->text().contains(u"Tighten the routing rules first"_s))
        << page->banner()->text().toStdString();
    EXPECT_TRUE(page->summary()->text().contains(QString::number(h.depth)))
        << page->summary()->text().toStdString();

    // Charts: the last two weeks of depth (the demo queue is a day old), arrivals against completions,
    // the reviewer's answers.
    ASSERT_EQ(page->charts().size(), 3);
    auto *depth = qobject_cast<QLineSeries *>(page->charts()[0]->chart()->series().value(0));
    ASSERT_NE(depth, nullptr);
    ASSERT_EQ(depth->count(), 14);
    EXPECT_EQ(qint64(depth->at(13).y()), h.depth);
    EXPECT_EQ(page->charts()[1]->chart()->series().size(), 2);
    EXPECT_EQ(page->charts()[2]->chart()->series().size(), 1);

    // The planner: the demo's four rules, and another rate for the one that routed the most.
    QTableWidget *planner = page->planner();
    ASSERT_EQ(planner->rowCount(), 4);
    int busiest = 0;
    for (int row = 1; row < h.rules.size(); ++row)
        if (h.rules[row].routedPerDay > h.rules[busiest].routedPerDay)
            busiest = row;
    ASSERT_GT(h.rules[busiest].routedPerDay, 0.0);
    const QString before = page->plannerResult()->text();
    auto *rate = qobject_cast<QDoubleSpinBox *>(planner->cellWidget(busiest, 3));
    ASSERT_NE(rate, nullptr);
    rate->setValue(10);
    const auto expected = client::plannedReviewerHours(h, {{h.rules[busiest].id, 0.1}});
    ASSERT_TRUE(expected.has_value());
    EXPECT_LT(*expected, *h.reviewerHoursPerDay);
    EXPECT_NE(page->plannerResult()->text(), before);
    EXPECT_TRUE(page->plannerResult()->text().endsWith(QLocale().toString(*expected, 'f', 2) + u"."_s))
        << page->plannerResult()->text().toStdString();

    // A draft rule's dry run says what it would cost at the queue's pace.
    RoutingRule draft;
    draft.queueId = *Uuid::parse(queue);
    draft.name = u"low scores"_s;
    draft.filter = u"metadata.eval_score < 0.5"_s;
    app::RuleEditorDialog editor(session->api(), draft);
    QSignalSpy costShown(&editor, &app::RuleEditorDialog::costShown);
    editor.dryRun();
    ASSERT_TRUE(waitUntil([&] { return costShown.count() == 1; }, 10000))
        << editor.dryRunSummary()->text().toStdString();
    const QString drySummary = editor.dryRunSummary()->text();
    EXPECT_TRUE(drySummary.startsWith(u"Would"_s)) << drySummary.toStdString();
    EXPECT_TRUE(drySummary.contains(u"reviewer-hours a day at the queue's pace (45 s per answer)"_s))
        << drySummary.toStdString();

    // Each reviewer's progress, as CSV.
    QAbstractItemModel *reviewers = page->reviewers()->model();
    QAbstractItemModelTester tester(reviewers, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ASSERT_EQ(reviewers->rowCount(), 1);
    EXPECT_EQ(cell(reviewers, 0, 1), u"2"); // today
    EXPECT_EQ(cell(reviewers, 0, 5), QLocale().toString(45.0, 'f', 1));
    page->copyReviewersAsCsv();
    const QStringList lines = QApplication::clipboard()->text().split(u"\r\n"_s);
    EXPECT_EQ(lines.value(0), u"Reviewer,Today,This week,In all,Leased,Median s per item,Odd one out");
    EXPECT_TRUE(lines.value(1).startsWith(cell(reviewers, 0, 0) + u",2,2,2,"_s))
        << lines.value(1).toStdString();
}

TEST_F(LeadHealth, ACalibrationRoundFromStartToItsAgreementTables)
{
    const QString queue = createQueue(*server, u"calibrate me"_s, R"({"fields":[
        {"name":"overall_quality","type":"categorical","options":["good","acceptable","bad"],"required":true},
        {"name":"accuracy","type":"continuous","min":1,"max":5}]})");
    queueNewRuns(*server, queue, 12);
    QList<QueueReviewer> reviewers;
    for (const QString &name : {u"ann"_s, u"bob"_s, u"cy"_s})
        reviewers.append(addQueueReviewer(*server, queue, name));

    app::LeadArea *lead = openLeadArea();
    ASSERT_NE(lead, nullptr);
    app::CalibrationPage *page = lead->calibration();
    lead->setCurrentWidget(page);
    ASSERT_TRUE(waitUntil([&] { return page->picker()->choose(*Uuid::parse(queue)); }));
    ASSERT_TRUE(waitUntil([&] { return page->progress()->text().contains(u"No calibration round yet"_s); }));

    page->onStart = [](app::StartRoundDialog &dialog) {
        dialog.nameEdit()->setText(u"week 49"_s);
        dialog.sizeSpin()->setValue(3);
        dialog.seedEdit()->setText(u"42"_s);
        return true;
    };
    page->startRound();
    ASSERT_TRUE(waitUntil([&] { return page->rounds()->count() == 1; }, 10000));
    ASSERT_TRUE(waitUntil([&] { return page->progress()->text().startsWith(u"Open: 0 of 9 answers"_s); }))
        << page->progress()->text().toStdString();
    EXPECT_TRUE(page->rounds()->currentText().contains(u"week 49"_s));
    EXPECT_TRUE(page->closeButton()->isEnabled());

    // Three reviewers answer blind; ann alone calls the first item bad.
    const QJsonObject round =
        server->get(u"/annotation-queues/%1/calibration-rounds"_s.arg(queue)).array().at(0).toObject();
    const QJsonArray runIds = round.value("run_ids"_L1).toArray();
    ASSERT_EQ(runIds.size(), 3);
    for (int r = 0; r < 3; ++r)
        for (int i = 0; i < 3; ++i) {
            const bool odd = r == 0 && i == 0;
            submitAnswer(*server, reviewers[r].key, queue, runIds[i].toString(),
                         QJsonObject{{"overall_quality"_L1, odd ? u"bad"_s : u"good"_s},
                                     {"accuracy"_L1, 3 + (i + r) % 2}});
        }
    page->load(*Uuid::parse(queue));
    ASSERT_TRUE(waitUntil([&] { return page->progress()->text().startsWith(u"Open: 9 of 9 answers"_s); }))
        << page->progress()->text().toStdString();
    EXPECT_EQ(page->agreement()->model()->rowCount(), 0) << "blind until closed";

    QString asked;
    page->confirm = [&](const QString &question) {
        asked = question;
        return true;
    };
    page->closeRound();
    ASSERT_TRUE(waitUntil([&] { return page->agreement()->model()->rowCount() == 2; }, 10000));
    EXPECT_TRUE(asked.contains(u"9 of 9 answers"_s)) << asked.toStdString();
    EXPECT_TRUE(page->progress()->text().startsWith(u"Closed: 9 of 9"_s));
    EXPECT_FALSE(page->closeButton()->isEnabled());

    QAbstractItemModel *agreement = page->agreement()->model();
    QAbstractItemModelTester agreementTester(agreement,
                                             QAbstractItemModelTester::FailureReportingMode::Fatal);
    // overall_quality: 7 of 9 pairs agree (77.8 %): flagged. accuracy alternates 3/4: 3 of 9 agree.
    EXPECT_EQ(cell(agreement, 0, 0), u"overall_quality");
    EXPECT_EQ(cell(agreement, 0, 1), QLocale().toString(700.0 / 9, 'f', 1) + u" %"_s);
    EXPECT_EQ(cell(agreement, 0, 5), u"Rubric needs clarification");
    EXPECT_EQ(cell(agreement, 1, 1), QLocale().toString(300.0 / 9, 'f', 1) + u" %"_s);
    EXPECT_TRUE(cell(agreement, 0, 4).contains(u"bob/cy"_s)) << cell(agreement, 0, 4).toStdString();

    QAbstractItemModel *items = page->adjudication()->model();
    QAbstractItemModelTester itemsTester(items, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ASSERT_EQ(items->rowCount(), 3);
    ASSERT_EQ(items->columnCount(), 6);
    EXPECT_EQ(cell(items, 0, 0), runIds[0].toString()) << "the item ann disputed comes first";
    EXPECT_EQ(items->headerData(3, Qt::Horizontal).toString(), u"ann");
    EXPECT_TRUE(cell(items, 0, 3).startsWith(u"bad"_s)) << cell(items, 0, 3).toStdString();
    page->copyAdjudicationAsCsv();
    EXPECT_TRUE(
        QApplication::clipboard()->text().startsWith(u"Run,Disagreement,Fields in dispute,ann,bob,cy\r\n"_s))
        << QApplication::clipboard()->text().toStdString();

    // A round of runs chosen by hand: an id the queue lacks is refused with its place, then two of the
    // queue's unanswered runs make the round.
    QStringList unanswered;
    for (const QJsonValue &run : server->get(u"/annotation-queues/%1/runs?limit=100"_s.arg(queue)).array())
        if (!runIds.contains(run.toObject().value("id"_L1)))
            unanswered.append(run.toObject().value("id"_L1).toString());
    ASSERT_GE(unanswered.size(), 2);
    QStringList chosen{Uuid::v7().toString()};
    page->onStart = [&](app::StartRoundDialog &dialog) {
        dialog.runIdsEdit()->setPlainText(chosen.join(u"\n"_s));
        EXPECT_FALSE(dialog.sizeSpin()->isEnabled()) << "runs by hand replace the sample";
        return true;
    };
    page->startRound();
    ASSERT_TRUE(waitUntil([&] { return page->status()->text().contains(u"run_ids[0]"_s); }, 10000))
        << page->status()->text().toStdString();
    chosen = unanswered.mid(0, 2);
    page->startRound();
    ASSERT_TRUE(waitUntil([&] { return page->rounds()->count() == 2; }, 10000));
    ASSERT_TRUE(waitUntil([&] { return page->progress()->text().startsWith(u"Open: 0 of 6 answers"_s); }))
        << page->progress()->text().toStdString();
    const QJsonObject byHand =
        server->get(u"/annotation-queues/%1/calibration-rounds"_s.arg(queue)).array().at(0).toObject();
    EXPECT_EQ(byHand.value("selection"_L1).toString(), u"hand");
    EXPECT_EQ(byHand.value("run_ids"_L1).toArray(), QJsonArray::fromStringList(chosen));
}
