// What the review screen shows of a run, from the shapes apps really log: OpenAI messages, LangChain's
// serialised messages and generations, a bare question, documents in the inputs or in a retriever child
// run, answers that are markdown, JSON or plain text.

#include "review/runpresentation.h"

#include <printers.h>

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace assay;
using namespace assay::client;
using namespace Qt::StringLiterals;

namespace {

QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << text;
    return doc.object();
}

} // namespace

TEST(RunPresentation, OpenAiMessagesWithContextInTheInputs)
{
    const RunPresentation p = presentRun(json(R"({
        "name": "rag_chain",
        "inputs": {"messages": [{"role": "system", "content": "Answer from the context."},
                                {"role": "user", "content": "Can I get a refund?"},
                                {"role": "assistant", "content": "Which plan?"},
                                {"role": "user", "content": [{"type": "text", "text": "The annual one."}]}],
                   "context": [{"page_content": "Refunds within 30 days.", "metadata": {"source": "kb/refunds.md"}},
                               "A bare document"]},
        "outputs": {"answer": "## Refunds\n- within **30 days**: in full", "usage_metadata": {"input_tokens": 3}},
        "extra": {"metadata": {"model": "gpt-4o-mini", "eval_score": 0.31}},
        "tags": ["production", "eu"],
        "start_time": "2026-11-30T10:00:00.000000Z", "end_time": "2026-11-30T10:00:01.250000Z",
        "total_tokens": 812})"));
    EXPECT_EQ(p.systemPrompt, u"Answer from the context."_s);
    ASSERT_EQ(p.messages.size(), 3);
    EXPECT_EQ(p.messages[1].role, u"assistant"_s);
    EXPECT_EQ(p.messages[2].content, u"The annual one."_s);
    ASSERT_EQ(p.context.size(), 2);
    EXPECT_EQ(p.context[0].source, u"kb/refunds.md"_s);
    EXPECT_EQ(p.context[1].content, u"A bare document"_s);
    EXPECT_EQ(p.outputKind, OutputKind::Markdown);
    EXPECT_TRUE(p.output.startsWith(u"## Refunds"_s));
    EXPECT_EQ(p.metadata, (QList<QPair<QString, QString>>{
                              {u"eval_score"_s, u"0.31"_s}, {u"model"_s, u"gpt-4o-mini"_s}, {u"tags"_s, u"production, eu"_s}}));
    EXPECT_EQ(p.latency, u"1.25 s"_s);
    EXPECT_EQ(p.totalTokens, 812);
}

TEST(RunPresentation, LangChainMessagesAndARetrieverChildRun)
{
    const RunPresentation p = presentRun(
        json(R"({"inputs": {"messages": [[
                    {"lc": 1, "type": "constructor", "id": ["langchain", "schema", "messages", "SystemMessage"],
                     "kwargs": {"content": "Be brief."}},
                    {"lc": 1, "type": "constructor", "id": ["langchain", "schema", "messages", "HumanMessage"],
                     "kwargs": {"content": "Is SSO included?"}}]]},
                 "outputs": {"generations": [[{"text": "", "message": {"lc": 1, "id": ["langchain", "AIMessage"],
                     "kwargs": {"content": "Yes, on Business."}}}]]}})"),
        QJsonArray{json(R"({"run_type": "retriever", "outputs": {"documents": [
                        {"page_content": "SAML SSO on Business and Enterprise.", "metadata": {"title": "SSO"}}]}})"),
                   json(R"({"run_type": "llm", "outputs": {"documents": [{"page_content": "not a retrieval"}]}})")});
    EXPECT_EQ(p.systemPrompt, u"Be brief."_s);
    ASSERT_EQ(p.messages.size(), 1);
    EXPECT_EQ(p.messages[0].role, u"user"_s);
    EXPECT_EQ(p.output, u"Yes, on Business."_s);
    EXPECT_EQ(p.outputKind, OutputKind::Plain);
    ASSERT_EQ(p.context.size(), 1);
    EXPECT_EQ(p.context[0].source, u"SSO"_s);
}

TEST(RunPresentation, JsonAnswersArePrettyPrintedAndUnknownOutputsShownWhole)
{
    const RunPresentation asText = presentRun(json(R"({"inputs": {"question": "Extract the fields"},
        "outputs": {"output": "{\"plan\":\"annual\",\"refund\":true}"}})"));
    ASSERT_EQ(asText.messages.size(), 1);
    EXPECT_EQ(asText.messages[0].content, u"Extract the fields"_s);
    EXPECT_EQ(asText.outputKind, OutputKind::Json);
    EXPECT_EQ(asText.output, u"{\n    \"plan\": \"annual\",\n    \"refund\": true\n}"_s);

    const RunPresentation unknown = presentRun(json(R"({"outputs": {"label": "spam", "score": 0.9},
        "error": "TimeoutError: upstream"})"));
    EXPECT_EQ(unknown.outputKind, OutputKind::Json);
    EXPECT_TRUE(unknown.output.contains(u"\"label\": \"spam\""_s));
    EXPECT_EQ(unknown.error, u"TimeoutError: upstream"_s);
    EXPECT_EQ(unknown.totalTokens, -1);
    EXPECT_TRUE(unknown.latency.isEmpty());
}

TEST(RunPresentation, PlainTextIsNotMistakenForMarkdown)
{
    EXPECT_EQ(guessTextKind(u"Refunds are prorated after 30 days - see the policy."_s), OutputKind::Plain);
    EXPECT_EQ(guessTextKind(u"Steps:\n1. Open settings\n2. Click export"_s), OutputKind::Markdown);
    EXPECT_EQ(guessTextKind(u"See [the policy](https://example.com/refunds)."_s), OutputKind::Markdown);
}
