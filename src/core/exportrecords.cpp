#include "exportrecords.h"

#include "chatmessages.h"
#include "csv.h"
#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace assay {

using namespace Qt::StringLiterals;

namespace {

struct FormatName {
    ExportFormat format;
    const char *name;
};
constexpr FormatName kFormats[] = {{ExportFormat::Jsonl, "jsonl"},       {ExportFormat::Csv, "csv"},
                                   {ExportFormat::OpenAiChat, "openai"}, {ExportFormat::ShareGpt, "sharegpt"},
                                   {ExportFormat::Alpaca, "alpaca"},     {ExportFormat::Dpo, "dpo"}};

QString valueText(const QJsonValue &v)
{
    return v.isString() ? v.toString() : answerText(v);
}

QString jsonText(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QByteArray answerJson(const ExportAnswer &a)
{
    const Annotation &n = a.annotation;
    JsonWriter w;
    w.key("reviewer_id");
    w.string(n.reviewerId);
    w.field("reviewer", a.reviewerName);
    w.key("rubric_version");
    w.value(n.rubricVersion);
    w.key("values");
    w.value(n.values);
    w.field("comment", n.comment);
    w.field("correction", n.correction);
    w.field("started_at", n.startedAt);
    w.field("submitted_at", std::optional<Timestamp>(n.submittedAt));
    w.key("active_seconds");
    w.value(n.activeSeconds);
    return w.finish();
}

std::optional<int> compareValues(const QJsonValue &answer, const QJsonValue &wanted)
{
    if (answer.isDouble() && wanted.isDouble())
        return answer.toDouble() < wanted.toDouble() ? -1 : answer.toDouble() > wanted.toDouble() ? 1 : 0;
    if (answer.isBool() && wanted.isBool())
        return int(answer.toBool()) - int(wanted.toBool());
    if (answer.isString() && wanted.isString())
        return answer.toString().compare(wanted.toString());
    if (answer.isString() && wanted.isDouble()) { // a categorical option named by a number
        bool ok = false;
        const double a = answer.toString().toDouble(&ok);
        if (ok)
            return a < wanted.toDouble() ? -1 : a > wanted.toDouble() ? 1 : 0;
        return std::nullopt;
    }
    if (answer.isDouble() && wanted.isString()) // "4" written quoted
        return compareValues(answer, QJsonValue(wanted.toString().toDouble()));
    return std::nullopt;
}

QJsonArray messagesJson(const QList<ChatMessage> &messages, const char *roleKey, const char *contentKey,
                        bool shareGpt)
{
    QJsonArray out;
    for (const ChatMessage &m : messages) {
        QString role = m.role;
        if (shareGpt)
            role = role == u"user" ? u"human"_s : role == u"assistant" ? u"gpt"_s : role;
        out.append(
            QJsonObject{{QLatin1StringView(roleKey), role}, {QLatin1StringView(contentKey), m.content}});
    }
    return out;
}

QByteArray line(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

std::optional<ExportFormat> exportFormatNamed(QStringView name)
{
    for (const FormatName &f : kFormats)
        if (name == QLatin1StringView(f.name))
            return f.format;
    return std::nullopt;
}

QString exportFormatName(ExportFormat format)
{
    for (const FormatName &f : kFormats)
        if (f.format == format)
            return QString::fromLatin1(f.name);
    return {};
}

QStringList exportFormatNames()
{
    QStringList names;
    for (const FormatName &f : kFormats)
        names.append(QString::fromLatin1(f.name));
    return names;
}

QByteArray exportContentType(ExportFormat format)
{
    return format == ExportFormat::Csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
}

QString exportFileExtension(ExportFormat format)
{
    return format == ExportFormat::Csv ? u"csv"_s : u"jsonl"_s;
}

QString fileStem(QString name)
{
    for (QChar &c : name)
        if (!c.isLetterOrNumber() && c != u'-' && c != u'_')
            c = u'-';
    return name;
}

bool isTrainingFormat(ExportFormat format)
{
    return format != ExportFormat::Jsonl && format != ExportFormat::Csv;
}

bool AnswerFilter::matches(const QJsonObject &values) const
{
    for (const AnswerCondition &c : conditions) {
        const QJsonValue v = values.value(c.key);
        if (v.isUndefined() || v.isNull())
            return false;
        const std::optional<int> cmp = compareValues(v, c.value);
        if (!cmp)
            return c.op == AnswerCondition::Op::Ne;
        bool ok = false;
        switch (c.op) {
        case AnswerCondition::Op::Eq:
            ok = *cmp == 0;
            break;
        case AnswerCondition::Op::Ne:
            ok = *cmp != 0;
            break;
        case AnswerCondition::Op::Lt:
            ok = *cmp < 0;
            break;
        case AnswerCondition::Op::Le:
            ok = *cmp <= 0;
            break;
        case AnswerCondition::Op::Gt:
            ok = *cmp > 0;
            break;
        case AnswerCondition::Op::Ge:
            ok = *cmp >= 0;
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}

Result<AnswerFilter> parseAnswerFilter(const QString &text, const QList<Rubric> &rubrics)
{
    static const QRegularExpression condition(
        uR"(^\s*([A-Za-z_][\w.\-]*)\s*(==|=|!=|<=|>=|<|>)\s*("(?:[^"\\]|\\.)*"|[^\s"]+)\s*$)"_s);
    static const QRegularExpression andWord(uR"(\s+and\s+)"_s, QRegularExpression::CaseInsensitiveOption);
    AnswerFilter filter;
    if (text.trimmed().isEmpty())
        return filter;
    const QStringList parts = text.split(andWord);
    for (const QString &part : parts) {
        const QRegularExpressionMatch m = condition.match(part);
        if (!m.hasMatch())
            return Error{
                u"cannot read \"%1\": write field = value, joined by and (operators = != < <= > >=)"_s.arg(
                    part.trimmed()),
                u"where"_s};
        AnswerCondition c;
        c.key = m.captured(1);
        const QString op = m.captured(2);
        c.op = op == u"!="   ? AnswerCondition::Op::Ne
               : op == u"<"  ? AnswerCondition::Op::Lt
               : op == u"<=" ? AnswerCondition::Op::Le
               : op == u">"  ? AnswerCondition::Op::Gt
               : op == u">=" ? AnswerCondition::Op::Ge
                             : AnswerCondition::Op::Eq;
        const QString raw = m.captured(3);
        bool isNumber = false;
        const double number = raw.toDouble(&isNumber);
        if (raw.startsWith(u'"'))
            c.value = QJsonDocument::fromJson((u"["_s + raw + u"]"_s).toUtf8()).array().at(0);
        else if (raw == u"true" || raw == u"false")
            c.value = raw == u"true";
        else if (isNumber)
            c.value = number;
        else
            c.value = raw;
        bool known = false;
        for (const Rubric &r : rubrics)
            for (const RubricField &f : r.fields)
                known = known || f.key == c.key;
        if (!known)
            return Error{u"the rubric has no field \"%1\""_s.arg(c.key), u"where"_s};
        filter.conditions.append(c);
    }
    return filter;
}

QStringList answerColumns(const QList<Rubric> &rubricsNewestFirst)
{
    QStringList keys;
    for (const Rubric &r : rubricsNewestFirst)
        for (const RubricField &f : r.fields)
            if (!keys.contains(f.key))
                keys.append(f.key);
    return keys;
}

QByteArray annotatedJsonLine(const ExportItem &e)
{
    JsonWriter w;
    w.key("item_id");
    w.string(e.item.id.toString());
    w.key("queue_id");
    w.string(e.item.queueId.toString());
    w.key("run_id");
    w.string(e.item.runId.toString());
    w.key("added_at");
    w.string(e.item.addedAt.toIso());
    w.key("added_by");
    w.raw(QJsonDocument(QJsonObject{{"kind"_L1, addedByName(e.item.addedBy)}, {"id"_L1, e.item.addedById}})
              .toJson(QJsonDocument::Compact));
    w.key("reason");
    w.string(e.item.reason);
    w.key("completed");
    w.value(e.completed);
    w.key("run");
    w.raw(e.runJson.isEmpty() ? compactJson(runToJson(e.run)) : e.runJson);
    QByteArray answers = "[";
    for (qsizetype i = 0; i < e.answers.size(); ++i) {
        if (i > 0)
            answers += ',';
        answers += answerJson(e.answers[i]);
    }
    w.key("answers");
    w.raw(answers + ']');
    return w.finish() + '\n';
}

QByteArray annotatedCsvHeader(const QStringList &answerColumns)
{
    QStringList header{u"item_id"_s,  u"run_id"_s,         u"queue_id"_s,     u"added_at"_s,
                       u"reason"_s,   u"completed"_s,      u"run_name"_s,     u"inputs"_s,
                       u"outputs"_s,  u"metadata"_s,       u"error"_s,        u"reviewer_id"_s,
                       u"reviewer"_s, u"rubric_version"_s, u"submitted_at"_s, u"active_seconds"_s};
    header += answerColumns;
    header += QStringList{u"comment"_s, u"correction"_s};
    return csvRecord(header).toUtf8();
}

QList<QByteArray> annotatedCsvRows(const ExportItem &e, const QStringList &answerColumns)
{
    const QStringList itemFields{e.item.id.toString(),
                                 e.item.runId.toString(),
                                 e.item.queueId.toString(),
                                 e.item.addedAt.toIso(),
                                 e.item.reason,
                                 e.completed ? u"true"_s : u"false"_s,
                                 e.run.name,
                                 jsonText(e.run.inputs),
                                 jsonText(e.run.outputs),
                                 jsonText(e.run.metadata()),
                                 e.run.error};
    QList<QByteArray> out;
    if (e.answers.isEmpty()) {
        QStringList row = itemFields;
        for (qsizetype i = 0; i < 5 + answerColumns.size() + 2; ++i)
            row.append(QString());
        return {csvRecord(row).toUtf8()};
    }
    for (const ExportAnswer &a : e.answers) {
        const Annotation &n = a.annotation;
        QStringList row = itemFields;
        row += QStringList{n.reviewerId, a.reviewerName, QString::number(n.rubricVersion),
                           n.submittedAt.toIso(), QString::number(n.activeSeconds, 'g', 10)};
        for (const QString &key : answerColumns)
            row.append(valueText(n.values.value(key)));
        row.append(n.comment);
        row.append(n.correction.isUndefined() || n.correction.isNull() ? QString() : valueText(n.correction));
        out.append(csvRecord(row).toUtf8());
    }
    return out;
}

QString correctionText(const QJsonValue &correction)
{
    if (correction.isObject())
        return answerText(answerFrom(correction.toObject()));
    return answerText(correction);
}

TrainingExample trainingExample(ExportFormat format, const ExportItem &item,
                                const QList<ExportAnswer> &qualifying)
{
    QString correction;
    for (const ExportAnswer &a : qualifying)
        if (correction.isEmpty())
            correction = correctionText(a.annotation.correction);
    if (format == ExportFormat::Dpo && correction.isEmpty())
        return {};

    QList<ChatMessage> conversation = conversationFrom(item.run.inputs);
    const QString answer = answerText(answerFrom(item.run.outputs));
    // A conversation ends with what the user asked: an assistant turn logged in the inputs would be
    // trained as context, and the run's answer follows it.
    bool asksSomething = false;
    for (const ChatMessage &m : conversation)
        asksSomething = asksSomething || m.role == u"user";
    if (!asksSomething)
        return {{}, u"no user message in the run's inputs"_s};
    const QString reply = format == ExportFormat::Dpo || correction.isEmpty() ? answer : correction;
    if (reply.isEmpty())
        return {{},
                format == ExportFormat::Dpo ? u"no answer in the run's outputs to prefer the correction to"_s
                                            : u"no answer in the run's outputs"_s};

    switch (format) {
    case ExportFormat::OpenAiChat: {
        conversation.append(ChatMessage{u"assistant"_s, reply});
        return {line(QJsonObject{{"messages"_L1, messagesJson(conversation, "role", "content", false)}}), {}};
    }
    case ExportFormat::ShareGpt: {
        conversation.append(ChatMessage{u"assistant"_s, reply});
        return {line(QJsonObject{{"conversations"_L1, messagesJson(conversation, "from", "value", true)}}),
                {}};
    }
    case ExportFormat::Alpaca: {
        // instruction: the last thing the user asked; input: the system prompt and anything said before.
        qsizetype last = conversation.size() - 1;
        while (conversation[last].role != u"user")
            --last;
        QStringList context;
        for (qsizetype i = 0; i < last; ++i)
            context.append(i == 0 && conversation[i].role == u"system"
                               ? conversation[i].content
                               : conversation[i].role + u": "_s + conversation[i].content);
        return {line(QJsonObject{{"instruction"_L1, conversation[last].content},
                                 {"input"_L1, context.join(u"\n\n"_s)},
                                 {"output"_L1, reply}}),
                {}};
    }
    case ExportFormat::Dpo: {
        const QJsonArray prompt = messagesJson(conversation, "role", "content", false);
        auto assistant = [](const QString &text) {
            return QJsonArray{QJsonObject{{"role"_L1, u"assistant"_s}, {"content"_L1, text}}};
        };
        return {line(QJsonObject{{"prompt"_L1, prompt},
                                 {"chosen"_L1, assistant(correction)},
                                 {"rejected"_L1, assistant(answer)}}),
                {}};
    }
    case ExportFormat::Jsonl:
    case ExportFormat::Csv:
        break;
    }
    return {};
}

} // namespace assay
