#include "runpresentation.h"

#include "models/runtreemodel.h"

#include "core/chatmessages.h"

#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

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
    for (const ChatMessage &m : conversationFrom(inputs)) {
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
            p.output =
                prettyJson(parsed.isArray() ? QJsonValue(parsed.array()) : QJsonValue(parsed.object()));
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
