#include "runpresentation.h"

#include "models/runtreemodel.h"

#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

// Message content is a string, or a list of parts ({"type": "text", "text": ...}, or strings).
QString contentText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    if (content.isArray()) {
        QStringList parts;
        for (const QJsonValue &part : content.toArray()) {
            if (part.isString())
                parts.append(part.toString());
            else if (part.toObject().contains("text"_L1))
                parts.append(part.toObject().value("text"_L1).toString());
        }
        return parts.join(u"\n\n"_s);
    }
    if (content.isObject())
        return QString::fromUtf8(QJsonDocument(content.toObject()).toJson(QJsonDocument::Indented));
    return {};
}

QString normalisedRole(QString role)
{
    role = role.toLower();
    if (role == u"human" || role == u"humanmessage")
        return u"user"_s;
    if (role == u"ai" || role == u"aimessage" || role == u"aimessagechunk")
        return u"assistant"_s;
    if (role == u"systemmessage")
        return u"system"_s;
    if (role == u"function" || role == u"toolmessage")
        return u"tool"_s;
    return role.isEmpty() ? u"user"_s : role;
}

// {role, content}, {type, content}, or LangChain's serialised {"lc": 1, "id": [..., "HumanMessage"],
// "kwargs": {"content": ...}}.
std::optional<ChatMessage> messageFrom(const QJsonValue &value)
{
    if (value.isString())
        return ChatMessage{u"user"_s, value.toString()};
    QJsonObject m = value.toObject();
    if (m.isEmpty())
        return std::nullopt;
    QString role = m.value("role"_L1).toString();
    if (m.contains("kwargs"_L1)) {
        const QJsonArray id = m.value("id"_L1).toArray();
        if (role.isEmpty() && !id.isEmpty())
            role = id.last().toString();
        m = m.value("kwargs"_L1).toObject();
    }
    if (role.isEmpty())
        role = m.value("type"_L1).toString();
    if (!m.contains("content"_L1))
        return std::nullopt;
    return ChatMessage{normalisedRole(role), contentText(m.value("content"_L1))};
}

QList<ChatMessage> messagesFrom(const QJsonObject &inputs)
{
    QJsonArray list = inputs.value("messages"_L1).toArray();
    if (list.size() == 1 && list.at(0).isArray()) // chat models log a batch of conversations
        list = list.at(0).toArray();
    QList<ChatMessage> out;
    for (const QJsonValue &v : list)
        if (auto m = messageFrom(v))
            out.append(*m);
    if (!out.isEmpty())
        return out;
    for (const char *key : {"question", "input", "query", "prompt", "text"}) {
        const QJsonValue v = inputs.value(QLatin1StringView(key));
        if (v.isString())
            return {ChatMessage{u"user"_s, v.toString()}};
    }
    const QJsonArray prompts = inputs.value("prompts"_L1).toArray(); // plain LLM runs
    for (const QJsonValue &p : prompts)
        out.append(ChatMessage{u"user"_s, p.toString()});
    return out;
}

ContextDocument documentFrom(const QJsonValue &value)
{
    if (value.isString())
        return {{}, value.toString()};
    const QJsonObject d = value.toObject();
    const QJsonObject meta = d.value("metadata"_L1).toObject();
    QString source;
    for (const char *key : {"source", "title", "url", "id"}) {
        const QJsonValue v = meta.contains(QLatin1StringView(key)) ? meta.value(QLatin1StringView(key))
                                                                     : d.value(QLatin1StringView(key));
        if (v.isString() && !v.toString().isEmpty()) {
            source = v.toString();
            break;
        }
    }
    for (const char *key : {"page_content", "content", "text"})
        if (d.value(QLatin1StringView(key)).isString())
            return {source, d.value(QLatin1StringView(key)).toString()};
    return {source, QString::fromUtf8(QJsonDocument(d).toJson(QJsonDocument::Indented))};
}

QList<ContextDocument> contextFrom(const QJsonObject &inputs, const QJsonArray &childRuns)
{
    QList<ContextDocument> out;
    for (const char *key : {"context", "documents", "docs", "retrieved_documents"}) {
        const QJsonValue v = inputs.value(QLatin1StringView(key));
        if (v.isArray())
            for (const QJsonValue &d : v.toArray())
                out.append(documentFrom(d));
        else if (v.isString() && !v.toString().isEmpty())
            out.append(ContextDocument{{}, v.toString()});
    }
    if (!out.isEmpty())
        return out;
    for (const QJsonValue &child : childRuns) {
        const QJsonObject run = child.toObject();
        if (run.value("run_type"_L1).toString() != u"retriever")
            continue;
        for (const QJsonValue &d : run.value("outputs"_L1).toObject().value("documents"_L1).toArray())
            out.append(documentFrom(d));
    }
    return out;
}

QString prettyJson(const QJsonValue &v)
{
    const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

// The answer among the keys apps use; the whole outputs object when none of them is there.
QJsonValue answerFrom(const QJsonObject &outputs)
{
    for (const char *key : {"answer", "output", "result", "response", "text", "content", "completion"}) {
        const QJsonValue v = outputs.value(QLatin1StringView(key));
        if (v.isUndefined() || v.isNull())
            continue;
        if (auto m = messageFrom(v); v.isObject() && m)
            return m->content;
        return v;
    }
    const QJsonArray choices = outputs.value("choices"_L1).toArray(); // OpenAI
    if (!choices.isEmpty()) {
        const QJsonObject c = choices.at(0).toObject();
        if (auto m = messageFrom(c.value("message"_L1)))
            return m->content;
        return c.value("text"_L1);
    }
    QJsonArray generations = outputs.value("generations"_L1).toArray(); // LangChain
    if (!generations.isEmpty() && generations.at(0).isArray())
        generations = generations.at(0).toArray();
    if (!generations.isEmpty()) {
        const QJsonObject g = generations.at(0).toObject();
        if (auto m = messageFrom(g.value("message"_L1)))
            return m->content;
        return g.value("text"_L1);
    }
    const QJsonArray messages = outputs.value("messages"_L1).toArray();
    if (!messages.isEmpty())
        if (auto m = messageFrom(messages.last()))
            return m->content;
    QJsonObject rest = outputs;
    rest.remove("usage_metadata"_L1);
    return rest.isEmpty() ? QJsonValue() : QJsonValue(rest);
}

QString metadataText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', 12);
    case QJsonValue::Bool:
        return v.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Object:
    case QJsonValue::Array:
        return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                             : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

} // namespace

OutputKind guessTextKind(const QString &text)
{
    static const QRegularExpression markdown(
        uR"((^|\n)(#{1,6} |\s*[-*+] |\s*\d+\. |```|> )|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\))"_s);
    return markdown.match(text).hasMatch() ? OutputKind::Markdown : OutputKind::Plain;
}

RunPresentation presentRun(const QJsonObject &run, const QJsonArray &childRuns)
{
    RunPresentation p;
    p.name = run.value("name"_L1).toString();
    const QJsonObject inputs = run.value("inputs"_L1).toObject();
    for (const ChatMessage &m : messagesFrom(inputs)) {
        if (m.role == u"system" && p.systemPrompt.isEmpty() && p.messages.isEmpty())
            p.systemPrompt = m.content;
        else
            p.messages.append(m);
    }
    p.context = contextFrom(inputs, childRuns);

    const QJsonValue answer = answerFrom(run.value("outputs"_L1).toObject());
    if (answer.isString()) {
        const QString text = answer.toString();
        const QJsonDocument parsed = QJsonDocument::fromJson(text.toUtf8());
        if (!parsed.isNull() && (text.trimmed().startsWith(u'{') || text.trimmed().startsWith(u'['))) {
            p.output = prettyJson(parsed.isArray() ? QJsonValue(parsed.array()) : QJsonValue(parsed.object()));
            p.outputKind = OutputKind::Json;
        } else {
            p.output = text;
            p.outputKind = guessTextKind(text);
        }
    } else if (answer.isObject() || answer.isArray()) {
        p.output = prettyJson(answer);
        p.outputKind = OutputKind::Json;
    } else if (!answer.isUndefined() && !answer.isNull()) {
        p.output = metadataText(answer);
    }
    p.error = run.value("error"_L1).toString();

    const QJsonObject metadata = run.value("extra"_L1).toObject().value("metadata"_L1).toObject();
    for (auto it = metadata.begin(); it != metadata.end(); ++it)
        p.metadata.append({it.key(), metadataText(it.value())});
    const QJsonArray tags = run.value("tags"_L1).toArray();
    if (!tags.isEmpty()) {
        QStringList names;
        for (const QJsonValue &t : tags)
            names.append(t.toString());
        p.metadata.append({u"tags"_s, names.join(u", "_s)});
    }
    std::sort(p.metadata.begin(), p.metadata.end());
    p.latency = runLatency(run);
    if (run.value("total_tokens"_L1).isDouble())
        p.totalTokens = run.value("total_tokens"_L1).toInteger();
    return p;
}

} // namespace assay::client
