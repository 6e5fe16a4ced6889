#pragma once

// What the review screen shows of a run, read out of the shapes LLM apps log (OpenAI-style messages,
// LangChain messages, a bare question; outputs as an answer, a message, choices or generations;
// retrieved documents in the inputs or in a retriever child run). The widgets only draw this.

#include "core/chatmessages.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace assay::client {

using assay::ChatMessage;

struct ContextDocument {
    QString source; // metadata.source, title or url; empty when the app logged none
    QString content;
};

enum class OutputKind { Markdown, Json, Plain };

struct RunPresentation {
    QString name;
    QString systemPrompt;           // the first system message, shown apart
    QList<ChatMessage> messages;    // the conversation as the user saw it, without the system prompt
    QList<ContextDocument> context; // retrieved documents
    QString output;                 // the answer, as text (JSON pretty-printed)
    OutputKind outputKind = OutputKind::Plain;
    QString error;
    QList<QPair<QString, QString>> metadata; // key -> value as text, sorted by key
    QString latency;                         // "1.24 s", empty when unknown
    qint64 totalTokens = -1;                 // -1 when the app logged none
};

// `run` as the server sends it; `childRuns` the runs below it in the trace (for retrieved documents).
RunPresentation presentRun(const QJsonObject &run, const QJsonArray &childRuns = {});

// Markdown when the text looks like it (headings, lists, emphasis, code fences), else plain.
OutputKind guessTextKind(const QString &text);

} // namespace assay::client
