// Every export format against files written by hand (tests/data/exports): the same two queue items —
// an OpenAI-style conversation answered by two reviewers (one corrected the answer), and a LangChain
// serialised one nobody answered, with NUL, quotes, commas, a newline and an emoji in its text.

#include "core/exportrecords.h"

#include "strictcsv.h"
#include "testdata.h"

#include <QFile>
#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace assay;
using namespace Qt::StringLiterals;

namespace {

QByteArray expectedFile(const QString &name)
{
    QFile f(test::dataPath(u"exports/"_s + name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name.toStdString();
    return f.readAll();
}

Timestamp at(const char *iso)
{
    return *Timestamp::parseIso(QString::fromLatin1(iso));
}

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

Rubric rubric()
{
    Rubric r;
    RubricField quality;
    quality.key = u"overall_quality"_s;
    quality.type = FieldType::Categorical;
    quality.options = {RubricOption{u"good"_s, u"Good"_s, 1.0, {}},
                       RubricOption{u"bad"_s, u"Bad"_s, 0.0, {}}};
    RubricField grounded;
    grounded.key = u"groundedness"_s;
    grounded.type = FieldType::Continuous;
    r.fields = {quality, grounded};
    return r;
}

ExportItem itemA()
{
    ExportItem e;
    e.item.id = *Uuid::parse(u"aaaaaaaa-aaaa-7aaa-8aaa-aaaaaaaaaaaa");
    e.item.queueId = *Uuid::parse(u"11111111-1111-7111-8111-111111111111");
    e.item.runId = *Uuid::parse(u"a0000000-0000-4000-8000-00000000000a");
    e.item.addedAt = at("2026-12-01T10:05:00Z");
    e.item.addedBy = AddedBy::Rule;
    e.item.addedById = u"r-1"_s;
    e.item.reason = u"Routed by rule 'low eval score'"_s;
    e.run.id = e.item.runId;
    e.run.traceId = e.run.id;
    e.run.name = u"support_chat"_s;
    e.run.runType = u"chain"_s;
    e.run.startTime = at("2026-12-01T10:00:00Z");
    e.run.endTime = at("2026-12-01T10:00:02Z");
    e.run.inputs = QJsonObject{
        {"messages"_L1,
         QJsonArray{QJsonObject{{"role"_L1, u"system"_s}, {"content"_L1, u"Be brief."_s}},
                    QJsonObject{{"role"_L1, u"user"_s},
                                {"content"_L1, u"What's the refund policy, \"exactly\"?\nThanks 🙂"_s}}}}};
    e.run.outputs = json(R"({"answer": "Full refund within 30 days."})");
    e.run.extra = json(R"({"metadata": {"app_version": "2.14.0"}})");
    e.run.tags = {u"prod"_s};
    Annotation ann;
    ann.reviewerId = u"u-ann"_s;
    ann.values = json(R"({"overall_quality": "good", "groundedness": 4})");
    ann.comment = u"clear, cites policy"_s;
    ann.submittedAt = at("2026-12-01T11:00:00Z");
    ann.activeSeconds = 12.5;
    Annotation bob;
    bob.reviewerId = u"k-bob"_s;
    bob.values = json(R"({"overall_quality": "good"})");
    bob.correction = u"Full refund within 30 days of purchase."_s;
    bob.submittedAt = at("2026-12-01T12:00:00Z");
    bob.activeSeconds = 30;
    e.answers = {ExportAnswer{u"ann"_s, ann}, ExportAnswer{{}, bob}};
    e.completed = true;
    return e;
}

ExportItem itemB()
{
    ExportItem e;
    e.item.id = *Uuid::parse(u"bbbbbbbb-bbbb-7bbb-8bbb-bbbbbbbbbbbb");
    e.item.queueId = *Uuid::parse(u"11111111-1111-7111-8111-111111111111");
    e.item.runId = *Uuid::parse(u"b0000000-0000-4000-8000-00000000000b");
    e.item.addedAt = at("2026-12-01T10:06:00Z");
    e.item.addedBy = AddedBy::Sdk;
    e.run.id = e.item.runId;
    e.run.traceId = e.run.id;
    e.run.name = u"ChatOpenAI"_s;
    e.run.runType = u"llm"_s;
    e.run.startTime = at("2026-12-01T10:01:00Z");
    const QString hi = u"Hi, NUL"_s + QChar(0) + u" here, comma, \"quote\""_s;
    e.run.inputs =
        QJsonObject{{"messages"_L1,
                     QJsonArray{QJsonArray{QJsonObject{
                         {"lc"_L1, 1},
                         {"type"_L1, u"constructor"_s},
                         {"id"_L1, QJsonArray{u"langchain"_s, u"schema"_s, u"messages"_s, u"HumanMessage"_s}},
                         {"kwargs"_L1, QJsonObject{{"content"_L1, hi}}}}}}}};
    e.run.outputs = json(R"({"generations": [[{"text": "Hello!", "message": {"lc": 1, "type": "constructor",
        "id": ["langchain", "schema", "messages", "AIMessage"], "kwargs": {"content": "Hello!"}}}]]})");
    return e;
}

QByteArray training(ExportFormat format)
{
    const ExportItem a = itemA();
    const ExportItem b = itemB();
    return trainingExample(format, a, a.answers).line + trainingExample(format, b, {}).line;
}

} // namespace

TEST(ExportRecords, AnnotatedJsonlIsTheHandWrittenFileAndEachLineParses)
{
    const QByteArray written = annotatedJsonLine(itemA()) + annotatedJsonLine(itemB());
    EXPECT_EQ(written.toStdString(), expectedFile(u"annotated.jsonl"_s).toStdString());
    const QList<QByteArray> lines = written.split('\n');
    ASSERT_EQ(lines.size(), 3); // two records and the empty rest after the last newline
    for (const QByteArray &line : lines.first(2)) {
        QJsonParseError error;
        QJsonDocument::fromJson(line, &error);
        EXPECT_EQ(error.error, QJsonParseError::NoError) << line.toStdString();
    }
    const QJsonObject b = QJsonDocument::fromJson(lines[1]).object();
    EXPECT_EQ(b.value("run"_L1)["inputs"_L1]["messages"_L1][0][0]["kwargs"_L1]["content"_L1].toString(),
              itemB().run.inputs["messages"_L1][0][0]["kwargs"_L1]["content"_L1].toString())
        << "NUL and quotes survive";
}

TEST(ExportRecords, AnnotatedCsvIsTheHandWrittenFileAndReadsBackStrictly)
{
    const QStringList columns = answerColumns({rubric()});
    const QList<QByteArray> rowsA = annotatedCsvRows(itemA(), columns);
    ASSERT_EQ(rowsA.size(), 2) << "a row per answer";
    const QByteArray written =
        annotatedCsvHeader(columns) + rowsA.join() + annotatedCsvRows(itemB(), columns).join();
    EXPECT_EQ(written.toStdString(), expectedFile(u"annotated.csv"_s).toStdString());
    const QList<QStringList> records = test::readCsvStrictly(QString::fromUtf8(written));
    ASSERT_EQ(records.size(), 4); // header, ann, bob, the unanswered item
    for (const QStringList &r : records)
        EXPECT_EQ(r.size(), 20);
    EXPECT_EQ(records[1][18], u"clear, cites policy");
    EXPECT_EQ(records[2][19], u"Full refund within 30 days of purchase.");
    EXPECT_EQ(QJsonDocument::fromJson(records[3][7].toUtf8()).object(), itemB().run.inputs);
}

TEST(ExportRecords, TrainingFormatsAreTheHandWrittenFiles)
{
    EXPECT_EQ(training(ExportFormat::OpenAiChat).toStdString(),
              expectedFile(u"openai.jsonl"_s).toStdString());
    EXPECT_EQ(training(ExportFormat::ShareGpt).toStdString(),
              expectedFile(u"sharegpt.jsonl"_s).toStdString());
    EXPECT_EQ(training(ExportFormat::Alpaca).toStdString(), expectedFile(u"alpaca.jsonl"_s).toStdString());
    // Only the corrected item makes a preference pair; the other is neither a pair nor unreadable.
    EXPECT_EQ(training(ExportFormat::Dpo).toStdString(), expectedFile(u"dpo.jsonl"_s).toStdString());
    EXPECT_TRUE(trainingExample(ExportFormat::Dpo, itemB(), {}).unreadable.isEmpty());
}

TEST(ExportRecords, RunsWithoutAConversationOrAnswerAreUnreadableWithTheReason)
{
    ExportItem e = itemA();
    e.run.inputs = json(R"({"args": [1, 2]})");
    const TrainingExample noQuestion = trainingExample(ExportFormat::OpenAiChat, e, e.answers);
    EXPECT_TRUE(noQuestion.line.isEmpty());
    EXPECT_EQ(noQuestion.unreadable, u"no user message in the run's inputs");
    e = itemB();
    e.run.outputs = {};
    const TrainingExample noAnswer = trainingExample(ExportFormat::ShareGpt, e, {});
    EXPECT_TRUE(noAnswer.line.isEmpty());
    EXPECT_EQ(noAnswer.unreadable, u"no answer in the run's outputs");
    // The question alone (the plain question/answer shape) is a conversation.
    e.run.inputs = json(R"({"question": "Where is my invoice?"})");
    e.run.outputs = json(R"({"output": {"text": "Billing > Invoices", "sources": 2}})");
    EXPECT_EQ(trainingExample(ExportFormat::OpenAiChat, e, {}).line,
              R"({"messages":[{"content":"Where is my invoice?","role":"user"},)"
              R"({"content":"{\"sources\":2,\"text\":\"Billing > Invoices\"}","role":"assistant"}]})"
              "\n");
}

TEST(ExportRecords, AnswerFilterReadsConditionsAndNamesWhatIsWrong)
{
    const QList<Rubric> rubrics{rubric()};
    auto f = parseAnswerFilter(u"overall_quality = good and groundedness >= 4"_s, rubrics);
    ASSERT_TRUE(bool(f)) << f.error().message.toStdString();
    EXPECT_TRUE(f->matches(json(R"({"overall_quality": "good", "groundedness": 4})")));
    EXPECT_FALSE(f->matches(json(R"({"overall_quality": "good", "groundedness": 3.5})")));
    EXPECT_FALSE(f->matches(json(R"({"overall_quality": "good"})"))) << "an empty field meets nothing";
    EXPECT_FALSE(f->matches(json(R"({"overall_quality": "bad", "groundedness": 5})")));
    auto ne = parseAnswerFilter(u"overall_quality != \"bad\""_s, rubrics);
    ASSERT_TRUE(bool(ne));
    EXPECT_TRUE(ne->matches(json(R"({"overall_quality": "good"})")));
    EXPECT_FALSE(ne->matches(json(R"({"overall_quality": "bad"})")));

    auto unknown = parseAnswerFilter(u"overall_qualty = good"_s, rubrics);
    ASSERT_FALSE(bool(unknown));
    EXPECT_EQ(unknown.error().where, u"where");
    EXPECT_EQ(unknown.error().message, u"the rubric has no field \"overall_qualty\"");
    auto garbled = parseAnswerFilter(u"overall_quality good"_s, rubrics);
    ASSERT_FALSE(bool(garbled));
    EXPECT_TRUE(garbled.error().message.startsWith(u"cannot read \"overall_quality good\""));
    EXPECT_TRUE(parseAnswerFilter(u"  "_s, rubrics)->isEmpty());
}
