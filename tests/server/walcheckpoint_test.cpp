// SQLite's write-ahead log is copied back into the database by a thread of its own, not by whichever
// request happens to cross SQLite's automatic threshold.

#include "serverharness.h"

#include <printers.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

TEST(WalCheckpoint, TheLogReachesTheDatabaseWithoutARequestPayingForIt)
{
    ServerHarness srv(server::Dialect::Sqlite);
    ASSERT_TRUE(srv.started());
    QString path;
    ASSERT_TRUE(srv.restart([&](const server::DatabaseUrl &db) { path = db.path; }));
    QJsonArray batch;
    for (int i = 0; i < 2000; ++i)
        batch.append(QJsonObject{{"id"_L1, Uuid::v7().toString()},
                                 {"name"_L1, u"run"_s},
                                 {"session_name"_L1, u"p"_s},
                                 {"inputs"_L1, QJsonObject{{"text"_L1, QString(500, u'x')}}}});
    const qint64 before = QFileInfo(path).size();
    ASSERT_EQ(srv.post(u"/runs/batch"_s, QJsonObject{{"post"_L1, batch}}).status, 202);
    ASSERT_GT(QFileInfo(path + u"-wal"_s).size(), 1'000'000) << "the runs went to the log";
    // Well below SQLite's automatic threshold (20,000 pages): only the background thread copies them.
    QElapsedTimer waited;
    waited.start();
    while (QFileInfo(path).size() <= before + 1'000'000 && waited.elapsed() < 5000)
        QThread::msleep(50);
    EXPECT_GT(QFileInfo(path).size(), before + 1'000'000)
        << "checkpointed within " << waited.elapsed() << " ms";
}
