#include "chatmessages.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace assay {

using namespace Qt::StringLiterals;

namespace {

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

} // namespace

QString messageContentText(const QJsonValue &content)
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

std::optional<ChatMessage> chatMessageFrom(const QJsonValue &value)
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
    return ChatMessage{normalisedRole(role), messageContentText(m.value("content"_L1))};
}

QList<ChatMessage> conversationFrom(const QJsonObject &inputs)
{
    QJsonArray list = inputs.value("messages"_L1).toArray();
    if (list.size() == 1 && list.at(0).isArray()) // chat models log a batch of conversations
        list = list.at(0).toArray();
    QList<ChatMessage> out;
    for (const QJsonValue &v : list)
        if (auto m = chatMessageFrom(v))
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

QJsonValue answerFrom(const QJsonObject &outputs)
{
    for (const char *key : {"answer", "output", "result", "response", "text", "content", "completion"}) {
        const QJsonValue v = outputs.value(QLatin1StringView(key));
        if (v.isUndefined() || v.isNull())
            continue;
        if (auto m = chatMessageFrom(v); v.isObject() && m)
            return m->content;
        return v;
    }
    const QJsonArray choices = outputs.value("choices"_L1).toArray(); // OpenAI
    if (!choices.isEmpty()) {
        const QJsonObject c = choices.at(0).toObject();
        if (auto m = chatMessageFrom(c.value("message"_L1)))
            return m->content;
        return c.value("text"_L1);
    }
    QJsonArray generations = outputs.value("generations"_L1).toArray(); // LangChain
    if (!generations.isEmpty() && generations.at(0).isArray())
        generations = generations.at(0).toArray();
    if (!generations.isEmpty()) {
        const QJsonObject g = generations.at(0).toObject();
        if (auto m = chatMessageFrom(g.value("message"_L1)))
            return m->content;
        return g.value("text"_L1);
    }
    const QJsonArray messages = outputs.value("messages"_L1).toArray();
    if (!messages.isEmpty())
        if (auto m = chatMessageFrom(messages.last()))
            return m->content;
    QJsonObject rest = outputs;
    rest.remove("usage_metadata"_L1);
    return rest.isEmpty() ? QJsonValue() : QJsonValue(rest);
}

QString answerText(const QJsonValue &answer)
{
    switch (answer.type()) {
    case QJsonValue::String:
        return answer.toString();
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(answer.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(answer.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Double:
        return QString::number(answer.toDouble(), 'g', 15);
    case QJsonValue::Bool:
        return answer.toBool() ? u"true"_s : u"false"_s;
    default:
        return {};
    }
}

} // namespace assay
