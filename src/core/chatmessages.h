#pragma once

// Reading a conversation out of the shapes LLM apps log, in one place for the review screen and the
// fine-tuning exports: messages as OpenAI writes them ({role, content}), as LangChain types them
// ({type, content}) or serialises them ({"lc": 1, "id": [..., "HumanMessage"], "kwargs": {...}}), or a
// bare question ("question", "input", "query", "prompt", "text"); the answer among the output keys
// apps use, OpenAI's choices, LangChain's generations or a final message.

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace assay {

struct ChatMessage {
    QString role; // system, user, assistant, tool (normalised from human/ai/...)
    QString content;

    friend bool operator==(const ChatMessage &, const ChatMessage &) = default;
};

// Content is a string, or a list of parts ({"type": "text", "text": ...}, or strings); an object is
// written out as indented JSON.
QString messageContentText(const QJsonValue &content);
// One message in any of the shapes above; none when the value has no content.
std::optional<ChatMessage> chatMessageFrom(const QJsonValue &value);
// The conversation of a run's inputs, the system prompt included, in order.
QList<ChatMessage> conversationFrom(const QJsonObject &inputs);
// The answer of a run's outputs: text when the app logged text or a message, otherwise the value it
// logged (the whole outputs object, without usage metadata, when no known key holds it); undefined
// when there are no outputs.
QJsonValue answerFrom(const QJsonObject &outputs);
// An answer as a message's text: strings as they are, anything else as compact JSON; empty for none.
QString answerText(const QJsonValue &answer);

} // namespace assay
