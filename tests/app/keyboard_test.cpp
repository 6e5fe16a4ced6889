// The review window driven from the keyboard only, against a real server with the demo project: a whole
// queue reviewed with digits, Tab and Ctrl+Enter; letters typed into the note stay text; a missing
// required field blocks the submit and names the field; keys can be rebound, but not onto a key another
// command has; quitting with unsent answers asks first.

#include "appfixture.h"

#include "commands/commands.h"
#include "dialogs/attentiondialog.h"
#include "dialogs/shortcutsdialog.h"
#include "queues/queuelistpage.h"
#include "review/reviewpage.h"
#include "review/rubricform.h"
#include "window/syncstatus.h"

#include <printers.h>

#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class Keyboard : public AppTest {
protected:
    // From the queue list into the demo queue, with Enter.
    void openDemoQueue()
    {
        ASSERT_TRUE(sync());
        ASSERT_EQ(session->queues().rowCount(), 1);
        window->queuePage()->list()->setFocus();
        press(Qt::Key_Return);
        ASSERT_TRUE(window->reviewing());
        ASSERT_TRUE(session->review().currentRunId().has_value());
    }
    qint64 saved() { return *session->store().work().count(client::AnswerState::Unsent) +
                            *session->store().work().count(client::AnswerState::Sent); }
};

} // namespace

TEST_F(Keyboard, AWholeQueueIsReviewedFromTheKeyboardAlone)
{
    openDemoQueue();
    const int items = session->review().toReviewCount();
    ASSERT_GE(items, 10) << "the demo routes most of its traces into the queue";
    EXPECT_EQ(items, itemsInDemoQueue());
    QSet<Uuid> reviewed;
    for (int i = 0; i < items; ++i) {
        const Uuid onScreen = *session->review().currentRunId();
        reviewed.insert(onScreen);
        press(Qt::Key_1 + (i % 3));                // overall quality: the focused first field
        press(Qt::Key_Tab);                        // to groundedness
        press(Qt::Key_1 + ((i + 1) % 3));          // its option
        press(Qt::Key_Return, Qt::ControlModifier); // submit and go on
        ASSERT_TRUE(window->reviewPage()->message().isEmpty() || i == items - 1)
            << i << ": " << window->reviewPage()->message().toStdString();
    }
    EXPECT_EQ(reviewed.size(), items) << "each item came on screen once";
    EXPECT_EQ(saved(), items);
    EXPECT_EQ(session->review().toReviewCount(), 0);
    EXPECT_TRUE(window->reviewPage()->message().contains(u"last item"_s)) << window->reviewPage()->message().toStdString();
    ASSERT_TRUE(sync());
    EXPECT_EQ(session->unsentCount(), 0);
    EXPECT_EQ(answersOnServer(), items);
    EXPECT_EQ(session->review().pace().reviewed(), items);
    EXPECT_TRUE(window->syncStatus()->paceText().contains(u"%1 reviewed"_s.arg(items)))
        << window->syncStatus()->paceText().toStdString();
    EXPECT_TRUE(window->syncStatus()->paceText().contains(u"per hour"_s)) << "a pace, after three items";
}

TEST_F(Keyboard, LettersTypedIntoTheNoteStayText)
{
    openDemoQueue();
    press(Qt::Key_1);
    press(Qt::Key_Tab);
    press(Qt::Key_2);
    press(Qt::Key_Tab); // into the note
    auto *note = qobject_cast<QPlainTextEdit *>(focused());
    ASSERT_NE(note, nullptr) << "the third field is the note";
    const Uuid onScreen = *session->review().currentRunId();
    type(u"sources ok"_s);
    press(Qt::Key_Right); // moves the text cursor, not to the next item
    EXPECT_EQ(note->toPlainText(), u"sources ok"_s);
    EXPECT_EQ(session->review().currentRunId(), onScreen);
    EXPECT_EQ(saved(), 0) << "the 's' was a letter, not a submit";

    press(Qt::Key_Escape); // out of the note: letters are commands again
    EXPECT_FALSE(window->reviewPage()->form()->isTyping());
    press(Qt::Key_S);
    EXPECT_EQ(saved(), 1);
    EXPECT_EQ(window->syncStatus()->paceText(), u"1 reviewed"_s) << "no rate from a single item";
    auto answer = session->store().work().latestAnswerFor(session->review().queue().id, onScreen);
    ASSERT_TRUE(answer.ok() && answer->has_value());
    EXPECT_EQ((*answer)->annotation.values.value("reviewer_note"_L1).toString(), u"sources ok"_s);
}

TEST_F(Keyboard, AMissingRequiredFieldBlocksTheSubmitAndIsNamed)
{
    openDemoQueue();
    const Uuid onScreen = *session->review().currentRunId();
    press(Qt::Key_3); // overall quality only
    press(Qt::Key_Return, Qt::ControlModifier);
    EXPECT_EQ(saved(), 0);
    EXPECT_EQ(session->review().currentRunId(), onScreen) << "nothing moves on";
    const QString message = window->reviewPage()->message();
    EXPECT_TRUE(message.contains(u"Groundedness is required"_s)) << message.toStdString();
    EXPECT_FALSE(message.contains(u"Overall quality"_s)) << message.toStdString();
}

TEST_F(Keyboard, KeysAreRebindableButNeverShared)
{
    app::ShortcutsDialog dialog(*commands);
    EXPECT_FALSE(dialog.rebind(QString::fromLatin1(app::cmd::Submit), QKeySequence(Qt::Key_K)));
    EXPECT_TRUE(dialog.problem().contains(u"Skip for now"_s)) << dialog.problem().toStdString();
    ASSERT_TRUE(dialog.rebind(QString::fromLatin1(app::cmd::Submit), QKeySequence(Qt::Key_J)));
    EXPECT_EQ(settings->value(u"shortcuts/review.submit"_s).toString(), u"J"_s) << "remembered";

    openDemoQueue();
    press(Qt::Key_1);
    press(Qt::Key_Tab);
    press(Qt::Key_1);
    press(Qt::Key_S); // no longer a command
    EXPECT_EQ(saved(), 0);
    press(Qt::Key_J);
    EXPECT_EQ(saved(), 1);
    EXPECT_TRUE(commands->action(QString::fromLatin1(app::cmd::Submit))->text().contains(u"Submit"_s));

    app::CommandRegistry again(*settings); // a restart keeps the binding
    app::Commands::registerAll(again);
    EXPECT_EQ(again.action(QString::fromLatin1(app::cmd::Submit))->shortcut(), QKeySequence(Qt::Key_J));
}

TEST_F(Keyboard, QuittingWithUnsentAnswersAsksFirst)
{
    openDemoQueue();
    press(Qt::Key_1);
    press(Qt::Key_Tab);
    press(Qt::Key_1);
    server.reset(); // offline now: the answer cannot leave
    press(Qt::Key_S);
    ASSERT_EQ(session->unsentCount() + 0, 1);
    waitUntil([&] { return !session->sync().busy(); });
    QString asked;
    window->confirmQuit = [&](const QString &question) {
        asked = question;
        return false;
    };
    EXPECT_FALSE(window->close());
    EXPECT_TRUE(asked.contains(u"1 answer"_s)) << asked.toStdString();
    EXPECT_TRUE(window->isVisible());
    window->confirmQuit = [](const QString &) { return true; };
    EXPECT_TRUE(window->close());
}

TEST_F(Keyboard, OfflineTheIndicatorSaysSoAndAnswersWait)
{
    openDemoQueue();
    EXPECT_EQ(window->syncStatus()->connectionText(), u"ONLINE"_s);
    server.reset();
    session->sync().syncNow();
    ASSERT_TRUE(waitUntil([&] { return session->sync().state() == client::SyncEngine::State::Offline; }, 10000));
    EXPECT_EQ(window->syncStatus()->connectionText(), u"OFFLINE"_s);
    for (int i = 0; i < 3; ++i) { // reviewing goes on from the cache
        press(Qt::Key_1);
        press(Qt::Key_Tab);
        press(Qt::Key_1);
        press(Qt::Key_Return, Qt::ControlModifier);
    }
    waitUntil([&] { return !session->sync().busy(); });
    EXPECT_EQ(session->unsentCount(), 3);
    EXPECT_EQ(window->syncStatus()->unsentText(), u"3 unsent"_s);
}

TEST_F(Keyboard, ARejectedAnswerIsListedFixedFromTheKeyboardAndSentAgain)
{
    openDemoQueue();
    const Uuid run = *session->review().currentRunId();
    // An answer the server will refuse (an option the rubric does not have), as an older client made it.
    Annotation bad;
    bad.id = Uuid::v7();
    bad.queueId = session->review().queue().id;
    bad.runId = run;
    bad.rubricVersion = session->review().queue().rubric.version;
    bad.values = QJsonObject{{"overall_quality"_L1, u"superb"_s}, {"groundedness"_L1, u"grounded"_s}};
    bad.submittedAt = Timestamp::now();
    ASSERT_TRUE(session->store().work().saveAnswer(bad).ok());
    ASSERT_TRUE(sync());
    ASSERT_EQ(session->needsAttentionCount(), 1);
    EXPECT_TRUE(window->syncStatus()->unsentText().contains(u"1 need attention"_s))
        << window->syncStatus()->unsentText().toStdString();

    app::AttentionDialog dialog(session->store(), window.get());
    ASSERT_EQ(dialog.list()->count(), 1);
    EXPECT_TRUE(dialog.list()->item(0)->text().contains(u"superb"_s)) << dialog.list()->item(0)->text().toStdString();
    QObject::connect(&dialog, &app::AttentionDialog::openItem, window.get(), [&](const Uuid &q, const Uuid &r) {
        window->openQueue(q);
        ASSERT_TRUE(session->review().showItem(q, r).ok());
    });
    dialog.list()->setCurrentRow(0);
    emit dialog.list()->itemActivated(dialog.list()->item(0));
    ASSERT_EQ(session->review().currentRunId(), run);
    EXPECT_TRUE(window->reviewPage()->message().contains(u"did not take your answer"_s))
        << window->reviewPage()->message().toStdString();

    press(Qt::Key_3); // bad, as it should have been
    press(Qt::Key_Return, Qt::ControlModifier);
    ASSERT_TRUE(sync());
    EXPECT_EQ(session->needsAttentionCount(), 0);
    EXPECT_EQ(session->unsentCount(), 0);
    const QJsonArray rows = server->get(u"/feedback?key=overall_quality&run=%1"_s.arg(run.toString())).array();
    ASSERT_EQ(rows.size(), 1);
    EXPECT_EQ(rows.at(0).toObject().value("value"_L1).toString(), u"bad"_s);
}

TEST_F(Keyboard, SkipLeavesAnItemForLaterAndAFlagTravelsWithTheAnswer)
{
    openDemoQueue();
    const Uuid first = *session->review().currentRunId();
    press(Qt::Key_K); // skip
    const Uuid second = *session->review().currentRunId();
    EXPECT_NE(second, first);

    window->reviewPage()->askFlagNote = [](const QString &) { return std::optional(u"cites an article that does not say this"_s); };
    press(Qt::Key_F);
    EXPECT_TRUE(window->reviewPage()->message().startsWith(u"Flagged"_s)) << window->reviewPage()->message().toStdString();
    press(Qt::Key_3);
    press(Qt::Key_Tab);
    press(Qt::Key_3);
    press(Qt::Key_Return, Qt::ControlModifier);
    auto answer = session->store().work().latestAnswerFor(session->review().queue().id, second);
    ASSERT_TRUE(answer.ok() && answer->has_value());
    EXPECT_EQ((*answer)->annotation.comment, u"cites an article that does not say this"_s);
    ASSERT_TRUE(sync());
    const QJsonArray rows =
        server->get(u"/feedback?key=overall_quality&run=%1"_s.arg(second.toString())).array();
    ASSERT_EQ(rows.size(), 1);
    EXPECT_EQ(rows.at(0).toObject().value("comment"_L1).toString(), u"cites an article that does not say this"_s);
    EXPECT_NE(session->review().currentRunId(), first) << "the skipped item comes after all others";
}

TEST_F(Keyboard, TheNextItemStartsAtItsFirstFieldEvenWhenTheLastEndedInTheNote)
{
    openDemoQueue();
    press(Qt::Key_1);
    press(Qt::Key_Tab);
    press(Qt::Key_1);
    press(Qt::Key_Tab);
    type(u"fine"_s);
    ASSERT_TRUE(window->reviewPage()->form()->isTyping());
    press(Qt::Key_Return, Qt::ControlModifier); // from inside the note
    EXPECT_FALSE(window->reviewPage()->form()->isTyping()) << "focus is back on the first field";
    EXPECT_EQ(window->reviewPage()->form()->focusedField(), 0);
    press(Qt::Key_2); // so the next digit picks, rather than typing into a note
    EXPECT_EQ(session->review().form().values().value("overall_quality"_L1).toString(), u"acceptable"_s);
}
