// The lead's traces page in the real window against a real server with the demo project: offered to an
// admin key only once the server has said its role, reached and left by the keyboard, a filter mistake
// marked under the bar as it is typed, Enter applying a good filter to the project's runs.

#include "appfixture.h"

#include "commands/commands.h"
#include "models/runtablemodel.h"
#include "models/runtreemodel.h"
#include "traces/rundetailsdialog.h"
#include "traces/tracespage.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QTableView>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class LeadWindow : public AppTest {
protected:
    QByteArray windowKey() const override { return ServerHarness::kAdminKey; }
};

class ReviewerWindow : public AppTest {};

} // namespace

TEST_F(ReviewerWindow, HasNoTracesPage)
{
    QAction *traces = commands->action(app::cmd::Traces);
    waitUntil([] { return false; }, 1500); // room for the server to say the role
    EXPECT_FALSE(traces->isEnabled());
    press(Qt::Key_T, Qt::ControlModifier);
    EXPECT_EQ(window->tracesPage(), nullptr);
}

TEST_F(LeadWindow, FiltersTheDemoProjectsRunsFromTheKeyboard)
{
    QAction *traces = commands->action(app::cmd::Traces);
    ASSERT_TRUE(waitUntil([&] { return traces->isEnabled(); }, 10000)) << "an admin key is offered the page";
    press(Qt::Key_T, Qt::ControlModifier);
    app::TracesPage *page = window->tracesPage();
    ASSERT_NE(page, nullptr);
    ASSERT_TRUE(waitUntil([&] { return page->runs().rowCount() > 0; }, 10000)) << "the first project's runs";
    EXPECT_EQ(focused(), page->filter()) << "typing goes to the filter";
    const int all = page->runs().rowCount();

    // A mistake is shown as it is typed, with its column; Enter does not send it.
    type(u"metadata.eval_score <"_s);
    EXPECT_TRUE(page->problem()->isVisible());
    EXPECT_TRUE(page->problem()->text().startsWith(u"filter:1:"_s)) << page->problem()->text().toStdString();
    press(Qt::Key_Return);
    EXPECT_EQ(page->runs().query().filter, QString());
    EXPECT_EQ(window->reviewing(), false) << "single-key review commands stay off while typing";

    type(u" 0.5"_s);
    EXPECT_FALSE(page->problem()->isVisible());
    press(Qt::Key_Return);
    ASSERT_TRUE(waitUntil(
        [&] {
            return !page->runs().loading() && page->runs().query().filter == u"metadata.eval_score < 0.5"_s;
        },
        10000));
    ASSERT_TRUE(waitUntil([&] { return !page->runs().loading(); }, 10000));
    EXPECT_GT(page->runs().rowCount(), 0);
    EXPECT_LT(page->runs().rowCount(), all) << "the filter keeps the low scores only";
    for (int row = 0; row < page->runs().rowCount(); ++row) // the table holds no metadata: ask the server
        EXPECT_LT(server->get(u"/runs/"_s + page->runs().rowAt(row).id.toString())
                      .object()
                      .value("extra"_L1)
                      .toObject()
                      .value("metadata"_L1)
                      .toObject()
                      .value("eval_score"_L1)
                      .toDouble(),
                  0.5);

    // Enter on a run opens it: the run view, its trace as a tree (the retriever and the model call under
    // it), its feedback.
    page->table()->setFocus();
    page->table()->setCurrentIndex(page->runs().index(0, 0));
    press(Qt::Key_Return);
    auto *details = page->findChild<app::RunDetailsDialog *>();
    ASSERT_NE(details, nullptr);
    ASSERT_TRUE(waitUntil([&] { return details->tree().rowCount(details->tree().index(0, 0)) > 0; }, 10000))
        << "the trace's child runs";
    EXPECT_EQ(details->tree().index(0, 0).data().toString(), page->runs().rowAt(0).name);
    EXPECT_EQ(details->tree().rowCount(details->tree().index(0, 0)), 2);
    EXPECT_GT(details->feedback()->count(), 0);
    details->close();
    window->activateWindow(); // as the window manager gives it back once the dialog is gone
    QApplication::setActiveWindow(window.get());
    waitUntil([&] { return QApplication::activeWindow() == window.get(); });

    // The same key goes back to the queues.
    press(Qt::Key_T, Qt::ControlModifier);
    EXPECT_NE(window->centralWidget()->findChild<app::TracesPage *>(), nullptr);
    EXPECT_FALSE(page->isVisible());
}
