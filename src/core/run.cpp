#include "run.h"

#include "jsonfields.h"

#include <QJsonDocument>

namespace assay {

namespace {
using namespace Qt::StringLiterals;

constexpr auto kMetadata = "metadata"_L1;

std::optional<qint64> integerAt(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble())
        return std::nullopt;
    return static_cast<qint64>(v.toDouble());
}

// Token usage as LangChain and the SDK report it: outputs.usage_metadata (input/output/total) or
// outputs.llm_output.token_usage (prompt/completion/total).
void deriveTokenCounts(Run &run)
{
    if (run.totalTokens || run.promptTokens || run.completionTokens)
        return;
    const QJsonObject usage = run.outputs.value("usage_metadata"_L1).toObject();
    if (!usage.isEmpty()) {
        run.promptTokens = integerAt(usage, "input_tokens"_L1);
        run.completionTokens = integerAt(usage, "output_tokens"_L1);
        run.totalTokens = integerAt(usage, "total_tokens"_L1);
    } else {
        const QJsonObject tokenUsage =
            run.outputs.value("llm_output"_L1).toObject().value("token_usage"_L1).toObject();
        run.promptTokens = integerAt(tokenUsage, "prompt_tokens"_L1);
        run.completionTokens = integerAt(tokenUsage, "completion_tokens"_L1);
        run.totalTokens = integerAt(tokenUsage, "total_tokens"_L1);
    }
    if (!run.totalTokens && run.promptTokens && run.completionTokens)
        run.totalTokens = *run.promptTokens + *run.completionTokens;
}

} // namespace

QString runStatusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Pending:
        return u"pending"_s;
    case RunStatus::Success:
        return u"success"_s;
    case RunStatus::Error:
        return u"error"_s;
    }
    return {};
}

RunStatus Run::status() const
{
    if (!error.isEmpty())
        return RunStatus::Error;
    return endTime ? RunStatus::Success : RunStatus::Pending;
}

std::optional<double> Run::latencySeconds() const
{
    if (!startTime || !endTime)
        return std::nullopt;
    return static_cast<double>(endTime->micros() - startTime->micros()) / 1e6;
}

QString dottedOrderSegment(const Timestamp &start, const Uuid &id)
{
    QString iso = start.toIso(); // 2026-11-30T07:16:04.413001Z -> 20261130T071604413001Z
    iso.remove(u'-').remove(u':').remove(u'.');
    return iso + id.toString();
}

Result<RunUpsert> parseRunUpsert(const QJsonObject &body, const QString &path, QList<RunUpsert> *children)
{
    JsonFields f(body, path);
    RunUpsert w;
    Run &r = w.values;
    w.id = f.uuid("id"_L1);
    if (auto v = f.uuid("trace_id"_L1)) {
        r.traceId = *v;
        w.mark(RunField::TraceId);
    }
    if (auto v = f.uuid("parent_run_id"_L1)) {
        r.parentRunId = *v;
        w.mark(RunField::ParentRunId);
    }
    if (auto v = f.string("dotted_order"_L1)) {
        r.dottedOrder = *v;
        w.mark(RunField::DottedOrder);
    }
    if (auto v = f.uuid("session_id"_L1)) {
        r.sessionId = *v;
        w.mark(RunField::SessionId);
    }
    if (auto v = f.string("session_name"_L1)) {
        r.sessionName = *v;
        w.mark(RunField::SessionName);
    }
    if (auto v = f.string("name"_L1)) {
        r.name = *v;
        w.mark(RunField::Name);
    }
    if (auto v = f.string("run_type"_L1)) {
        r.runType = *v;
        w.mark(RunField::RunType);
    }
    if (auto v = f.object("inputs"_L1)) {
        r.inputs = *v;
        w.mark(RunField::Inputs);
    }
    if (auto v = f.object("outputs"_L1)) {
        r.outputs = *v;
        w.mark(RunField::Outputs);
    }
    if (f.has("error"_L1)) {
        // The SDK sends a string; other tracers send an object. Keep objects as compact JSON text.
        const QJsonValue e = f.raw("error"_L1);
        if (e.isString()) {
            r.error = e.toString();
        } else if (e.isObject() || e.isArray()) {
            const QJsonDocument doc = e.isObject() ? QJsonDocument(e.toObject()) : QJsonDocument(e.toArray());
            r.error = QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
        } else {
            f.fail("error"_L1, u"expected a string, got %1"_s.arg(describeJsonType(e)));
        }
        if (!r.error.isEmpty())
            w.mark(RunField::Error);
    }
    if (auto v = f.timestamp("start_time"_L1)) {
        r.startTime = *v;
        w.mark(RunField::StartTime);
    }
    if (auto v = f.timestamp("end_time"_L1)) {
        r.endTime = *v;
        w.mark(RunField::EndTime);
    }
    if (auto v = f.object("extra"_L1)) {
        r.extra = *v;
        w.mark(RunField::Extra);
    }
    if (auto v = f.object("serialized"_L1)) {
        r.serialized = *v;
        w.mark(RunField::Serialized);
    }
    if (auto v = f.stringList("tags"_L1)) {
        r.tags = *v;
        w.mark(RunField::Tags);
    }
    if (auto v = f.array("events"_L1)) {
        r.events = *v;
        w.mark(RunField::Events);
    }
    if (auto v = f.uuid("reference_example_id"_L1)) {
        r.referenceExampleId = *v;
        w.mark(RunField::ReferenceExampleId);
    }
    r.promptTokens = f.integer("prompt_tokens"_L1);
    r.completionTokens = f.integer("completion_tokens"_L1);
    r.totalTokens = f.integer("total_tokens"_L1);
    if (r.promptTokens || r.completionTokens || r.totalTokens)
        w.mark(RunField::TokenCounts);
    if (f.failed())
        return f.error();

    if (const auto nested = f.array("child_runs"_L1); nested && !nested->isEmpty()) {
        if (!children)
            return Error{u"nested child runs are not accepted here"_s, f.pathOf("child_runs"_L1)};
        if (!w.id)
            return Error{u"a run with child_runs needs an id"_s, f.pathOf("id"_L1)};
        for (qsizetype i = 0; i < nested->size(); ++i) {
            const QString childPath = indexedPath(f.pathOf("child_runs"_L1), i);
            if (!nested->at(i).isObject())
                return Error{u"expected an object, got %1"_s.arg(describeJsonType(nested->at(i))), childPath};
            auto child = parseRunUpsert(nested->at(i).toObject(), childPath, children);
            if (!child)
                return child.error();
            if (!child->has(RunField::ParentRunId)) {
                child->values.parentRunId = *w.id;
                child->mark(RunField::ParentRunId);
            }
            if (!child->has(RunField::SessionName) && w.has(RunField::SessionName)) {
                child->values.sessionName = r.sessionName;
                child->mark(RunField::SessionName);
            }
            children->append(std::move(*child));
        }
    }
    return w;
}

void applyRunUpsert(Run &run, const RunUpsert &w)
{
    const Run &v = w.values;
    if (w.id)
        run.id = *w.id;
    if (w.has(RunField::TraceId))
        run.traceId = v.traceId;
    if (w.has(RunField::ParentRunId))
        run.parentRunId = v.parentRunId;
    if (w.has(RunField::DottedOrder))
        run.dottedOrder = v.dottedOrder;
    if (w.has(RunField::SessionId))
        run.sessionId = v.sessionId;
    if (w.has(RunField::SessionName))
        run.sessionName = v.sessionName;
    if (w.has(RunField::Name))
        run.name = v.name;
    if (w.has(RunField::RunType))
        run.runType = v.runType;
    if (w.has(RunField::Inputs))
        run.inputs = v.inputs;
    if (w.has(RunField::Outputs))
        run.outputs = v.outputs;
    if (w.has(RunField::Error))
        run.error = v.error;
    if (w.has(RunField::StartTime))
        run.startTime = v.startTime;
    if (w.has(RunField::EndTime))
        run.endTime = v.endTime;
    if (w.has(RunField::Extra)) {
        QJsonObject metadata = run.metadata();
        const QJsonObject incomingMetadata = v.extra.value(kMetadata).toObject();
        for (auto it = v.extra.begin(); it != v.extra.end(); ++it)
            run.extra.insert(it.key(), it.value());
        for (auto it = incomingMetadata.begin(); it != incomingMetadata.end(); ++it)
            metadata.insert(it.key(), it.value());
        if (!metadata.isEmpty())
            run.extra.insert(kMetadata, metadata);
    }
    if (w.has(RunField::Serialized))
        run.serialized = v.serialized;
    if (w.has(RunField::Tags))
        run.tags = v.tags;
    if (w.has(RunField::Events))
        run.events = v.events;
    if (w.has(RunField::ReferenceExampleId))
        run.referenceExampleId = v.referenceExampleId;
    if (w.has(RunField::TokenCounts)) {
        run.promptTokens = v.promptTokens;
        run.completionTokens = v.completionTokens;
        run.totalTokens = v.totalTokens;
    }
}

void completeDerivedFields(Run &run)
{
    if (run.traceId.isNull())
        run.traceId = run.parentRunId ? Uuid() : run.id;
    if (run.dottedOrder.isEmpty() && run.isRoot() && run.startTime)
        run.dottedOrder = dottedOrderSegment(*run.startTime, run.id);
    deriveTokenCounts(run);
}

QJsonObject runToJson(const Run &run, const QJsonObject &feedbackStats)
{
    QJsonObject o;
    o.insert("id"_L1, run.id.toString());
    o.insert("trace_id"_L1, jsonOrNull(run.traceId.isNull() ? std::nullopt : std::optional(run.traceId)));
    o.insert("parent_run_id"_L1, jsonOrNull(run.parentRunId));
    o.insert("dotted_order"_L1, run.dottedOrder);
    o.insert("session_id"_L1, jsonOrNull(run.sessionId));
    o.insert("session_name"_L1, run.sessionName);
    o.insert("name"_L1, run.name);
    o.insert("run_type"_L1, run.runType);
    o.insert("inputs"_L1, run.inputs);
    o.insert("outputs"_L1, run.outputs);
    o.insert("error"_L1, textOrNull(run.error));
    o.insert("start_time"_L1, jsonOrNull(run.startTime));
    o.insert("end_time"_L1, jsonOrNull(run.endTime));
    o.insert("extra"_L1, run.extra);
    o.insert("serialized"_L1, run.serialized);
    o.insert("tags"_L1, QJsonArray::fromStringList(run.tags));
    o.insert("events"_L1, run.events);
    o.insert("reference_example_id"_L1, jsonOrNull(run.referenceExampleId));
    o.insert("status"_L1, runStatusName(run.status()));
    o.insert("prompt_tokens"_L1, jsonOrNull(run.promptTokens));
    o.insert("completion_tokens"_L1, jsonOrNull(run.completionTokens));
    o.insert("total_tokens"_L1, jsonOrNull(run.totalTokens));
    o.insert("feedback_stats"_L1, feedbackStats);
    o.insert("app_path"_L1, u"/runs/%1"_s.arg(run.id.toString()));
    return o;
}

} // namespace assay
