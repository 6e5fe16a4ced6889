// Screenshots of each screen for docs/screenshots, against a real server with the demo project. Not a
// check (disabled by default); run it under Xvfb to refresh the pictures:
//   xvfb-run -a -s "-screen 0 1600x1000x24" build/asan/tests/app/assay_app_window_tests
//       --gtest_also_run_disabled_tests --gtest_filter='Screenshots.*'
// ASSAY_SCREENSHOT_DIR chooses where they go (default: docs/screenshots of the source tree).

#include "appfixture.h"
#include "calibration/calibrationpage.h"
#include "calibration/startrounddialog.h"
#include "health/healthpage.h"
#include "lead/queuepicker.h"
#include "reviewprogram.h"

#include "commands/commands.h"
#include "connect/connectdialog.h"
#include "dialogs/offlinedialog.h"
#include "dialogs/shortcutsdialog.h"
#include "exports/exportdialog.h"
#include "exports/exportdownload.h"
#include "lead/leadarea.h"
#include "models/runtablemodel.h"
#include "models/runtreemodel.h"
#include "people/invitedialog.h"
#include "people/peoplepage.h"
#include "people/userlistmodel.h"
#include "queueeditor/leadqueuelistmodel.h"
#include "queueeditor/queueeditordialog.h"
#include "queueeditor/queuespage.h"
#include "queueeditor/rubricdesigner.h"
#include "queueeditor/rubricdesignmodel.h"
#include "queues/queuelistpage.h"
#include "review/reviewpage.h"
#include "review/runview.h"
#include "rules/ruleeditordialog.h"
#include "rules/rulelistmodel.h"
#include "rules/rulespanel.h"
#include "traces/addtoqueuedialog.h"
#include "traces/rundetailsdialog.h"
#include "traces/tracespage.h"
#include "translations.h"

#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class Screenshots : public AppTest {
protected:
    QString target(const QString &name)
    {
        QString where = qEnvironmentVariable("ASSAY_SCREENSHOT_DIR");
        if (where.isEmpty())
            where = QStringLiteral(ASSAY_SOURCE_DIR "/docs/screenshots");
        QDir().mkpath(where);
        return QDir(where).filePath(name);
    }
    void shoot(QWidget *w, const QString &name)
    {
        QTest::qWait(150); // let layouts settle and paint
        ASSERT_TRUE(w->grab().save(target(name))) << name.toStdString();
    }
    // Brings the item whose question contains `text` on screen.
    void showItemAsking(const QString &text)
    {
        client::ReviewSession &r = session->review();
        for (int row = 0; row < r.items().rowCount(); ++row) {
            ASSERT_TRUE(r.goTo(row).ok());
            if (!r.presentation().messages.isEmpty() &&
                r.presentation().messages.last().content.contains(text))
                return;
        }
        FAIL() << "no item asks " << text.toStdString();
    }
};

} // namespace

TEST_F(Screenshots, DISABLED_EachScreen)
{
    window->resize(1440, 900);
    ASSERT_TRUE(sync());
    window->queuePage()->list()->setFocus();
    shoot(window.get(), u"queues.png"_s);

    press(Qt::Key_Return);
    showItemAsking(u"Markdown"_s);
    window->reviewPage()->runView()->toggle(u"context-0"_s);
    press(Qt::Key_2);
    shoot(window.get(), u"review.png"_s);

    press(Qt::Key_Return, Qt::ControlModifier); // groundedness is missing
    shoot(window.get(), u"review-missing-field.png"_s);

    press(Qt::Key_E);
    shoot(window.get(), u"trace-details.png"_s);
    press(Qt::Key_E);

    {
        app::ShortcutSheet sheet(*commands, window.get());
        sheet.show();
        shoot(&sheet, u"shortcut-sheet.png"_s);
    }
    {
        app::ShortcutsDialog settingsPage(*commands, window.get());
        settingsPage.show();
        settingsPage.rebind(QString::fromLatin1(app::cmd::Submit),
                            QKeySequence(Qt::Key_K)); // refused: Skip has K
        shoot(&settingsPage, u"shortcut-settings.png"_s);
    }
    {
        app::OfflineDialog offline(session->review().queue().name, 12, window.get());
        offline.show();
        shoot(&offline, u"take-offline.png"_s);
    }
    {
        app::ConnectDialog connect({server->baseUrl()});
        connect.setAddress(server->baseUrl());
        connect.setApiKey("assay_not-the-right-key");
        connect.show();
        bool tested = false;
        connect.test([&](bool) { tested = true; });
        ASSERT_TRUE(waitUntil([&] { return tested; }, 10000));
        shoot(&connect, u"connect-wrong-key.png"_s);
    }

    // Offline: the server goes away, the reviewer goes on; the answer waits to be sent.
    server.reset();
    press(Qt::Key_Tab);
    press(Qt::Key_1);
    press(Qt::Key_Return, Qt::ControlModifier);
    ASSERT_TRUE(
        waitUntil([&] { return session->sync().state() == client::SyncEngine::State::Offline; }, 10000));
    shoot(window.get(), u"review-offline.png"_s);
}

namespace {
class GermanScreenshots : public Screenshots {
protected:
    void SetUp() override
    {
        app::installTranslations(
            QLocale(QLocale::German, QLocale::Germany)); // before the commands get their texts
        Screenshots::SetUp();
    }
};
} // namespace

TEST_F(GermanScreenshots, DISABLED_ReviewScreen)
{
    window->resize(1440, 900);
    ASSERT_TRUE(sync());
    window->queuePage()->list()->setFocus();
    press(Qt::Key_Return);
    showItemAsking(u"refund"_s);
    press(Qt::Key_3);
    press(Qt::Key_Return, Qt::ControlModifier);
    shoot(window.get(), u"review-de.png"_s);
}

namespace {
class LeadScreenshots : public Screenshots {
protected:
    QByteArray windowKey() const override { return ServerHarness::kAdminKey; }
};
} // namespace

TEST_F(LeadScreenshots, DISABLED_TracesPage)
{
    window->resize(1440, 900);
    QAction *traces = commands->action(app::cmd::Traces);
    ASSERT_TRUE(waitUntil([&] { return traces->isEnabled(); }, 10000));
    press(Qt::Key_T, Qt::ControlModifier);
    app::TracesPage *page = window->tracesPage();
    ASSERT_NE(page, nullptr);
    ASSERT_TRUE(waitUntil([&] { return page->runs().rowCount() > 0; }, 10000));
    type(u"metadata.eval_score < 0.5 and"_s);
    shoot(window.get(), u"traces-filter-mistake.png"_s);
    page->filter()->clear();
    type(u"metadata.eval_score < 0.5"_s);
    press(Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return !page->runs().loading() && page->runs().rowCount() > 0; }, 10000));
    shoot(window.get(), u"traces.png"_s);
    page->table()->setCurrentIndex(page->runs().index(0, 0));
    page->table()->setFocus();
    press(Qt::Key_Return);
    auto *details = page->findChild<app::RunDetailsDialog *>();
    ASSERT_NE(details, nullptr);
    ASSERT_TRUE(waitUntil([&] { return details->tree().rowCount(details->tree().index(0, 0)) > 0; }, 10000));
    shoot(details, u"traces-run.png"_s);
}

// The lead's other pages: queues with their rules, the queue editor with the rubric designer and its
// preview, a rule's dry run, add to queue, people and an invitation.
TEST_F(LeadScreenshots, DISABLED_LeadPages)
{
    window->resize(1440, 900);
    QAction *traces = commands->action(app::cmd::Traces);
    ASSERT_TRUE(waitUntil([&] { return traces->isEnabled(); }, 10000));
    press(Qt::Key_T, Qt::ControlModifier);
    app::LeadArea *lead = window->leadArea();
    ASSERT_NE(lead, nullptr);

    // Add to queue: every run matching the filter, counted.
    app::TracesPage *page = lead->traces();
    ASSERT_TRUE(waitUntil([&] { return page->runs().rowCount() > 0; }, 10000));
    type(u"metadata.eval_score < 0.5"_s);
    press(Qt::Key_Return);
    ASSERT_TRUE(waitUntil([&] { return !page->runs().loading() && page->runs().rowCount() > 0; }, 10000));
    page->onDialog = [&](app::AddToQueueDialog &dialog) {
        dialog.show();
        ASSERT_TRUE(waitUntil([&] { return dialog.verdict()->text().contains(u"match"_s); }, 10000));
        dialog.reason()->setText(u"Low eval score: a second look"_s);
        shoot(&dialog, u"lead-add-to-queue.png"_s);
    };
    page->addToQueue();

    // Queues and rules.
    lead->setCurrentWidget(lead->queues());
    app::QueuesPage *queues = lead->queues();
    ASSERT_TRUE(waitUntil([&] { return queues->queues().rowCount() > 0; }, 10000));
    queues->list()->setCurrentIndex(queues->queues().index(0));
    ASSERT_TRUE(waitUntil([&] { return queues->rules()->rules().rowCount() > 0; }, 10000));
    queues->rules()->table()->selectRow(0);
    shoot(window.get(), u"lead-queues.png"_s);

    // The queue editor on the demo queue, a sixth field added to show the seed's advice.
    queues->onEditor = [&](app::QueueEditorDialog &dialog) {
        dialog.show();
        dialog.design().setCurrentField(0);
        shoot(&dialog, u"lead-queue-editor.png"_s);
        RubricField overall = dialog.design().field(0);
        overall.required = false;
        dialog.design().setField(0, overall);
        for (int i = 0; i < 3; ++i)
            dialog.design().addField(FieldType::Freeform);
        shoot(&dialog, u"lead-queue-editor-advice.png"_s);
    };
    queues->editQueue();

    // A rule's dry run.
    queues->rules()->onEditor = [&](app::RuleEditorDialog &dialog) {
        dialog.show();
        dialog.name()->setText(u"Slow answers"_s);
        dialog.filter()->setText(u"latency_ms > 1500 or feedback.user_rating == \"negative\""_s);
        dialog.dryRun();
        ASSERT_TRUE(waitUntil([&] { return dialog.dryRunSummary()->text().startsWith(u"Would"_s); }, 10000));
        shoot(&dialog, u"lead-rule-dry-run.png"_s);
    };
    queues->rules()->newRule();

    // People, and an invitation.
    lead->setCurrentWidget(lead->people());
    app::PeoplePage *people = lead->people();
    ASSERT_TRUE(waitUntil([&] { return people->users().rowCount() > 0; }, 10000));
    people->list()->setCurrentIndex(people->users().index(people->users().rowCount() - 1));
    waitUntil([&] { return people->queues()->count() > 0; }, 5000);
    shoot(window.get(), u"lead-people.png"_s);
    people->onInvite = [&](app::InviteDialog &dialog) {
        dialog.show();
        ASSERT_TRUE(waitUntil([&] { return dialog.queues()->count() > 0; }, 10000));
        dialog.name()->setText(u"Rey Contractor"_s);
        dialog.email()->setText(u"rey@example.com"_s);
        dialog.queues()->item(0)->setCheckState(Qt::Checked);
        shoot(&dialog, u"lead-invite.png"_s);
        dialog.inviteButton()->click();
        ASSERT_TRUE(waitUntil([&] { return dialog.invited(); }, 10000));
        shoot(&dialog, u"lead-invitation.png"_s);
    };
    people->invite();
}

namespace {

// The Health and Calibration pages with something to show: the demo queue answered over the last days
// by three reviewers (two of them in a closed calibration round of six items), then each page shot.
void shootHealthAndCalibration(ServerHarness &server, app::MainWindow &window,
                               const std::function<void(QWidget *, const QString &)> &shoot,
                               const QString &suffix)
{
    window.resize(1440, 900);
    const QString queue = server.get(u"/annotation-queues?name=production-rag-review"_s)
                              .array()
                              .at(0)
                              .toObject()
                              .value("id"_L1)
                              .toString();
    QList<QueueReviewer> people;
    for (const QString &name : {u"Ana Lima"_s, u"Ben Okafor"_s, u"Chen Wei"_s})
        people.append(addQueueReviewer(server, queue, name));
    const QJsonObject round =
        server
            .post(u"/annotation-queues/%1/calibration-rounds"_s.arg(queue),
                  QJsonObject{{"name"_L1, u"December"_s}, {"size"_L1, 6}, {"seed"_L1, 7}})
            .object();
    const QJsonArray roundRuns = round.value("run_ids"_L1).toArray();
    const QStringList grades{u"good"_s, u"acceptable"_s, u"bad"_s};
    for (int r = 0; r < 3; ++r)
        for (int i = 0; i < roundRuns.size(); ++i)
            submitAnswer(
                server, people[r].key, queue, roundRuns[i].toString(),
                QJsonObject{{"overall_quality"_L1, grades[(i + (r == 2 && i % 2 ? 1 : 0)) % 3]},
                            {"groundedness"_L1, r == 1 && i < 3 ? u"partially_grounded"_s : u"grounded"_s}});
    server.post(
        u"/annotation-queues/%1/calibration-rounds/%2/close"_s.arg(queue, round.value("id"_L1).toString()),
        QJsonObject{});
    const QJsonArray items = server.get(u"/annotation-queues/%1/runs?limit=60"_s.arg(queue)).array();
    const qint64 day = 86'400'000'000LL;
    for (int i = 0; i < items.size() - 4; ++i) { // four stay open
        const QString run = items[i].toObject().value("id"_L1).toString();
        if (roundRuns.contains(run))
            continue;
        submitAnswer(server, people[i % 3].key, queue, run,
                     QJsonObject{{"overall_quality"_L1, grades[i % 3]}, {"groundedness"_L1, u"grounded"_s}},
                     Timestamp::fromMicros(Timestamp::now().micros() - (i % 9) * day), 30 + (i * 7) % 60);
    }
    app::LeadArea *lead = window.leadArea();
    ASSERT_NE(lead, nullptr);
    app::HealthPage *health = lead->health();
    lead->setCurrentWidget(health);
    ASSERT_TRUE(waitUntil([&] { return health->picker()->choose(*Uuid::parse(queue)); }));
    ASSERT_TRUE(waitUntil([&] { return health->health().reviewers.size() >= 3; }, 10000));
    shoot(&window, u"lead-health%1.png"_s.arg(suffix));
    app::CalibrationPage *calibration = lead->calibration();
    lead->setCurrentWidget(calibration);
    ASSERT_TRUE(waitUntil([&] { return calibration->picker()->choose(*Uuid::parse(queue)); }));
    ASSERT_TRUE(waitUntil([&] { return calibration->agreement()->model()->rowCount() > 0; }, 10000));
    shoot(&window, u"lead-calibration%1.png"_s.arg(suffix));
}

class GermanLeadScreenshots : public GermanScreenshots {
protected:
    QByteArray windowKey() const override { return ServerHarness::kAdminKey; }
};

} // namespace

TEST_F(LeadScreenshots, DISABLED_HealthAndCalibration)
{
    ASSERT_NE(openLeadArea(), nullptr);
    shootHealthAndCalibration(*server, *window, [&](QWidget *w, const QString &name) { shoot(w, name); }, {});
}

TEST_F(GermanLeadScreenshots, DISABLED_HealthAndCalibration)
{
    ASSERT_NE(openLeadArea(), nullptr);
    shootHealthAndCalibration(
        *server, *window, [&](QWidget *w, const QString &name) { shoot(w, name); }, u"-de"_s);
}

TEST_F(LeadScreenshots, DISABLED_ExportDialog)
{
    app::LeadArea *lead = openLeadArea();
    ASSERT_NE(lead, nullptr);
    const QString queue =
        server->get(u"/annotation-queues?name=production-rag-review"_s).array().at(0)["id"_L1].toString();
    const QJsonArray items = server->get(u"/annotation-queues/%1/runs?limit=5"_s.arg(queue)).array();
    for (const QJsonValue &item : items)
        submitAnswer(*server, kReviewerKey, queue, item["id"_L1].toString(),
                     QJsonObject{{"overall_quality"_L1, u"good"_s}, {"groundedness"_L1, u"grounded"_s}});
    lead->setCurrentWidget(lead->queues());
    app::QueuesPage *queues = lead->queues();
    QTRY_VERIFY(queues->list()->model()->rowCount() > 0);
    queues->list()->setCurrentIndex(queues->list()->model()->index(0, 0));
    QTemporaryDir files;
    queues->onExport = [&](app::ExportDialog &dialog) {
        dialog.resize(560, 260);
        dialog.show();
        dialog.format()->setCurrentIndex(dialog.format()->findData(u"openai"_s));
        dialog.choosePath = [&](const QString &) {
            return files.filePath(u"production-rag-review-openai.jsonl"_s);
        };
        QSignalSpy finished(&dialog.download(), &client::ExportDownload::finished);
        dialog.startExport();
        ASSERT_TRUE(finished.wait(20000));
        shoot(&dialog, u"lead-export.png"_s);
    };
    queues->exportQueue();
}
