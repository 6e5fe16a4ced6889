// The lead's runs table at scale: N runs in one project stored through the Store (1% of them with
// metadata.eval_score < 0.5), the server on a thread of its own, and the desktop app's traces page (its
// RunTableModel in a QTableView). Measured, each repeated for p50/max:
//  - open: the project's table from setQuery to its first rows painted (the count and the first block);
//  - jump to row 50,000 (the scrollbar dragged there): from scrollTo to the row painted, and to the last
//    row of the project;
//  - then ten pages down from there (each block read through the cursor of the one before);
//  - filtered: metadata.eval_score < 0.5 (1%), first rows painted (a growing listing).
// And, to see where the time goes: a page over HTTP alone, a page placed by an offset cursor, and in SQL
// alone the project's root count and the position of row 50,000.
//
//   cmake --preset release && cmake --build --preset release --target assay_bench_traces
//   QT_QPA_PLATFORM=offscreen build/release/tests/bench/assay_bench_traces [--runs 1000000] [--repeat 3]
//       [--depth 50000] [--postgres postgresql://...]

#include "assayserver.h"
#include "eventloop.h"
#include "percentile.h"
#include "runseed.h"
#include "storage/connection.h"

#include "api/apiclient.h"
#include "models/runtablemodel.h"
#include "traces/tracespage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QScrollBar>
#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using namespace assay;
using namespace assay::bench;
using namespace assay::server;
using namespace Qt::StringLiterals;

namespace {

const QString kAdminKey = u"bench-admin-key-Hx4Jq8Lz2Wv6Nc1Rb9"_s;

class ServerThread : public QThread {
public:
    ServerThread(DatabaseUrl url, int runs)
        : m_url(std::move(url))
        , m_runs(runs)
    {
    }
    quint16 port = 0;
    Seeded seeded;
    QString error;
    QSemaphore ready;

protected:
    void run() override
    {
        auto server = AssayServer::create(ServerOptions::with(m_url, kAdminKey, RateLimits{0, 0, 0, 0}));
        if (!server) {
            error = server.error().toString();
            ready.release();
            return;
        }
        seeded = seedRuns((*server)->store(), {m_runs, 0, 0.01});
        auto listening = (*server)->listen(QHostAddress::LocalHost, 0);
        if (!listening)
            error = listening.error().toString();
        else
            port = *listening;
        ready.release();
        exec();
    }

private:
    DatabaseUrl m_url;
    int m_runs;
};

struct Timing {
    QList<double> open, counted, jump, end, pagesDown, filtered;
};

// Five POSTs of the same body, each timed to its answer (HTTP alone: no model, no view).
QList<double> timePosts(client::ApiClient &api, const QString &path, const QJsonObject &body, int timeoutMs)
{
    QList<double> ms;
    for (int r = 0; r < 5; ++r) {
        bool done = false;
        QElapsedTimer clock;
        clock.start();
        api.post(path, body, [&](const client::ApiReply &) { done = true; });
        runEventLoopUntil([&] { return done; }, timeoutMs);
        ms.append(clock.nsecsElapsed() / 1e6);
    }
    return ms;
}

// From a new query to its first rows painted.
double openAndPaint(client::RunTableModel &model, QTableView &view, const client::RunTableQuery &query)
{
    QElapsedTimer clock;
    clock.start();
    model.setQuery(query);
    if (!runEventLoopUntil(
            [&] {
                return (model.rowCount() > 0 && !model.rowAt(0).id.isNull()) || !model.lastError().isEmpty();
            },
            60000))
        qFatal("no first page");
    view.viewport()->repaint();
    return clock.nsecsElapsed() / 1e6;
}

// From the view scrolled to the row to that row painted with its run.
double scrollAndPaint(client::RunTableModel &model, QTableView &view, int row)
{
    QElapsedTimer clock;
    clock.start();
    view.scrollTo(model.index(row, 0), QAbstractItemView::PositionAtCenter);
    view.viewport()->repaint(); // the paint asks for the rows it shows
    if (!runEventLoopUntil([&] { return !model.rowAt(row).id.isNull() || !model.lastError().isEmpty(); },
                           60000))
        qFatal("row %d never came", row);
    view.viewport()->repaint();
    return clock.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption runsOpt(u"runs"_s, u"Runs to store."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption repeatOpt(u"repeat"_s, u"Repeats."_s, u"N"_s, u"3"_s);
    const QCommandLineOption depthOpt(u"depth"_s, u"The row to scroll to."_s, u"N"_s, u"50000"_s);
    const QCommandLineOption pgOpt(u"postgres"_s, u"A PostgreSQL database URL instead of SQLite."_s,
                                   u"URL"_s);
    parser.addOptions({runsOpt, repeatOpt, depthOpt, pgOpt});
    parser.addHelpOption();
    parser.process(app);
    const int runs = parser.value(runsOpt).toInt();
    const int repeat = parser.value(repeatOpt).toInt();
    const int depth = parser.value(depthOpt).toInt();

    QTemporaryDir dir;
    auto url = DatabaseUrl::parse(parser.isSet(pgOpt) ? parser.value(pgOpt) : dir.filePath(u"traces.db"_s));
    if (!url)
        qFatal("%s", qPrintable(url.error().toString()));
    ServerThread server(*url, runs);
    server.start();
    server.ready.acquire();
    if (!server.error.isEmpty())
        qFatal("%s", qPrintable(server.error));
    std::printf("traces  %s, %d runs in one project stored in %.0f s\n",
                url->dialect == Dialect::Sqlite ? "SQLite" : "PostgreSQL", runs, server.seeded.seconds);

    if (url->dialect == Dialect::Postgres) {
        // What autovacuum does after a bulk load (in its own time): marks the pages all-visible, without
        // which an index-only count still reads the table (measured: 1.5 s instead of 0.75 s).
        auto db = openDatabase(*url, u"vacuum"_s);
        if (!db)
            qFatal("%s", qPrintable(db.error().toString()));
        QElapsedTimer clock;
        clock.start();
        QSqlQuery(*db).exec(u"VACUUM ANALYZE runs"_s);
        std::printf("  VACUUM ANALYZE runs: %.1f s\n", clock.nsecsElapsed() / 1e9);
    }
    client::ApiClient api(QUrl(u"http://127.0.0.1:%1/api/v1"_s.arg(server.port)), kAdminKey.toLatin1());
    // The lead's traces page itself: its table, its column widths and row heights.
    app::TracesPage page(api);
    page.resize(1400, 900);
    page.show();
    client::RunTableModel &model = page.runs();
    QTableView &view = *page.table();
    const client::RunTableQuery all{server.seeded.projectId, QString(), true, false};
    const client::RunTableQuery low{server.seeded.projectId, u"metadata.eval_score < 0.5"_s, true, false};

    // The server's answer alone, for a page of the largest size: what the model adds is the rest.
    QJsonObject largestPage = client::runQueryBody(all);
    largestPage.insert("limit"_L1, client::RunTableModel::kMaxPageSize);
    largestPage.insert("select"_L1, QJsonArray::fromStringList(client::kTableFields));
    const QList<double> rawPage = timePosts(api, u"/runs/query"_s, largestPage, 30000);

    // The count over HTTP alone.
    const QList<double> statsHttp = timePosts(api, u"/runs/stats"_s, client::runQueryBody(all), 60000);

    // A jump: the page at row `depth` through an offset cursor ("o:N"), which the server places in its index.
    QJsonObject jump = client::runQueryBody(all);
    jump.insert("limit"_L1, client::RunTableModel::kPageSize);
    jump.insert("select"_L1, QJsonArray::fromStringList(client::kTableFields));
    jump.insert("cursor"_L1, u"o:%1"_s.arg(depth));
    const QList<double> offsetPage = timePosts(api, u"/runs/query"_s, jump, 60000);

    // What the jump asks of SQLite (a connection of its own to the file): the project's root count, and
    // the position of row `depth` read from the listing order alone.
    QList<double> countSql, positionSql;
    if (url->dialect == Dialect::Sqlite) {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"seek"_s);
        db.setDatabaseName(url->path);
        db.open();
        for (int r = 0; r < 5; ++r) {
            QElapsedTimer clock;
            clock.start();
            QSqlQuery count(db);
            count.prepare(u"SELECT COUNT(*) FROM runs WHERE session_id = ? AND is_root = 1"_s);
            count.addBindValue(server.seeded.projectId.toString());
            count.exec();
            count.next();
            countSql.append(clock.nsecsElapsed() / 1e6);
            clock.start();
            QSqlQuery position(db);
            position.prepare(
                u"SELECT COALESCE(start_time, 0), id FROM runs WHERE session_id = ? AND is_root = 1"
                " ORDER BY COALESCE(start_time, 0) DESC, id DESC LIMIT 1 OFFSET ?"_s);
            position.addBindValue(server.seeded.projectId.toString());
            position.addBindValue(depth);
            position.exec();
            position.next();
            positionSql.append(clock.nsecsElapsed() / 1e6);
        }
    }

    Timing t;
    for (int r = 0; r < repeat; ++r) {
        QElapsedTimer opened;
        opened.start();
        t.open.append(openAndPaint(model, view, all));
        if (!model.lastError().isEmpty())
            qFatal("%s", qPrintable(model.lastError()));
        // The count comes after the first rows: then the scrollbar spans the project.
        if (!runEventLoopUntil([&] { return model.rowCount() == runs; }, 60000))
            qFatal("the count never came (%d rows)", model.rowCount());
        view.viewport()->repaint();
        t.counted.append(opened.nsecsElapsed() / 1e6);
        t.jump.append(scrollAndPaint(model, view, depth - 1));
        // Ten pages down from there: the blocks after the jump come through their cursors.
        QElapsedTimer clock;
        clock.start();
        const int rowsPerScreen = view.viewport()->height() / view.rowHeight(0);
        for (int p = 1; p <= 10; ++p)
            scrollAndPaint(model, view, depth - 1 + p * rowsPerScreen);
        t.pagesDown.append(clock.nsecsElapsed() / 1e6);
        t.end.append(scrollAndPaint(model, view, model.rowCount() - 1));
        t.filtered.append(openAndPaint(model, view, low));
    }
    auto line = [](const char *what, QList<double> ms) {
        std::printf("  %-58s p50 %8.1f ms   max %8.1f ms\n", what, percentile(ms, 0.5), percentile(ms, 1.0));
    };
    line("open the project: first rows painted", t.open);
    line("  the count: every row in the scrollbar", t.counted);
    line(qPrintable(u"jump to row %1: the row painted"_s.arg(depth)), t.jump);
    line("  then ten screens down, in all", t.pagesDown);
    line(qPrintable(u"jump to the last row (%1)"_s.arg(runs)), t.end);
    line("filtered metadata.eval_score < 0.5 (1%): first rows", t.filtered);
    line(qPrintable(
             u"a page of %1 over HTTP alone (no model, no view)"_s.arg(client::RunTableModel::kMaxPageSize)),
         rawPage);
    line("the count (POST /runs/stats), HTTP alone", statsHttp);
    line(qPrintable(
             u"a page of %1 at row %2 by an offset cursor, HTTP alone"_s.arg(client::RunTableModel::kPageSize)
                 .arg(depth)),
         offsetPage);
    if (!countSql.isEmpty()) {
        line("SQL alone: COUNT of the project's root runs", countSql);
        line(qPrintable(u"SQL alone: the listing position of row %1 (OFFSET over the order)"_s.arg(depth)),
             positionSql);
    }
    server.quit();
    server.wait();
    return 0;
}
