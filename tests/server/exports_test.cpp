// Exports over REST on SQLite and PostgreSQL (docs/exports.md): a queue whose runs take every shape the
// formats read, answered by two reviewers; each format streamed and read back (JSONL parsed, CSV by a
// strict RFC 4180 reader), a 1 MB input with quotes, newlines, NUL and an emoji surviving them all;
// the summary's counts; resuming by snapshot and skip; answers marked used and the export audited;
// who may export; a dataset made from the answers and downloaded in LangSmith's three shapes.

#include "queuefixture.h"

#include "strictcsv.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QThread>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

QList<QJsonObject> jsonLines(const QByteArray &body)
{
    QList<QJsonObject> out;
    for (const QByteArray &line : body.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        EXPECT_EQ(error.error, QJsonParseError::NoError) << line.left(200).toStdString();
        out.append(doc.object());
    }
    EXPECT_TRUE(body.isEmpty() || body.endsWith('\n')) << "every line ends";
    return out;
}

QString hardText()
{
    // 1 MB of a question with everything CSV and JSON must carry.
    const QString piece = u"Why \"this\", and\nnot that?\r\tNUL:"_s + QChar(0) + u" emoji: 🙂🚀, "_s;
    QString text;
    while (text.size() < 1024 * 1024 / 2)
        text += piece;
    return text;
}

class Exports : public QueueFixture {
protected:
    QByteArray ann, bob;
    QString r1, r2, r3, r4, r5;

    void SetUp() override
    {
        QueueFixture::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        makeQueue(u"exported"_s, R"({"fields":[
            {"name":"overall_quality","type":"categorical","options":["good","bad"],"required":true},
            {"name":"groundedness","type":"continuous","min":1,"max":5},
            {"name":"notes","type":"freeform"}]})");
        ann = reviewer(u"ann"_s);
        bob = reviewer(u"bob"_s);
        r1 = send(
            QJsonObject{{"messages"_L1,
                         QJsonArray{QJsonObject{{"role"_L1, u"system"_s}, {"content"_L1, u"Be brief."_s}},
                                    QJsonObject{{"role"_L1, u"user"_s}, {"content"_L1, u"Q1"_s}}}}},
            QJsonObject{{"answer"_L1, u"A1"_s}});
        r2 = send(QJsonObject{{"question"_L1, u"Q2"_s}}, QJsonObject{{"output"_L1, u"A2"_s}});
        r3 = send(QJsonObject{{"args"_L1, QJsonArray{1, 2}}}, QJsonObject{{"output"_L1, u"x"_s}});
        r4 = send(QJsonObject{{"question"_L1, hardText()}}, QJsonObject{{"answer"_L1, u"ok"_s}});
        r5 = send(QJsonObject{{"question"_L1, u"Q5"_s}}, QJsonObject{{"answer"_L1, u"A5"_s}});
        answer(ann, r1, QJsonObject{{"overall_quality"_L1, u"good"_s}, {"groundedness"_L1, 5}});
        answer(bob, r1, QJsonObject{{"overall_quality"_L1, u"good"_s}}, Timestamp::now(), 20,
               QJsonObject{{"correction"_L1, u"Better A1"_s}});
        answer(ann, r2, QJsonObject{{"overall_quality"_L1, u"bad"_s}}, Timestamp::now(), 20,
               QJsonObject{{"correction"_L1, u"Fixed A2"_s}, {"comment"_L1, comment()}});
        answer(ann, r3, QJsonObject{{"overall_quality"_L1, u"good"_s}});
        answer(ann, r4, QJsonObject{{"overall_quality"_L1, u"good"_s}});
    }

    static QString comment() { return u"says \"30 days\",\nbut it's 90 🙂 NUL:"_s + QChar(0); }

    // A run with these inputs and outputs, sent and queued; its id.
    QString send(const QJsonObject &inputs, const QJsonObject &outputs)
    {
        const QString id = Uuid::v7().toString();
        const QJsonObject run{{"id"_L1, id},
                              {"name"_L1, u"chat"_s},
                              {"run_type"_L1, u"chain"_s},
                              {"session_name"_L1, u"p"_s},
                              {"inputs"_L1, inputs},
                              {"outputs"_L1, outputs},
                              {"start_time"_L1, Timestamp::now().toIso()},
                              {"end_time"_L1, Timestamp::now().toIso()}};
        EXPECT_EQ(srv().post(u"/runs"_s, run).status, 202);
        EXPECT_EQ(srv().post(u"/annotation-queues/%1/runs"_s.arg(queue), QJsonArray{id}).status, 200);
        runs.append(id);
        return id;
    }

    HttpResult exportAs(const QString &query, const QByteArray &key = ServerHarness::kAdminKey)
    {
        return srv().request("GET", u"/annotation-queues/%1/export?%2"_s.arg(queue, query), {}, key);
    }

    QJsonObject summary(const QString &query)
    {
        const HttpResult r = srv().get(u"/annotation-queues/%1/export/summary?%2"_s.arg(queue, query));
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.object();
    }

    QVariant usedAnswers()
    {
        return srv().scalar(u"SELECT COUNT(*) FROM annotations WHERE used_at IS NOT NULL"_s);
    }
};

TEST_P(Exports, AnnotatedJsonlAndCsvCarryEveryItemAndSurviveAHardMegabyte)
{
    const HttpResult jsonl = exportAs(u"format=jsonl"_s);
    ASSERT_EQ(jsonl.status, 200) << jsonl.body.left(300).toStdString();
    EXPECT_EQ(jsonl.headers.value("content-type"), "application/x-ndjson");
    EXPECT_EQ(jsonl.headers.value("transfer-encoding"), "chunked");
    EXPECT_EQ(jsonl.headers.value("content-disposition"), "attachment; filename=\"exported-jsonl.jsonl\"");
    EXPECT_EQ(jsonl.headers.value("x-assay-export-items"), "5");
    const QList<QJsonObject> lines = jsonLines(jsonl.body);
    ASSERT_EQ(lines.size(), 5);
    QStringList order;
    for (const QJsonObject &l : lines)
        order.append(l.value("run_id"_L1).toString());
    EXPECT_EQ(order, runs) << "queue order";
    EXPECT_EQ(lines[0].value("answers"_L1).toArray().size(), 2);
    EXPECT_TRUE(lines[0].value("completed"_L1).toBool());
    EXPECT_EQ(lines[1]["answers"_L1][0]["comment"_L1].toString(), comment());
    EXPECT_EQ(lines[1]["answers"_L1][0]["correction"_L1].toString(), u"Fixed A2");
    EXPECT_EQ(lines[1]["answers"_L1][0]["reviewer"_L1].toString(), u"ann");
    EXPECT_EQ(lines[3]["run"_L1]["inputs"_L1]["question"_L1].toString(), hardText());
    EXPECT_TRUE(lines[4].value("answers"_L1).toArray().isEmpty());

    const HttpResult csv = exportAs(u"format=csv"_s);
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.headers.value("content-type"), "text/csv; charset=utf-8");
    EXPECT_FALSE(csv.body.startsWith("\xEF\xBB\xBF")) << "no BOM unless asked";
    const QList<QStringList> records = readCsvStrictly(QString::fromUtf8(csv.body));
    ASSERT_EQ(records.size(), 1 + 6); // header; r1 twice (two reviewers), the others once
    const QStringList header = records[0];
    ASSERT_EQ(header.mid(16), (QStringList{u"overall_quality"_s, u"groundedness"_s, u"notes"_s, u"comment"_s,
                                           u"correction"_s}));
    for (const QStringList &r : records)
        EXPECT_EQ(r.size(), header.size());
    EXPECT_EQ(records[3][header.indexOf(u"comment"_s)], comment());
    EXPECT_EQ(
        QJsonDocument::fromJson(records[5][header.indexOf(u"inputs"_s)].toUtf8())["question"_L1].toString(),
        hardText());
    EXPECT_TRUE(exportAs(u"format=csv&bom=true"_s).body.startsWith("\xEF\xBB\xBFitem_id,"));
}

TEST_P(Exports, TrainingFormatsTakeQualifyingAnswersAndListWhatTheyCouldNotRead)
{
    // Default: overall_quality = good, every answer of the item.
    const QList<QJsonObject> openai = jsonLines(exportAs(u"format=openai"_s).body);
    ASSERT_EQ(openai.size(), 2); // r1 (both good; bob's correction is the reply) and r4
    EXPECT_EQ(openai[0].value("messages"_L1).toArray(),
              (QJsonArray{QJsonObject{{"role"_L1, u"system"_s}, {"content"_L1, u"Be brief."_s}},
                          QJsonObject{{"role"_L1, u"user"_s}, {"content"_L1, u"Q1"_s}},
                          QJsonObject{{"role"_L1, u"assistant"_s}, {"content"_L1, u"Better A1"_s}}}));
    EXPECT_EQ(openai[1]["messages"_L1][0]["content"_L1].toString(), hardText());
    const QJsonObject s = summary(u"format=openai"_s);
    EXPECT_EQ(s.value("items_scanned"_L1).toInt(), 5);
    EXPECT_EQ(s.value("records"_L1).toInt(), 2);
    EXPECT_EQ(s.value("not_qualifying"_L1).toInt(), 2); // r2 (bad), r5 (unanswered)
    EXPECT_EQ(s.value("unreadable_count"_L1).toInt(), 1);
    EXPECT_EQ(s["unreadable"_L1][0]["run_id"_L1].toString(), r3);
    EXPECT_EQ(s["unreadable"_L1][0]["reason"_L1].toString(), u"no user message in the run's inputs");

    const QList<QJsonObject> sharegpt = jsonLines(exportAs(u"format=sharegpt"_s).body);
    ASSERT_EQ(sharegpt.size(), 2);
    EXPECT_EQ(sharegpt[0]["conversations"_L1][2]["from"_L1].toString(), u"gpt");
    const QList<QJsonObject> alpaca =
        jsonLines(exportAs(u"format=alpaca&where=overall_quality%20%3D%20bad"_s).body);
    ASSERT_EQ(alpaca.size(), 1);
    EXPECT_EQ(alpaca[0],
              (QJsonObject{{"instruction"_L1, u"Q2"_s}, {"input"_L1, u""_s}, {"output"_L1, u"Fixed A2"_s}}));

    // DPO: every corrected item, the correction chosen over the run's answer.
    const QList<QJsonObject> dpo = jsonLines(exportAs(u"format=dpo"_s).body);
    ASSERT_EQ(dpo.size(), 2);
    EXPECT_EQ(dpo[1]["chosen"_L1][0]["content"_L1].toString(), u"Fixed A2");
    EXPECT_EQ(dpo[1]["rejected"_L1][0]["content"_L1].toString(), u"A2");
    EXPECT_EQ(dpo[1]["prompt"_L1][0]["content"_L1].toString(), u"Q2");

    // Answers that went out are used now (written behind the export, on the write worker).
    QElapsedTimer waited;
    waited.start();
    while (usedAnswers().toInt() < 4 && waited.elapsed() < 5000)
        QThread::msleep(20);
    QThread::msleep(100);
    EXPECT_EQ(usedAnswers().toInt(), 4) << "r1's two, r2's, r4's; not r3's: it could not be read";
}

TEST_P(Exports, FiltersByAnswerStateAndReviewer)
{
    auto runsOf = [&](const QString &query) {
        QStringList ids;
        for (const QJsonObject &l : jsonLines(exportAs(u"format=jsonl&"_s + query).body))
            ids.append(l.value("run_id"_L1).toString());
        return ids;
    };
    // One reviewer completes an item of this queue (its reviewers per item).
    EXPECT_EQ(runsOf(u"status=completed"_s), (QStringList{r1, r2, r3, r4}));
    EXPECT_EQ(runsOf(u"status=open"_s), QStringList{r5});
    EXPECT_EQ(runsOf(u"reviewer=bob"_s), QStringList{r1});
    EXPECT_EQ(runsOf(u"where=overall_quality%20%3D%20bad"_s), QStringList{r2});
    EXPECT_EQ(runsOf(u"where=groundedness%20%3E%3D%205&match=any"_s), QStringList{r1});
    EXPECT_EQ(runsOf(u"where=groundedness%20%3E%3D%205&match=all"_s), QStringList{}) << "bob left it empty";
    // Only bob's answer is in his rows.
    const QList<QJsonObject> bobs = jsonLines(exportAs(u"format=jsonl&reviewer=bob"_s).body);
    ASSERT_EQ(bobs.size(), 1);
    EXPECT_EQ(bobs[0]["answers"_L1].toArray().size(), 1);
    EXPECT_EQ(bobs[0]["answers"_L1][0]["reviewer"_L1].toString(), u"bob");
}

TEST_P(Exports, BadOptionsAreRefusedNamingTheOption)
{
    struct Case {
        QString query;
        QString detail;
    };
    const QList<Case> cases{
        {u"format=xml"_s,
         u"format: unknown format \"xml\"; one of jsonl, csv, openai, sharegpt, alpaca, dpo"_s},
        {u"where=overall_qualty%20%3D%20good"_s, u"where: the rubric has no field \"overall_qualty\""_s},
        {u"status=done"_s, u"status: one of any, completed, open"_s},
        {u"match=most"_s, u"match: \"all\" (every answer of an item qualifies) or \"any\""_s},
        {u"reviewer=zed"_s, u"reviewer: no reviewer \"zed\" on this queue"_s},
        {u"skip=3"_s, u"snapshot: resuming needs the first request's snapshot (X-Assay-Export-Snapshot)"_s},
        {u"skip=-1&snapshot=1"_s, u"skip: a count of records already received (0 or more)"_s},
        {u"from=yesterday"_s, u""_s},
        {u"limit=5"_s, u""_s},
    };
    for (const Case &c : cases) {
        const HttpResult r = exportAs(c.query);
        EXPECT_EQ(r.status, 400) << c.query.toStdString();
        if (!c.detail.isEmpty())
            EXPECT_EQ(r.detail(), c.detail) << c.query.toStdString();
        else
            EXPECT_TRUE(r.detail().startsWith(c.query.section(u'=', 0, 0) + u": "_s))
                << r.detail().toStdString();
    }
    // A queue whose rubric has no overall_quality needs the filter said.
    const QString other = createQueue(srv(), u"scores only"_s,
                                      R"({"fields":[{"name":"score","type":"continuous","min":0,"max":1}]})");
    const HttpResult r = srv().get(u"/annotation-queues/%1/export?format=openai"_s.arg(other));
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(r.detail().startsWith(u"where: say which answers make training examples"_s))
        << r.detail().toStdString();
    EXPECT_EQ(srv().get(u"/annotation-queues/%1/export?format=openai&where="_s.arg(other)).status, 200);
}

TEST_P(Exports, AResumedExportContinuesTheSnapshotExactly)
{
    const HttpResult first = exportAs(u"format=jsonl"_s);
    ASSERT_EQ(first.status, 200);
    const QByteArray snapshot = first.headers.value("x-assay-export-snapshot");
    ASSERT_FALSE(snapshot.isEmpty());
    const QList<QByteArray> all = first.body.split('\n');
    // Meanwhile another answer comes in (after the snapshot: left out, so r2's record is as it was sent)
    // and a run is queued (it joins at the end).
    answer(bob, r2, QJsonObject{{"overall_quality"_L1, u"good"_s}});
    const QString late = send(QJsonObject{{"question"_L1, u"late"_s}}, QJsonObject{{"answer"_L1, u"late"_s}});
    const HttpResult rest = exportAs(u"format=jsonl&snapshot=%1&skip=1"_s.arg(QString::fromLatin1(snapshot)));
    ASSERT_EQ(rest.status, 200);
    const QList<QByteArray> restLines = rest.body.split('\n');
    ASSERT_EQ(restLines.size(), 6); // r2..r5, the late run, and the empty rest after the last newline
    EXPECT_EQ(restLines.mid(0, 4), all.mid(1, 4)) << "r2's record has one answer, as first sent";
    EXPECT_EQ(QJsonDocument::fromJson(restLines[4]).object().value("run_id"_L1).toString(), late);
    EXPECT_EQ(rest.headers.value("x-assay-export-snapshot"), snapshot);
    // A resumed CSV has no second header.
    const HttpResult csv = exportAs(u"format=csv&snapshot=%1&skip=1"_s.arg(QString::fromLatin1(snapshot)));
    EXPECT_FALSE(csv.body.startsWith("item_id"));
    EXPECT_EQ(readCsvStrictly(QString::fromUtf8(csv.body)).size(), 6)
        << "7 rows (r1 twice, the late run), 1 skipped";
    // A new export sees both.
    EXPECT_EQ(jsonLines(exportAs(u"format=jsonl"_s).body).size(), 6);
}

TEST_P(Exports, MembersExportReviewersMayNotAndEachExportIsAudited)
{
    const QByteArray member =
        srv()
            .post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"analyst"_s}, {"role"_L1, u"member"_s}})
            .object()
            .value("key"_L1)
            .toString()
            .toUtf8();
    EXPECT_EQ(exportAs(u"format=csv"_s, member).status, 200);
    EXPECT_EQ(exportAs(u"format=csv"_s, ann).status, 403) << "a reviewer, even of this queue";
    EXPECT_EQ(srv().request("GET", u"/annotation-queues/%1/export/summary"_s.arg(queue), {}, ann).status,
              403);
    EXPECT_EQ(srv().get(u"/annotation-queues/%1/export"_s.arg(Uuid::v7().toString())).status, 404);
    QElapsedTimer waited;
    waited.start();
    while (srv().auditEntries(u"export"_s).isEmpty() && waited.elapsed() < 5000)
        QThread::msleep(20);
    const QJsonArray audited = srv().auditEntries(u"export"_s);
    ASSERT_EQ(audited.size(), 1);
    EXPECT_EQ(audited[0]["entity_id"_L1].toString(), queue);
    EXPECT_EQ(audited[0]["after"_L1]["format"_L1].toString(), u"csv");
}

TEST_P(Exports, ADatasetFromTheGoodAnswersInOneRequestAndItsDownloads)
{
    const HttpResult made = srv().post(u"/annotation-queues/%1/datasets"_s.arg(queue),
                                       QJsonObject{{"name"_L1, u"rag-good-examples"_s}});
    ASSERT_EQ(made.status, 201) << made.body.toStdString();
    const QString dataset = made.object().value("id"_L1).toString();
    EXPECT_EQ(made.object().value("example_count"_L1).toInt(), 3); // r1, r3, r4: every answer good
    EXPECT_EQ(made.object()["export_summary"_L1]["not_qualifying"_L1].toInt(), 2);
    EXPECT_EQ(srv()
                  .post(u"/annotation-queues/%1/datasets"_s.arg(queue),
                        QJsonObject{{"name"_L1, u"rag-good-examples"_s}})
                  .status,
              409);
    EXPECT_EQ(
        srv().post(u"/annotation-queues/%1/datasets"_s.arg(queue), QJsonObject{{"name"_L1, u""_s}}).status,
        400);

    const QList<QJsonObject> examples = jsonLines(srv().get(u"/datasets/%1/jsonl"_s.arg(dataset)).body);
    ASSERT_EQ(examples.size(), 3);
    EXPECT_EQ(examples[0].value("source_run_id"_L1).toString(), r1);
    EXPECT_EQ(examples[0].value("outputs"_L1).toObject(), (QJsonObject{{"output"_L1, u"Better A1"_s}}))
        << "the reviewer's correction";
    EXPECT_EQ(examples[2]["inputs"_L1]["question"_L1].toString(), hardText());

    const HttpResult csv = srv().get(u"/datasets/%1/csv"_s.arg(dataset));
    ASSERT_EQ(csv.status, 200);
    const QList<QStringList> records = readCsvStrictly(QString::fromUtf8(csv.body));
    ASSERT_EQ(records.size(), 4);
    EXPECT_EQ(records[0], (QStringList{u"example_id"_s, u"created_at"_s, u"inputs"_s, u"outputs"_s,
                                       u"metadata"_s, u"split"_s, u"source_run_id"_s}));
    EXPECT_EQ(records[3][6], r4);

    // OpenAI fine-tuning lines: the readable examples (r3's has no conversation).
    const QList<QJsonObject> ft = jsonLines(srv().get(u"/datasets/%1/openai_ft"_s.arg(dataset)).body);
    ASSERT_EQ(ft.size(), 2);
    EXPECT_EQ(ft[0]["messages"_L1][2]["content"_L1].toString(), u"Better A1");
    EXPECT_EQ(ft[1]["messages"_L1][1]["content"_L1].toString(), u"ok");
}

TEST_P(Exports, TheCliWritesTheRouteBytesToAFileAndSaysWhatItLeftOut)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"ft.jsonl"_s);
    const CliResult done = runCli({u"export"_s, u"exported"_s, u"format=openai"_s, u"--out"_s, file,
                                   u"--json"_s, u"--database"_s, srv().databaseArgument()});
    ASSERT_EQ(done.code, 0) << done.err.toStdString();
    const QJsonObject summary = QJsonDocument::fromJson(done.out.toUtf8()).object();
    EXPECT_EQ(summary.value("records"_L1).toInt(), 2);
    EXPECT_EQ(summary["unreadable"_L1][0]["run_id"_L1].toString(), r3);
    QFile written(file);
    ASSERT_TRUE(written.open(QIODevice::ReadOnly));
    EXPECT_EQ(written.readAll(), exportAs(u"format=openai"_s).body) << "what the route streams";

    // Refused before anything is written: no file appears.
    const QString refused = dir.filePath(u"bad.jsonl"_s);
    const CliResult bad = runCli({u"export"_s, u"exported"_s, u"format=openai"_s, u"where=nope = 1"_s,
                                  u"--out"_s, refused, u"--database"_s, srv().databaseArgument()});
    EXPECT_EQ(bad.code, 1);
    EXPECT_TRUE(bad.err.contains(u"where: the rubric has no field \"nope\""_s)) << bad.err.toStdString();
    EXPECT_FALSE(QFile::exists(refused));
    EXPECT_EQ(
        runCli({u"export"_s, u"exported"_s, u"format"_s, u"--database"_s, srv().databaseArgument()}).code, 1);
}

TEST_P(Exports, AProjectWithAFilterInEitherSyntaxAndATimeRange)
{
    // The seed's step 5 in one request: the project's runs with an overall_quality answer, their items.
    const QString project = srv().get(u"/sessions?name=p"_s).array().at(0)["id"_L1].toString();
    auto runsOf = [&](const QString &query) {
        const HttpResult r = srv().get(u"/sessions/%1/export?format=jsonl&%2"_s.arg(project, query));
        EXPECT_EQ(r.status, 200) << r.body.left(300).toStdString();
        QStringList ids;
        for (const QJsonObject &l : jsonLines(r.body))
            ids.append(l.value("run_id"_L1).toString());
        return ids;
    };
    EXPECT_EQ(runsOf(QString()), runs) << "every queued run of the project, oldest first";
    // A second queue holding r2: its item is a record of its own.
    const QString other = createQueue(
        srv(), u"second look"_s,
        R"({"fields":[{"name":"overall_quality","type":"categorical","options":["good","bad"]}]})");
    ASSERT_EQ(srv().post(u"/annotation-queues/%1/runs"_s.arg(other), QJsonArray{r2}).status, 200);
    EXPECT_EQ(runsOf(QString()), (QStringList{r1, r2, r2, r3, r4, r5}));
    // LangSmith's syntax and Assay's, with answers filtered too.
    EXPECT_EQ(runsOf(u"filter=has_feedback_key(%22overall_quality%22)&where=overall_quality%20%3D%20bad"_s),
              QStringList{r2});
    EXPECT_EQ(runsOf(u"filter=inputs.question%20%3D%3D%20%22Q5%22"_s), QStringList{r5});
    EXPECT_EQ(runsOf(u"until=2000-01-01T00:00:00Z"_s), QStringList{}) << "runs started before 2000: none";
    const HttpResult bad = srv().get(u"/sessions/%1/export?filter=eq(nope"_s.arg(project));
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.detail().startsWith(u"filter"_s)) << bad.detail().toStdString();
    // Training lines from the project: r1 and r4 as from the queue.
    EXPECT_EQ(jsonLines(srv().get(u"/sessions/%1/export?format=openai"_s.arg(project)).body).size(), 2);
    EXPECT_EQ(srv().get(u"/sessions/%1/export"_s.arg(Uuid::v7().toString())).status, 404);
}

TEST_P(Exports, ACorrectionGivenTheLangSmithWayMakesAPreferencePair)
{
    // A member reviews the LangSmith way: feedback with a correction through the SDK, then "done".
    const QString userId =
        srv()
            .post(u"/admin/users"_s, QJsonObject{{"name"_L1, u"mara"_s}, {"role"_L1, u"member"_s}})
            .object()["id"_L1]
            .toString();
    const QByteArray mara =
        srv()
            .post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"mara"_s}, {"user_id"_L1, userId}})
            .object()["key"_L1]
            .toString()
            .toUtf8();
    const QJsonObject fb{{"run_id"_L1, r5},
                         {"key"_L1, u"overall_quality"_s},
                         {"value"_L1, u"bad"_s},
                         {"correction"_L1, QJsonObject{{"output"_L1, u"Better A5"_s}}}};
    ASSERT_EQ(srv().request("POST", u"/feedback"_s, toJson(fb), mara).status, 200);
    const QString item = srv()
                             .get(u"/annotation-queues/%1/runs?limit=10"_s.arg(queue))
                             .array()
                             .at(4)["queue_run_id"_L1]
                             .toString();
    const HttpResult done = srv().request("POST", u"/platform/annotation-queues/items/%1/status"_s.arg(item),
                                          toJson(QJsonObject{{"status"_L1, u"completed"_s}}), mara);
    ASSERT_EQ(done.status, 200) << done.body.toStdString();
    const QList<QJsonObject> dpo = jsonLines(exportAs(u"format=dpo&reviewer=mara"_s).body);
    ASSERT_EQ(dpo.size(), 1);
    EXPECT_EQ(dpo[0]["prompt"_L1][0]["content"_L1].toString(), u"Q5");
    EXPECT_EQ(dpo[0]["chosen"_L1][0]["content"_L1].toString(), u"Better A5");
    EXPECT_EQ(dpo[0]["rejected"_L1][0]["content"_L1].toString(), u"A5");
}

INSTANTIATE_TEST_SUITE_P(Databases, Exports, ::testing::Values(Dialect::Sqlite, Dialect::Postgres),
                         dialectName);

} // namespace
