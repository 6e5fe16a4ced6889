// The lead's runs table against a real assay-server (SQLite and PostgreSQL), under
// QAbstractItemModelTester: a whole listing counted by the server with the blocks the view shows loaded
// (jumps and all), a filtered one growing as the view asks, in the server's order, filtered in either
// syntax, a refused filter reported with its position, and an answer for a query left behind dropped.

#include "models/projectlistmodel.h"
#include "models/runtablemodel.h"

#include "serverharness.h"

#include <printers.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class RunTable : public ServerTest {
protected:
    static constexpr int kRuns = 250;
    Uuid project;

    void SetUp() override
    {
        ServerTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        QJsonArray post;
        for (int i = 0; i < kRuns; ++i)
            post.append(QJsonObject{
                {"id"_L1, Uuid::v7().toString()},
                {"name"_L1, u"run %1"_s.arg(i, 3, 10, QChar(u'0'))},
                {"run_type"_L1, u"chain"_s},
                {"session_name"_L1, u"production-rag"_s},
                {"start_time"_L1, Timestamp::fromMicros(1'796'000'000'000'000LL + i * 1'000'000LL).toIso()},
                {"end_time"_L1,
                 Timestamp::fromMicros(1'796'000'000'000'000LL + i * 1'000'000LL + 1'500'000LL).toIso()},
                {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"eval_score"_L1, (i % 10) / 10.0}}}}},
                {"total_tokens"_L1, 100 + i},
            });
        ASSERT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"post"_L1, post}}).status, 202);
        project = *Uuid::parse(
            srv().get(u"/sessions?name=production-rag"_s).array().at(0).toObject().value("id"_L1).toString());
    }

    // Runs the event loop until the model has answered `pages` more pages (or failed).
    static bool waitForPages(client::RunTableModel &model, int pages)
    {
        QSignalSpy loaded(&model, &client::RunTableModel::pageLoaded);
        QSignalSpy failed(&model, &client::RunTableModel::pageFailed);
        for (int i = 0; i < 200 && loaded.size() < pages && failed.isEmpty(); ++i)
            loaded.wait(100);
        return loaded.size() >= pages;
    }
};

} // namespace

// Asks for the row as a view painting it would, and runs the event loop until its block is here.
static bool rowLoaded(client::RunTableModel &model, int row)
{
    for (int i = 0; i < 200 && model.rowAt(row).id.isNull(); ++i) {
        model.index(row, client::RunTableModel::Name).data();
        QTest::qWait(20);
    }
    return !model.rowAt(row).id.isNull();
}

TEST_P(RunTable, AWholeListingIsCountedAndLoadsTheRowsTheViewShows)
{
    client::ApiClient api(QUrl(srv().baseUrl()), ServerHarness::kAdminKey);
    client::RunTableModel model(api);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setQuery({project, {}, true, false});
    EXPECT_TRUE(model.loading());
    EXPECT_TRUE(model.wholeListing());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !model.loading(); }, 10000)) << model.lastError().toStdString();
    EXPECT_EQ(model.rowCount(), kRuns) << "the server's count: the scrollbar is the whole project's";
    EXPECT_FALSE(model.canFetchMore({}));
    EXPECT_EQ(model.index(0, client::RunTableModel::Name).data().toString(), u"run 249"_s) << "newest first";
    EXPECT_EQ(model.index(0, client::RunTableModel::Latency).data().toString(), u"1.50 s"_s);
    EXPECT_EQ(model.rowAt(0).totalTokens, 349);
    EXPECT_FALSE(model.rowAt(0).run.contains("inputs"_L1)) << "rows, not runs: the table's fields only";
    EXPECT_TRUE(model.rowAt(150).id.isNull()) << "only the first block is read at first";
    EXPECT_EQ(model.index(150, client::RunTableModel::Name).data().toString(), u"…"_s);
    ASSERT_TRUE(rowLoaded(model, 150));
    EXPECT_EQ(model.index(150, client::RunTableModel::Name).data().toString(), u"run 099"_s);

    // A jump past the rows loaded (the scrollbar dragged to the end): the server places row 220.
    model.setQuery({project, {}, true, false});
    ASSERT_TRUE(QTest::qWaitFor([&] { return model.rowCount() == kRuns; }, 10000));
    ASSERT_TRUE(rowLoaded(model, 220));
    EXPECT_EQ(model.rowAt(220).name, u"run 029"_s);
    EXPECT_TRUE(model.rowAt(150).id.isNull()) << "the blocks between were not read";
    for (int row = 0; row < kRuns; ++row)
        ASSERT_TRUE(rowLoaded(model, row)) << row;
    for (int row = 1; row < kRuns; ++row)
        ASSERT_GT(model.rowAt(row - 1).start, model.rowAt(row).start) << row;
    EXPECT_EQ(model.index(kRuns - 1, client::RunTableModel::Name).data().toString(), u"run 000"_s);

    // At most the rows kept are held: those far from the view are read again when it comes back.
    model.setRowsKept(client::RunTableModel::kPageSize);
    ASSERT_TRUE(rowLoaded(model, 0)); // still here: storing nothing new forgets nothing
    model.setQuery({project, {}, true, false});
    ASSERT_TRUE(QTest::qWaitFor([&] { return !model.rowAt(0).id.isNull(); }, 10000));
    ASSERT_TRUE(rowLoaded(model, 249));
    EXPECT_TRUE(model.rowAt(0).id.isNull()) << "one block kept: the first was forgotten";
    ASSERT_TRUE(rowLoaded(model, 0));
    EXPECT_EQ(model.rowAt(0).name, u"run 249"_s);

    // The start column sorts on the server: oldest first.
    model.sort(client::RunTableModel::Start, Qt::AscendingOrder);
    ASSERT_TRUE(rowLoaded(model, 0));
    EXPECT_EQ(model.index(0, client::RunTableModel::Name).data().toString(), u"run 000"_s);
    ASSERT_TRUE(rowLoaded(model, 249));
    EXPECT_EQ(model.rowAt(249).name, u"run 249"_s);
}

TEST_P(RunTable, AFilteredListingGrowsAsTheViewAsksInTheServersOrder)
{
    client::ApiClient api(QUrl(srv().baseUrl()), ServerHarness::kAdminKey);
    client::RunTableModel model(api);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy pages(&model, &client::RunTableModel::pageLoaded);
    model.setQuery({project, u"gte(metadata.eval_score, 0)"_s, true, false}); // every run, read as filtered
    EXPECT_FALSE(model.wholeListing());
    EXPECT_TRUE(model.loading());
    EXPECT_FALSE(model.canFetchMore({})) << "one page at a time";
    ASSERT_TRUE(waitForPages(model, 1)) << model.lastError().toStdString();
    EXPECT_EQ(model.rowCount(), client::RunTableModel::kPageSize);
    EXPECT_EQ(model.index(0, client::RunTableModel::Name).data().toString(), u"run 249"_s) << "newest first";
    // Scrolling on: the view (and the model tester) ask for more until the server has no next page.
    for (int i = 0; i < 10 && (model.canFetchMore({}) || model.loading()); ++i) {
        model.fetchMore({});
        waitForPages(model, 1);
    }
    EXPECT_EQ(model.rowCount(), kRuns);
    EXPECT_EQ(pages.size(), 2) << "100, then 200 (pages double while the view asks)";
    EXPECT_FALSE(model.canFetchMore({})) << "the last page has no cursor";
    for (int row = 1; row < model.rowCount(); ++row)
        ASSERT_GT(model.rowAt(row - 1).start, model.rowAt(row).start) << row;
    EXPECT_EQ(model.index(kRuns - 1, client::RunTableModel::Name).data().toString(), u"run 000"_s);
}

TEST_P(RunTable, FiltersInEitherSyntaxAndARefusedFilterSaysWhere)
{
    client::ApiClient api(QUrl(srv().baseUrl()), ServerHarness::kAdminKey);
    client::RunTableModel model(api);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setQuery({project, u"metadata.eval_score < 0.2"_s, true, false});
    ASSERT_TRUE(waitForPages(model, 1));
    EXPECT_EQ(model.rowCount(), 50) << "eval_score 0.0 and 0.1: a fifth of the runs";
    EXPECT_FALSE(model.canFetchMore({}));
    model.setQuery({project, u"and(eq(run_type, \"chain\"), gte(metadata.eval_score, 0.9))"_s, true, false});
    ASSERT_TRUE(waitForPages(model, 1));
    EXPECT_EQ(model.rowCount(), 25);

    QSignalSpy failed(&model, &client::RunTableModel::pageFailed);
    model.setQuery({project, u"metadata.eval_score <"_s, true, false});
    ASSERT_TRUE(failed.wait(10000));
    EXPECT_TRUE(model.lastError().startsWith(u"filter:1:"_s)) << model.lastError().toStdString();
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_FALSE(model.canFetchMore({})) << "a refused query is not asked again";

    // A query changed before its answer came: the old answer is dropped, the new one counts.
    model.setQuery({project, {}, true, false});
    model.setQuery({project, u"metadata.eval_score >= 0.9"_s, true, false});
    ASSERT_TRUE(waitForPages(model, 1));
    QTest::qWait(300); // room for a stray answer to the first query
    EXPECT_EQ(model.rowCount(), 25);
}

TEST_P(RunTable, ProjectsAreListedByNameAcrossPagesAndReloadedInPlace)
{
    for (int i = 0; i < 120; ++i) // more than a page of projects
        ASSERT_EQ(
            srv()
                .post(u"/sessions"_s, QJsonObject{{"name"_L1, u"project %1"_s.arg(i, 3, 10, QChar(u'0'))}})
                .status,
            200);
    client::ApiClient api(QUrl(srv().baseUrl()), ServerHarness::kAdminKey);
    client::ProjectListModel model(api);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy loaded(&model, &client::ProjectListModel::loaded);
    model.reload();
    ASSERT_TRUE(loaded.wait(10000));
    ASSERT_EQ(model.rowCount(), 121);
    EXPECT_EQ(model.index(0).data().toString(), u"production-rag"_s);
    EXPECT_EQ(model.index(1).data().toString(), u"project 000"_s);
    EXPECT_EQ(model.index(0).data(client::ProjectListModel::IdRole).toString(), project.toString());
    // A project deleted and one added: the rows change in place.
    const QString gone = model.index(1).data(client::ProjectListModel::IdRole).toString();
    ASSERT_EQ(srv().del(u"/sessions/"_s + gone).status, 204);
    ASSERT_EQ(srv().post(u"/sessions"_s, QJsonObject{{"name"_L1, u"a new one"_s}}).status, 200);
    model.reload();
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_EQ(model.rowCount(), 121);
    EXPECT_EQ(model.index(0).data().toString(), u"a new one"_s);
    EXPECT_EQ(model.rowOf(*Uuid::parse(gone)), -1);
}

TEST(RunTableChips, FeedbackStatsReadAsChips)
{
    const QJsonObject stats = QJsonDocument::fromJson(R"({
        "user_rating": {"n": 1, "avg": null, "values": {"negative": 1}},
        "correctness": {"n": 1, "avg": 0.5, "values": {}},
        "thumbs": {"n": 3, "avg": 0.6667, "values": {}},
        "overall_quality": {"n": 2, "avg": 1, "values": {"good": 2}}})")
                                  .object();
    EXPECT_EQ(client::feedbackChips(stats),
              (QStringList{u"correctness = 0.5"_s, u"overall_quality = good ×2"_s, u"thumbs ×3 avg 0.667"_s,
                           u"user_rating = negative"_s}));
}

ASSAY_SERVER_TEST_SUITE(RunTable);
