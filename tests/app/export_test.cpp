// Exporting from the desktop against a real server with the demo project: the lead's Queues page opens
// the export dialog for the chosen queue; a CSV of the demo queue lands in the chosen file (read back
// strictly, one row per answer), OpenAI fine-tuning lines with the default filter carry the answered
// conversation, a refused filter says why and writes nothing, and a cancelled export leaves no file; the
// Traces page exports the answered items of the runs its filter finds.

#include "appfixture.h"

#include "exports/exportdialog.h"
#include "exports/exportdownload.h"
#include "lead/leadarea.h"
#include "models/runtablemodel.h"
#include "queueeditor/queuespage.h"
#include "reviewprogram.h"
#include "strictcsv.h"
#include "traces/tracespage.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class LeadExport : public AppTest {
protected:
    QByteArray windowKey() const override { return ServerHarness::kAdminKey; }
};

// Runs the dialog's export of `format` to `path` with the filter given; whether it finished well.
bool exportWith(app::ExportDialog &dialog, const QString &format, const QString &path,
                const QString &where = {})
{
    dialog.format()->setCurrentIndex(dialog.format()->findData(format));
    dialog.where()->setText(where);
    dialog.choosePath = [path](const QString &suggested) {
        EXPECT_TRUE(suggested.endsWith(u".csv"_s) || suggested.endsWith(u".jsonl"_s))
            << suggested.toStdString();
        return path;
    };
    QSignalSpy finished(&dialog.download(), &client::ExportDownload::finished);
    QTest::mouseClick(dialog.exportButton(), Qt::LeftButton);
    if (finished.isEmpty() && !finished.wait(20000))
        return false;
    return finished.first().at(0).toBool();
}

} // namespace

TEST_F(LeadExport, TheDemoQueueToCsvAndFineTuningLinesAndACancelLeavesNoFile)
{
    const QString queue =
        server->get(u"/annotation-queues?name=production-rag-review"_s).array().at(0)["id"_L1].toString();
    const QJsonArray items = server->get(u"/annotation-queues/%1/runs?limit=2"_s.arg(queue)).array();
    ASSERT_EQ(items.size(), 2);
    submitAnswer(*server, kReviewerKey, queue, items[0]["id"_L1].toString(),
                 QJsonObject{{"overall_quality"_L1, u"good"_s}, {"groundedness"_L1, u"grounded"_s}});
    submitAnswer(*server, kReviewerKey, queue, items[1]["id"_L1].toString(),
                 QJsonObject{{"overall_quality"_L1, u"bad"_s}, {"groundedness"_L1, u"hallucinated"_s}});

    app::LeadArea *lead = openLeadArea();
    ASSERT_NE(lead, nullptr);
    lead->setCurrentWidget(lead->queues());
    app::QueuesPage *queues = lead->queues();
    QTRY_VERIFY(queues->list()->model()->rowCount() > 0);
    queues->list()->setCurrentIndex(queues->list()->model()->index(0, 0));
    QTemporaryDir files;
    bool ran = false;
    queues->onExport = [&](app::ExportDialog &dialog) {
        ran = true;
        dialog.show();
        EXPECT_TRUE(dialog.windowTitle().contains(u"production-rag-review"_s));

        const QString csvPath = files.filePath(u"review.csv"_s);
        ASSERT_TRUE(exportWith(dialog, u"csv"_s, csvPath)) << dialog.status()->text().toStdString();
        QFile csv(csvPath);
        ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
        const QList<QStringList> records = readCsvStrictly(QString::fromUtf8(csv.readAll()));
        EXPECT_EQ(records.size(), 1 + 14) << "the header and one row per item (one answer at most each)";
        EXPECT_EQ(dialog.download().progress().records, 14);
        EXPECT_EQ(dialog.status()->text(), u"14 record(s) written to %1."_s.arg(csvPath));

        const QString ftPath = files.filePath(u"ft.jsonl"_s);
        ASSERT_TRUE(exportWith(dialog, u"openai"_s, ftPath)) << dialog.status()->text().toStdString();
        QFile ft(ftPath);
        ASSERT_TRUE(ft.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = ft.readAll().trimmed().split('\n');
        ASSERT_EQ(lines.size(), 1) << "the one good answer";
        const QJsonArray messages = QJsonDocument::fromJson(lines[0]).object().value("messages"_L1).toArray();
        EXPECT_EQ(messages.first()["role"_L1].toString(), u"system");
        EXPECT_EQ(messages.last()["role"_L1].toString(), u"assistant");

        // A filter naming no field: the server's reason, and no file.
        const QString badPath = files.filePath(u"bad.jsonl"_s);
        EXPECT_FALSE(exportWith(dialog, u"openai"_s, badPath, u"quality = good"_s));
        EXPECT_EQ(dialog.status()->text(), u"where: the rubric has no field \"quality\"");
        EXPECT_FALSE(QFile::exists(badPath));

        // Cancelled before it completes: nothing at the path.
        const QString cancelledPath = files.filePath(u"cancelled.jsonl"_s);
        dialog.format()->setCurrentIndex(dialog.format()->findData(u"jsonl"_s));
        dialog.where()->clear();
        dialog.choosePath = [&](const QString &) { return cancelledPath; };
        dialog.startExport();
        ASSERT_TRUE(dialog.download().running());
        QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
        EXPECT_FALSE(dialog.download().running());
        EXPECT_EQ(dialog.status()->text(), u"Export cancelled; no file was written.");
        QTest::qWait(200);
        EXPECT_FALSE(QFile::exists(cancelledPath));
        EXPECT_EQ(QDir(files.path()).entryList(QDir::Files).size(), 2) << "no temporary file left either";
    };
    queues->exportQueue();
    EXPECT_TRUE(ran);

    // From the Traces page: the demo project's runs matching the filter, their answered items.
    app::TracesPage *traces = lead->traces();
    lead->setCurrentWidget(traces);
    traces->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(traces->runs().rowCount() > 0, 10000);
    traces->filter()->setText(u"has_feedback_key(\"overall_quality\")"_s);
    QTest::keyClick(traces->filter(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(traces->runs().query().filter, u"has_feedback_key(\"overall_quality\")"_s,
                              10000);
    bool exported = false;
    traces->onExport = [&](app::ExportDialog &dialog) {
        exported = true;
        EXPECT_TRUE(dialog.windowTitle().contains(traces->projects()->currentText()));
        const QString path = files.filePath(u"project.jsonl"_s);
        ASSERT_TRUE(exportWith(dialog, u"jsonl"_s, path)) << dialog.status()->text().toStdString();
        QFile written(path);
        ASSERT_TRUE(written.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = written.readAll().trimmed().split('\n');
        ASSERT_EQ(lines.size(), 2) << "the two answered items";
        QStringList runs;
        for (const QByteArray &line : lines)
            runs.append(QJsonDocument::fromJson(line).object().value("run_id"_L1).toString());
        runs.sort();
        QStringList answered{items[0]["id"_L1].toString(), items[1]["id"_L1].toString()};
        answered.sort();
        EXPECT_EQ(runs, answered);
    };
    traces->exportRuns();
    EXPECT_TRUE(exported);
}
