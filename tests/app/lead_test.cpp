// The lead runs the seed's steps 1-3 in the app against a real server with the demo project: a queue
// with the seed's rubric and guide made in the designer, a routing rule whose dry run counts what the
// server holds, the traces filtered with metadata.eval_score < 0.5, two runs added by hand with a
// reason, a reviewer invited — and that reviewer, from the invitation file alone, reviews both items in
// their own window. Also: "all matching" adds exactly the filter's runs, a member sees no People page,
// and a queue's deletion says what it touches.

#include "appfixture.h"

#include "appcli.h"
#include "commands/commands.h"
#include "lead/leadarea.h"
#include "models/rubricformmodel.h"
#include "models/runtablemodel.h"
#include "people/invitedialog.h"
#include "people/peopleadmin.h"
#include "people/peoplepage.h"
#include "people/userlistmodel.h"
#include "queueeditor/leadqueuelistmodel.h"
#include "queueeditor/queueeditordialog.h"
#include "queueeditor/queuespage.h"
#include "queueeditor/rubricdesigner.h"
#include "queueeditor/rubricdesignmodel.h"
#include "queues/queuelistpage.h"
#include "review/reviewpage.h"
#include "rules/ruleeditordialog.h"
#include "rules/rulelistmodel.h"
#include "rules/rulespanel.h"
#include "traces/addtoqueuedialog.h"
#include "traces/tracespage.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QTextStream>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

const QString kFilter = u"metadata.eval_score < 0.5"_s;
const QString kReason = u"Low eval score: checked by hand"_s;
const QString kGuide = u"# RAG review\n\nScore the **answer**, not the question.\n"_s;

class LeadFlow : public AppTest {
protected:
    QByteArray windowKey() const override { return ServerHarness::kAdminKey; }

    // The ids of the demo project's root runs the filter keeps, asked of the server directly.
    QSet<QString> rootsMatching(const QString &filter)
    {
        const QString project =
            server->get(u"/sessions"_s).array().at(0).toObject().value("id"_L1).toString();
        const QJsonObject page = server
                                     ->post(u"/runs/query"_s, QJsonObject{{"session"_L1, QJsonArray{project}},
                                                                          {"is_root"_L1, true},
                                                                          {"filter"_L1, filter},
                                                                          {"limit"_L1, 1000}})
                                     .object();
        QSet<QString> ids;
        for (const QJsonValue &run : page.value("runs"_L1).toArray())
            ids.insert(run.toObject().value("id"_L1).toString());
        return ids;
    }

    QSet<QString> runsInQueue(const QString &queueId)
    {
        QSet<QString> ids;
        for (const QJsonValue &run :
             server->get(u"/annotation-queues/%1/runs?limit=100"_s.arg(queueId)).array())
            ids.insert(run.toObject().value("id"_L1).toString());
        return ids;
    }
};

void setOptions(client::RubricDesignModel &design, int row, const QStringList &values)
{
    design.setCurrentField(row);
    client::RubricOptionModel &options = design.options();
    while (options.rowCount() > 0)
        options.removeOption(0);
    for (const QString &v : values)
        options.addOption(v);
}

} // namespace

TEST_F(LeadFlow, TheSeedsStepsOneToThreeAndAReviewerFromTheInvitation)
{
    app::LeadArea *lead = openLeadArea();
    ASSERT_NE(lead, nullptr) << "an admin key is offered the lead's pages";
    ASSERT_NE(lead->people(), nullptr) << "an admin sees People";

    // Step 1: the queue, with the seed's rubric and a guide, from the designer.
    lead->setCurrentWidget(lead->queues());
    app::QueuesPage *queues = lead->queues();
    QString queueId;
    queues->onEditor = [&](app::QueueEditorDialog &dialog) {
        dialog.show();
        QTest::keyClicks(dialog.name(), u"Seed RAG review"_s);
        dialog.guide()->setPlainText(kGuide);
        client::RubricDesignModel &design = dialog.design();
        design.addField(FieldType::Categorical);
        RubricField quality = design.field(0);
        quality.key = u"overall_quality"_s;
        quality.required = true;
        quality.description = u"Would you ship this answer?"_s;
        design.setField(0, quality);
        setOptions(design, 0, {u"good"_s, u"bad"_s, u"acceptable"_s});
        // Reordered from the keyboard: "acceptable" up above "bad".
        dialog.designer()->options()->setFocus();
        dialog.designer()->options()->setCurrentIndex(design.options().index(2, 0));
        QTest::keyClick(dialog.designer()->options(), Qt::Key_Up, Qt::AltModifier);
        EXPECT_EQ(design.field(0).options.at(1).value, u"acceptable"_s);
        design.addField(FieldType::Categorical);
        RubricField grounded = design.field(1);
        grounded.key = u"groundedness"_s;
        grounded.required = true;
        design.setField(1, grounded);
        setOptions(design, 1, {u"grounded"_s, u"hallucinated"_s, u"partially_grounded"_s});
        design.addField(FieldType::Freeform);
        RubricField note = design.field(2);
        note.key = u"reviewer_note"_s;
        design.setField(2, note);
        // The preview is the reviewers' own form, following the designer.
        EXPECT_EQ(dialog.preview().rowCount(), 3);
        EXPECT_EQ(dialog.preview().index(0).data(client::RubricFormModel::OptionsRole).toList().size(), 3);
        // The seed's advice: more than five fields is warned about, and the warning goes with the field.
        for (int i = 0; i < 3; ++i)
            design.addField(FieldType::Freeform);
        EXPECT_TRUE(dialog.designer()->problems()->text().contains(u"6 fields"_s))
            << dialog.designer()->problems()->text().toStdString();
        for (int i = 0; i < 3; ++i)
            design.removeField(3);
        EXPECT_FALSE(dialog.designer()->problems()->text().contains(u"fields;"_s));
        EXPECT_TRUE(dialog.saveButton()->isEnabled());
        dialog.saveButton()->click();
        ASSERT_TRUE(waitUntil([&] { return dialog.result() == QDialog::Accepted; }, 10000))
            << dialog.verdict()->text().toStdString();
        queueId = dialog.saved().id.toString();
    };
    queues->newQueue();
    ASSERT_FALSE(queueId.isEmpty());
    const QJsonObject stored = server->get(u"/annotation-queues/"_s + queueId).object();
    EXPECT_EQ(stored.value("description"_L1).toString(), kGuide);
    const QJsonArray fields = stored.value("rubric"_L1).toObject().value("fields"_L1).toArray();
    ASSERT_EQ(fields.size(), 3);
    EXPECT_EQ(fields.at(0).toObject().value("name"_L1).toString(), u"overall_quality"_s);
    EXPECT_TRUE(fields.at(0).toObject().value("required"_L1).toBool());
    ASSERT_TRUE(waitUntil([&] { return queues->queues().rowOf(*Uuid::parse(queueId)) >= 0; }, 10000));

    // Step 2: a routing rule whose dry run counts what the server holds. Among the last 1,000 completed
    // runs, the filter matches every run of a low-scoring trace that carries the score.
    queues->list()->setCurrentIndex(queues->queues().index(queues->queues().rowOf(*Uuid::parse(queueId))));
    const qint64 expected = [&] {
        const QJsonObject page =
            server->post(u"/runs/query"_s, QJsonObject{{"filter"_L1, kFilter}, {"limit"_L1, 1000}}).object();
        qint64 n = 0;
        for (const QJsonValue &run : page.value("runs"_L1).toArray())
            if (!run.toObject().value("end_time"_L1).isNull())
                ++n;
        return n;
    }();
    ASSERT_GT(expected, 0);
    QString summary;
    queues->rules()->onEditor = [&](app::RuleEditorDialog &dialog) {
        dialog.show();
        QTest::keyClicks(dialog.name(), u"Low eval scores"_s);
        QTest::keyClicks(dialog.filter(), u"metadata.eval_score <"_s);
        EXPECT_TRUE(dialog.problem()->text().startsWith(u"filter:1:"_s)) << "checked as it is typed";
        EXPECT_FALSE(dialog.saveButton()->isEnabled());
        QTest::keyClicks(dialog.filter(), u" 0.5"_s);
        EXPECT_TRUE(dialog.problem()->isHidden());
        dialog.dryRun();
        ASSERT_TRUE(waitUntil([&] { return !dialog.dryRunSummary()->text().contains(u"…"_s); }, 10000));
        summary = dialog.dryRunSummary()->text();
        EXPECT_EQ(dialog.dryRunRuns()->count(), expected);
        dialog.saveButton()->click();
        ASSERT_TRUE(waitUntil([&] { return dialog.result() == QDialog::Accepted; }, 10000));
    };
    queues->rules()->newRule();
    EXPECT_TRUE(summary.startsWith(u"Would add %1 of the last "_s.arg(expected))) << summary.toStdString();
    EXPECT_TRUE(summary.contains(u"(0 already queued)"_s)) << summary.toStdString();
    ASSERT_TRUE(waitUntil([&] { return queues->rules()->rules().rowCount() == 1; }, 10000));
    EXPECT_EQ(queues->rules()->rules().rowAt(0).rule.filter, kFilter);
    EXPECT_TRUE(runsInQueue(queueId).isEmpty()) << "saving a rule routes new runs, not the old ones";

    // Step 3, option A: the traces filtered, two runs added by hand with a reason.
    lead->setCurrentWidget(lead->traces());
    app::TracesPage *traces = lead->traces();
    ASSERT_TRUE(waitUntil([&] { return traces->runs().rowCount() > 0; }, 10000));
    traces->filter()->setFocus();
    type(kFilter);
    press(Qt::Key_Return);
    ASSERT_TRUE(waitUntil(
        [&] { return traces->runs().query().filter == kFilter && !traces->runs().loading(); }, 10000));
    const QSet<QString> low = rootsMatching(kFilter);
    ASSERT_EQ(traces->runs().rowCount(), low.size());
    ASSERT_GE(low.size(), 3);
    traces->table()->setFocus();
    traces->table()->selectRow(0);
    traces->table()->selectionModel()->select(traces->runs().index(1, 0),
                                              QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QList<Uuid> chosen = traces->selectedRuns();
    ASSERT_EQ(chosen.size(), 2);
    QString outcome;
    traces->onDialog = [&](app::AddToQueueDialog &dialog) {
        ASSERT_TRUE(waitUntil([&] { return dialog.queue()->count() >= 2; }, 10000));
        dialog.queue()->setCurrentIndex(dialog.queue()->findText(u"Seed RAG review"_s, Qt::MatchStartsWith));
        QTest::keyClicks(dialog.reason(), kReason);
        dialog.addButton()->click();
        ASSERT_TRUE(waitUntil([&] { return dialog.result() == QDialog::Accepted; }, 10000))
            << dialog.verdict()->text().toStdString();
        outcome = dialog.outcome();
    };
    press(Qt::Key_U, Qt::ControlModifier | Qt::ShiftModifier);
    EXPECT_EQ(outcome, u"2 run(s) added to “Seed RAG review”."_s);
    EXPECT_EQ(runsInQueue(queueId), (QSet<QString>{chosen[0].toString(), chosen[1].toString()}));
    ASSERT_TRUE(waitUntil([&] {
        return traces->runs()
            .index(0, client::RunTableModel::Queues)
            .data()
            .toString()
            .contains(u"Seed RAG review"_s);
    })) << "the queues column follows";
    // Added again: reported, not added twice.
    traces->onDialog = [&](app::AddToQueueDialog &dialog) {
        ASSERT_TRUE(waitUntil([&] { return dialog.queue()->count() >= 2; }, 10000));
        dialog.queue()->setCurrentIndex(dialog.queue()->findText(u"Seed RAG review"_s, Qt::MatchStartsWith));
        dialog.addButton()->click();
        ASSERT_TRUE(waitUntil([&] { return dialog.result() == QDialog::Accepted; }, 10000));
        outcome = dialog.outcome();
    };
    traces->addToQueue();
    EXPECT_EQ(
        outcome,
        u"0 run(s) added to “Seed RAG review”. 2 run(s) were already in it and were not added again."_s);

    // Invite a reviewer for the queue; the invitation goes to a file.
    lead->setCurrentWidget(lead->people());
    const QString invitationFile = dir.filePath(u"rey.assay-invitation"_s);
    lead->people()->onInvite = [&](app::InviteDialog &dialog) {
        ASSERT_TRUE(waitUntil([&] { return dialog.queues()->count() >= 2; }, 10000));
        QTest::keyClicks(dialog.name(), u"Rey Contractor"_s);
        EXPECT_EQ(dialog.role()->currentData().toString(), u"reviewer"_s);
        dialog.queues()->findItems(u"Seed RAG review"_s, Qt::MatchExactly).at(0)->setCheckState(Qt::Checked);
        dialog.inviteButton()->click();
        ASSERT_TRUE(waitUntil([&] { return dialog.invited(); }, 10000))
            << dialog.verdict()->text().toStdString();
        ASSERT_TRUE(dialog.saveInvitation(invitationFile));
    };
    lead->people()->invite();
    QFile saved(invitationFile);
    EXPECT_EQ(saved.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
              QFileDevice::Permissions())
        << "the invitation holds a key: its owner's only";

    // The reviewer, from the invitation alone: the command line reads it, their window opens with it.
    app::AppOptions options;
    QString out, err;
    QTextStream outStream(&out), errStream(&err);
    ASSERT_EQ(
        app::AppCli::run({u"assay"_s, u"--invitation"_s, invitationFile}, outStream, errStream, &options), -1)
        << err.toStdString();
    ASSERT_TRUE(options.invitation.has_value());
    client::SyncSettings syncSettings;
    syncSettings.intervalMs = 3600 * 1000;
    syncSettings.debounceMs = 50;
    auto opened = client::ClientSession::open(QUrl(options.invitation->server), options.invitation->key,
                                              dir.filePath(u"rey"_s), syncSettings);
    ASSERT_TRUE(opened.ok()) << opened.error().toString().toStdString();
    std::unique_ptr<client::ClientSession> rey = std::move(*opened);
    auto reyWindow = std::make_unique<app::MainWindow>(*rey, *commands);
    reyWindow->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(reyWindow.get()));
    reyWindow->activateWindow();
    QApplication::setActiveWindow(reyWindow.get());
    bool synced = false;
    QObject::connect(&rey->sync(), &client::SyncEngine::cycleFinished, [&](bool ok) { synced = ok; });
    rey->sync().syncNow();
    ASSERT_TRUE(waitUntil([&] { return synced && !rey->sync().busy(); }, 20000));
    ASSERT_EQ(rey->queues().rowCount(), 1) << "the reviewer sees their queue and nothing else";
    reyWindow->queuePage()->list()->setFocus();
    QTest::keyClick(reyWindow->windowHandle(), Qt::Key_Return);
    ASSERT_TRUE(reyWindow->reviewing());
    EXPECT_EQ(rey->review().currentItem().reason, kReason) << "the reason, as Why it is here";
    for (int i = 0; i < 2; ++i) {
        QTest::keyClick(reyWindow->windowHandle(), Qt::Key_1);
        QTest::keyClick(reyWindow->windowHandle(), Qt::Key_Tab);
        QTest::keyClick(reyWindow->windowHandle(), Qt::Key_1);
        QTest::keyClick(reyWindow->windowHandle(), Qt::Key_Return, Qt::ControlModifier);
    }
    EXPECT_EQ(rey->review().toReviewCount(), 0);
    synced = false;
    rey->sync().syncNow();
    ASSERT_TRUE(waitUntil([&] { return synced && !rey->sync().busy() && rey->unsentCount() == 0; }, 20000));
    EXPECT_EQ(
        server->get(u"/annotation-queues/%1/total_archived"_s.arg(queueId)).object().value("size"_L1).toInt(),
        2)
        << "both items reviewed";
    reyWindow.reset();
    rey.reset();
}

TEST_F(LeadFlow, AllMatchingAddsExactlyTheFiltersRuns)
{
    app::LeadArea *lead = openLeadArea();
    ASSERT_NE(lead, nullptr);
    const QString queueId =
        server->post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"A second look"_s}})
            .object()
            .value("id"_L1)
            .toString();
    app::TracesPage *traces = lead->traces();
    ASSERT_TRUE(waitUntil([&] { return traces->runs().rowCount() > 0; }, 10000));
    traces->filter()->setText(kFilter);
    press(Qt::Key_Return);
    ASSERT_TRUE(waitUntil(
        [&] { return traces->runs().query().filter == kFilter && !traces->runs().loading(); }, 10000));
    const QSet<QString> low = rootsMatching(kFilter);
    ASSERT_GE(low.size(), 3);
    // One of them is queued already: counted, not added again.
    const QString first = *low.begin();
    ASSERT_EQ(server->post(u"/annotation-queues/%1/runs"_s.arg(queueId), QJsonArray{first}).status, 200);
    QString verdict;
    traces->onDialog = [&](app::AddToQueueDialog &dialog) {
        ASSERT_TRUE(waitUntil([&] { return dialog.queue()->count() >= 2; }, 10000));
        dialog.queue()->setCurrentIndex(dialog.queue()->findText(u"A second look"_s, Qt::MatchStartsWith));
        EXPECT_TRUE(dialog.allMatching()->isChecked()) << "nothing is selected: all matching";
        ASSERT_TRUE(waitUntil([&] { return dialog.addButton()->isEnabled(); }, 10000))
            << dialog.verdict()->text().toStdString();
        verdict = dialog.verdict()->text();
        EXPECT_EQ(dialog.addButton()->text(), u"&Add %1 run(s)"_s.arg(low.size() - 1));
        dialog.addButton()->click();
        ASSERT_TRUE(waitUntil([&] { return dialog.result() == QDialog::Accepted; }, 10000));
    };
    traces->addToQueue();
    EXPECT_EQ(verdict, u"%1 run(s) match; 1 are in the queue already; %2 will be added."_s.arg(low.size())
                           .arg(low.size() - 1));
    EXPECT_EQ(runsInQueue(queueId), low) << "exactly the filter's runs";

    // Deleting the queue says what it touches.
    lead->setCurrentWidget(lead->queues());
    app::QueuesPage *queues = lead->queues();
    ASSERT_TRUE(waitUntil([&] { return queues->queues().rowOf(*Uuid::parse(queueId)) >= 0; }, 10000));
    queues->list()->setCurrentIndex(queues->queues().index(queues->queues().rowOf(*Uuid::parse(queueId))));
    QString question;
    queues->confirm = [&](const QString &q) {
        question = q;
        return true;
    };
    queues->deleteQueue();
    ASSERT_TRUE(waitUntil([&] { return queues->queues().rowOf(*Uuid::parse(queueId)) < 0; }, 10000));
    EXPECT_TRUE(question.contains(u"Its %1 item(s) leave it"_s.arg(low.size()))) << question.toStdString();
    EXPECT_TRUE(question.contains(u"The 0 answer(s)"_s)) << question.toStdString();
    EXPECT_EQ(server->get(u"/annotation-queues/"_s + queueId).status, 404);
}

TEST_F(LeadFlow, AMemberSeesNoPeoplePage)
{
    const QJsonObject user =
        server->post(u"/admin/users"_s, QJsonObject{{"name"_L1, u"Mara"_s}, {"role"_L1, u"member"_s}})
            .object();
    const QByteArray key =
        server
            ->post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"mara"_s}, {"user_id"_L1, user.value("id"_L1)}})
            .object()
            .value("key"_L1)
            .toString()
            .toUtf8();
    ASSERT_FALSE(key.isEmpty());
    auto opened = client::ClientSession::open(QUrl(server->baseUrl()), key, dir.filePath(u"mara"_s), {});
    ASSERT_TRUE(opened.ok());
    std::unique_ptr<client::ClientSession> mara = std::move(*opened);
    app::MainWindow maraWindow(*mara, *commands);
    ASSERT_TRUE(waitUntil([&] { return commands->action(app::cmd::Traces)->isEnabled(); }, 10000));
    maraWindow.showTraces();
    ASSERT_NE(maraWindow.leadArea(), nullptr);
    EXPECT_EQ(maraWindow.leadArea()->people(), nullptr);
    EXPECT_EQ(maraWindow.leadArea()->count(), 4) << "Traces, Queues, Health and Calibration";
}

TEST_F(LeadFlow, RulesPanelFollowsABackfillAndAsksBeforeDeleting)
{
    app::LeadArea *lead = openLeadArea();
    ASSERT_NE(lead, nullptr);
    const QString queueId = server->post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"Backfilled"_s}})
                                .object()
                                .value("id"_L1)
                                .toString();
    const QString ruleId =
        server
            ->post(u"/routing-rules"_s, QJsonObject{{"name"_L1, u"Low"_s},
                                                    {"queue_id"_L1, queueId},
                                                    {"filter"_L1, kFilter + u" and is_root == true"_s}})
            .object()
            .value("id"_L1)
            .toString();
    ASSERT_FALSE(ruleId.isEmpty());
    lead->setCurrentWidget(lead->queues());
    app::QueuesPage *queues = lead->queues();
    ASSERT_TRUE(waitUntil([&] { return queues->queues().rowOf(*Uuid::parse(queueId)) >= 0; }, 10000));
    queues->list()->setCurrentIndex(queues->queues().index(queues->queues().rowOf(*Uuid::parse(queueId))));
    app::RulesPanel *rules = queues->rules();
    ASSERT_TRUE(waitUntil([&] { return rules->rules().rowCount() == 1; }, 10000));
    rules->table()->selectRow(0);

    // A backfill from a day ago: the progress bar follows the job, then says what it added.
    bool finished = false;
    QObject::connect(rules, &app::RulesPanel::backfillFinished, [&] { finished = true; });
    rules->startBackfill(*Uuid::parse(ruleId), QDateTime::currentDateTimeUtc().addDays(-1));
    EXPECT_TRUE(rules->backfillProgress()->isVisible());
    ASSERT_TRUE(waitUntil([&] { return finished; }, 20000));
    const int low = rootsMatching(kFilter).size();
    EXPECT_EQ(rules->status()->text(), u"Backfill done: %1 run(s) added."_s.arg(low));
    EXPECT_FALSE(rules->backfillProgress()->isVisible());
    EXPECT_EQ(runsInQueue(queueId).size(), low);
    ASSERT_TRUE(waitUntil([&] { return rules->rules().rowAt(0).added == low; }, 10000))
        << "the counters follow";

    // Off, then delete: asked first; "no" keeps it.
    rules->toggleRule();
    ASSERT_TRUE(waitUntil([&] { return !rules->rules().rowAt(0).rule.enabled; }, 10000));
    EXPECT_FALSE(server->get(u"/routing-rules/"_s + ruleId).object().value("enabled"_L1).toBool());
    QString asked;
    rules->confirm = [&](const QString &question) {
        asked = question;
        return false;
    };
    rules->deleteRule();
    EXPECT_EQ(asked, u"Delete the rule “Low”? The runs it added stay in the queue."_s);
    EXPECT_EQ(server->get(u"/routing-rules/"_s + ruleId).status, 200);
    rules->confirm = [](const QString &) { return true; };
    rules->deleteRule();
    ASSERT_TRUE(waitUntil([&] { return rules->rules().rowCount() == 0; }, 10000));
    EXPECT_EQ(server->get(u"/routing-rules/"_s + ruleId).status, 404);
    EXPECT_EQ(runsInQueue(queueId).size(), low) << "the runs it added stay";
}

TEST_F(LeadFlow, PeoplePageAssignsDisablesAndRotatesAKeyAskingFirst)
{
    app::LeadArea *lead = openLeadArea();
    ASSERT_NE(lead, nullptr);
    lead->setCurrentWidget(lead->people());
    app::PeoplePage *people = lead->people();
    ASSERT_TRUE(waitUntil([&] { return people->users().rowCount() > 0; }, 10000));
    const int reviewerRow = [&] {
        for (int row = 0; row < people->users().rowCount(); ++row)
            if (people->users().rowAt(row).role == u"reviewer")
                return row;
        return -1;
    }();
    ASSERT_GE(reviewerRow, 0) << "the demo's reviewer";
    const client::UserRow reviewer = people->users().rowAt(reviewerRow);
    bool loaded = false;
    QObject::connect(people, &app::PeoplePage::assignmentsLoaded, [&] { loaded = true; });
    people->list()->setCurrentIndex(people->users().index(reviewerRow));
    ASSERT_TRUE(waitUntil([&] { return loaded; }, 10000));
    ASSERT_EQ(people->queues()->count(), 1);
    EXPECT_EQ(people->queues()->item(0)->checkState(), Qt::Checked)
        << "the demo reviewer reviews the demo queue";
    const QString demoQueue = people->queues()->item(0)->data(Qt::UserRole).toString();

    // Unassigning asks; "no" keeps the assignment, "yes" removes it on the server.
    QStringList asked;
    people->confirm = [&](const QString &q) {
        asked.append(q);
        return false;
    };
    people->queues()->item(0)->setCheckState(Qt::Unchecked);
    EXPECT_EQ(people->queues()->item(0)->checkState(), Qt::Checked);
    people->confirm = [&](const QString &q) {
        asked.append(q);
        return true;
    };
    people->queues()->item(0)->setCheckState(Qt::Unchecked);
    ASSERT_TRUE(waitUntil([&] { return people->status()->text().contains(u"no longer reviews"_s); }, 10000));
    EXPECT_FALSE(server->get(u"/annotation-queues/%1/reviewers"_s.arg(demoQueue))
                     .array()
                     .contains(reviewer.id.toString()));
    EXPECT_EQ(asked.size(), 2);

    // A new key: asked first, shown once as an invitation, the old key refused.
    std::optional<client::Invitation> shown;
    people->showNewKey = [&](const client::Invitation &invitation) { shown = invitation; };
    people->rotateKey();
    ASSERT_TRUE(waitUntil([&] { return shown.has_value(); }, 10000));
    EXPECT_TRUE(asked.last().startsWith(u"Give demo-reviewer a new key?"_s)) << asked.last().toStdString();
    EXPECT_EQ(server->request("GET", u"/review/me"_s, {}, kReviewerKey).status, 401);
    EXPECT_EQ(server->request("GET", u"/review/me"_s, {}, shown->key).status, 200);

    // Disabled, asked first: the new key stops too.
    people->toggleDisabled();
    ASSERT_TRUE(waitUntil([&] { return people->status()->text().endsWith(u"is disabled."_s); }, 10000));
    EXPECT_TRUE(asked.last().startsWith(u"Disable demo-reviewer?"_s));
    EXPECT_EQ(server->request("GET", u"/review/me"_s, {}, shown->key).status, 401);
}
