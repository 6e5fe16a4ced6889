// The desktop's export download against a real assay-server (SQLite and PostgreSQL) through the fault
// proxy: a connection dropped mid-export is resumed from the snapshot and the records already written,
// and the file that lands is byte for byte the export the server streams in one go; a refusal and a
// cancel leave no file.

#include "faultproxy.h"
#include "serverharness.h"

#include "api/apiclient.h"
#include "exports/exportdownload.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class ExportDownloads : public ServerTest {
protected:
    QString queue;

    void SetUp() override
    {
        ServerTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        queue = srv()
                    .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"big"_s}})
                    .object()["id"_L1]
                    .toString();
        // 1,500 runs of ~8 KB: an export of ~12 MB, many pieces long.
        const QString context = QString(8000, u'x');
        for (int batch = 0; batch < 3; ++batch) {
            QJsonArray post;
            QJsonArray ids;
            for (int i = 0; i < 500; ++i) {
                const QString id = Uuid::v7().toString();
                ids.append(id);
                post.append(QJsonObject{
                    {"id"_L1, id},
                    {"name"_L1, u"r"_s},
                    {"run_type"_L1, u"chain"_s},
                    {"session_name"_L1, u"p"_s},
                    {"inputs"_L1, QJsonObject{{"question"_L1, u"q%1"_s.arg(i)}, {"context"_L1, context}}},
                    {"outputs"_L1, QJsonObject{{"answer"_L1, u"a"_s}}},
                    {"start_time"_L1, Timestamp::now().toIso()}});
            }
            ASSERT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"post"_L1, post}}).status, 202);
            ASSERT_EQ(srv().post(u"/annotation-queues/%1/runs"_s.arg(queue), ids).status, 200);
        }
    }

    // Runs a download to its end; whether it finished well, and its message.
    std::pair<bool, QString> run(client::ExportDownload &download, const QString &path,
                                 const QUrlQuery &options,
                                 const std::function<void(const client::ExportProgress &)> &onProgress = {})
    {
        QSignalSpy finished(&download, &client::ExportDownload::finished);
        if (onProgress)
            QObject::connect(&download, &client::ExportDownload::progressed, &download, onProgress);
        QString error;
        EXPECT_TRUE(
            download.start(client::ExportSource::queue(*Uuid::parse(queue), u"big"_s), options, path, &error))
            << error.toStdString();
        EXPECT_TRUE(finished.wait(120000));
        if (finished.isEmpty())
            return {false, {}};
        return {finished.first().at(0).toBool(), finished.first().at(1).toString()};
    }
};

QUrlQuery format(const QString &name)
{
    QUrlQuery q;
    q.addQueryItem(u"format"_s, name);
    return q;
}

QByteArray contents(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

TEST_P(ExportDownloads, AConnectionDroppedMidExportIsResumedToTheSameBytes)
{
    FaultProxy proxy(srv().port());
    client::ApiClient api(QUrl(proxy.baseUrl()), ServerHarness::kAdminKey);
    client::ExportDownload download(api);
    QTemporaryDir dir;
    for (const QString &f : {u"jsonl"_s, u"csv"_s}) {
        const QString path = dir.filePath(u"big."_s + f);
        bool dropped = false;
        const auto [ok, message] = run(download, path, format(f), [&](const client::ExportProgress &p) {
            if (!dropped && p.records > 0 && p.records < 1000) {
                dropped = true;
                proxy.closeAll(); // the network goes away mid-export
            }
        });
        ASSERT_TRUE(ok) << message.toStdString();
        EXPECT_TRUE(dropped);
        EXPECT_GE(download.resumes(), 1) << f.toStdString();
        EXPECT_EQ(download.progress().records, 1500);
        const QByteArray whole = srv().get(u"/annotation-queues/%1/export?format=%2"_s.arg(queue, f)).body;
        const QByteArray written = contents(path);
        ASSERT_EQ(written.size(), whole.size()) << f.toStdString();
        EXPECT_TRUE(written == whole) << "the resumed file is the export, byte for byte";
        EXPECT_EQ(message, u"1500 record(s) written to %1."_s.arg(path));
        QObject::disconnect(&download, &client::ExportDownload::progressed, nullptr, nullptr);
    }
}

TEST_P(ExportDownloads, ARefusalOrACancelLeavesNoFile)
{
    client::ApiClient api(QUrl(srv().baseUrl()), ServerHarness::kAdminKey);
    client::ExportDownload download(api);
    QTemporaryDir dir;
    QUrlQuery bad = format(u"openai"_s);
    const auto [ok, message] = run(download, dir.filePath(u"refused.jsonl"_s), bad);
    EXPECT_FALSE(ok);
    EXPECT_TRUE(message.startsWith(u"where: say which answers make training examples"_s))
        << message.toStdString();

    const QString cancelled = dir.filePath(u"cancelled.jsonl"_s);
    QSignalSpy finished(&download, &client::ExportDownload::finished);
    QString error;
    ASSERT_TRUE(download.start(client::ExportSource::queue(*Uuid::parse(queue), u"big"_s), format(u"jsonl"_s),
                               cancelled, &error));
    QSignalSpy progressed(&download, &client::ExportDownload::progressed);
    ASSERT_TRUE(progressed.wait(30000)) << "some records arrive";
    download.cancel();
    ASSERT_EQ(finished.size(), 1);
    EXPECT_FALSE(finished.first().at(0).toBool());
    EXPECT_FALSE(download.running());
    QTest::qWait(100);
    EXPECT_TRUE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty())
        << "no file, no temporary file";
}

INSTANTIATE_TEST_SUITE_P(Db, ExportDownloads, ::testing::Values(Dialect::Sqlite, Dialect::Postgres),
                         dialectName);
