#include "compiledfilter.h"

#include "../sampling.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace assay::filter {

namespace {
using namespace Qt::StringLiterals;

// ---- Fields -------------------------------------------------------------------------------------

enum class FieldId {
    Id,
    TraceId,
    ParentRunId,
    SessionId,
    ReferenceExampleId,
    Name,
    RunType,
    Status,
    Error,
    ThreadId,
    StartTime,
    EndTime,
    Latency,
    LatencyMs,
    TotalTokens,
    PromptTokens,
    CompletionTokens,
    Tags,
    IsRoot,
    Metadata,
    MetadataPath,
    InputsPath,
    OutputsPath,
    MetadataKey,
    MetadataValue,
    InputKey,
    InputValue,
    OutputKey,
    OutputValue,
    FeedbackKey,
    FeedbackScore,
    FeedbackValue,
    FeedbackNamed,
    RandomSample,
};

enum class FieldKind {
    Uuid,
    Text,
    Number,
    Time,
    Bool,
    Tags,
    JsonObject,
    JsonPath,
    EntryKey,
    EntryValue,
    Sample
};

// Entry families: predicates on the same family inside one and() must hold for one entry.
enum class Family { None, Feedback, Metadata, Inputs, Outputs };

struct FieldInfo {
    const char16_t *name;
    FieldId id;
    FieldKind kind;
    Family family = Family::None;
};

constexpr FieldInfo kFields[] = {
    {u"id", FieldId::Id, FieldKind::Uuid},
    {u"trace_id", FieldId::TraceId, FieldKind::Uuid},
    {u"parent_run_id", FieldId::ParentRunId, FieldKind::Uuid},
    {u"session_id", FieldId::SessionId, FieldKind::Uuid},
    {u"reference_example_id", FieldId::ReferenceExampleId, FieldKind::Uuid},
    {u"name", FieldId::Name, FieldKind::Text},
    {u"run_type", FieldId::RunType, FieldKind::Text},
    {u"status", FieldId::Status, FieldKind::Text},
    {u"error", FieldId::Error, FieldKind::Text},
    {u"thread_id", FieldId::ThreadId, FieldKind::Text},
    {u"start_time", FieldId::StartTime, FieldKind::Time},
    {u"end_time", FieldId::EndTime, FieldKind::Time},
    {u"latency", FieldId::Latency, FieldKind::Number},
    {u"latency_ms", FieldId::LatencyMs, FieldKind::Number},
    {u"total_tokens", FieldId::TotalTokens, FieldKind::Number},
    {u"prompt_tokens", FieldId::PromptTokens, FieldKind::Number},
    {u"completion_tokens", FieldId::CompletionTokens, FieldKind::Number},
    {u"tags", FieldId::Tags, FieldKind::Tags},
    {u"is_root", FieldId::IsRoot, FieldKind::Bool},
    {u"metadata", FieldId::Metadata, FieldKind::JsonObject, Family::Metadata},
    {u"metadata_key", FieldId::MetadataKey, FieldKind::EntryKey, Family::Metadata},
    {u"metadata_value", FieldId::MetadataValue, FieldKind::EntryValue, Family::Metadata},
    {u"input_key", FieldId::InputKey, FieldKind::EntryKey, Family::Inputs},
    {u"input_value", FieldId::InputValue, FieldKind::EntryValue, Family::Inputs},
    {u"output_key", FieldId::OutputKey, FieldKind::EntryKey, Family::Outputs},
    {u"output_value", FieldId::OutputValue, FieldKind::EntryValue, Family::Outputs},
    {u"feedback_key", FieldId::FeedbackKey, FieldKind::EntryKey, Family::Feedback},
    {u"feedback_score", FieldId::FeedbackScore, FieldKind::EntryValue, Family::Feedback},
    {u"feedback_value", FieldId::FeedbackValue, FieldKind::EntryValue, Family::Feedback},
    {u"random_sample", FieldId::RandomSample, FieldKind::Sample},
};

struct PathPrefix {
    const char16_t *prefix;
    FieldId id;
    Family family;
};

constexpr PathPrefix kPathPrefixes[] = {
    {u"metadata.", FieldId::MetadataPath, Family::None},
    {u"inputs.", FieldId::InputsPath, Family::None},
    {u"outputs.", FieldId::OutputsPath, Family::None},
    {u"feedback.", FieldId::FeedbackNamed, Family::Feedback},
};

struct ResolvedField {
    FieldId id;
    FieldKind kind;
    Family family;
    QStringList path; // JSON path segments, or the feedback key for feedback.<key>
};

// ---- Runtime values -----------------------------------------------------------------------------

// A literal prepared for comparisons: numbers parsed out of strings, times and UUIDs parsed once.
struct Operand {
    Literal::Type type = Literal::Type::Null;
    bool boolean = false;
    double number = 0;
    QString string;
    std::optional<double> stringAsNumber;
    std::optional<qint64> time;
    Uuid uuid;
};

Operand makeOperand(const Literal &lit)
{
    Operand o;
    o.type = lit.type;
    o.boolean = lit.boolean;
    o.number = lit.number;
    o.string = lit.string;
    if (lit.type == Literal::Type::String) {
        bool ok = false;
        const double n = lit.string.toDouble(&ok);
        if (ok)
            o.stringAsNumber = n;
    }
    return o;
}

template<typename T>
bool ordered(const T &a, const T &b, CompareOp op)
{
    switch (op) {
    case CompareOp::Eq:
        return a == b;
    case CompareOp::Neq:
        return !(a == b);
    case CompareOp::Gt:
        return a > b;
    case CompareOp::Gte:
        return a >= b;
    case CompareOp::Lt:
        return a < b;
    case CompareOp::Lte:
        return a <= b;
    }
    return false;
}

// Eq/ordered comparison of a value with an operand; Neq is handled by the caller as not(Eq).
bool compareValue(const Value &v, CompareOp op, const Operand &o)
{
    if (o.type == Literal::Type::Null)
        return op == CompareOp::Eq && v.absent();
    switch (v.type) {
    case Value::Type::Missing:
    case Value::Type::Null:
    case Value::Type::Other:
        return false;
    case Value::Type::Time:
        return o.time && ordered(v.time, *o.time, op);
    case Value::Type::Bool:
        if (o.type == Literal::Type::Bool)
            return (op == CompareOp::Eq) && v.boolean == o.boolean;
        if (o.type == Literal::Type::Number)
            return ordered(v.boolean ? 1.0 : 0.0, o.number, op);
        return false;
    case Value::Type::Number:
        if (o.type == Literal::Type::Number)
            return ordered(v.number, o.number, op);
        if (o.stringAsNumber)
            return ordered(v.number, *o.stringAsNumber, op);
        if (o.type == Literal::Type::Bool)
            return ordered(v.number, o.boolean ? 1.0 : 0.0, op);
        return false;
    case Value::Type::String:
        if (o.type == Literal::Type::String)
            return ordered(QStringView(v.string).compare(o.string), 0, op);
        if (o.type == Literal::Type::Number) {
            bool ok = false;
            const double n = v.string.toDouble(&ok);
            return ok && ordered(n, o.number, op);
        }
        return false;
    }
    return false;
}

// ---- Compiled tree ------------------------------------------------------------------------------

struct Predicate {
    ResolvedField field;
    CompareOp op = CompareOp::Eq; // never Neq on leaves: Neq compiles to Not(Eq) or `negate`
    bool negate = false;          // entry predicates inside a group: the same entry must NOT equal
    std::vector<Operand> anyOf;   // one operand for comparisons, several for in()
};

} // namespace

struct CompiledNode {
    enum class Kind { And, Or, Not, Leaf, Exists, Search, HasTag, JsonSubset, JsonHasKey, Sample };
    Kind kind = Kind::And;
    std::vector<CompiledNode> children;
    Predicate leaf;                    // Leaf
    Family family = Family::None;      // Exists
    std::vector<Predicate> entryPreds; // Exists: all must hold for one entry
    QString needle;                    // Search (case-folded), HasTag, JsonHasKey
    std::optional<ResolvedField> searchField;
    QJsonObject subset; // JsonSubset
    double rate = 0;    // Sample
};

namespace {

// ---- Evaluation ---------------------------------------------------------------------------------

// The first segment comes from the view's decoded entries; deeper segments walk the JSON.
Value valueAt(const RunView &view, EntrySource source, const QStringList &path)
{
    const JsonEntry *top = view.entry(source, path.constFirst());
    if (!top)
        return Value::missing();
    if (path.size() == 1)
        return top->value;
    QJsonValue current = top->json;
    for (qsizetype i = 1; i < path.size(); ++i) {
        const QString &segment = path.at(i);
        if (current.isObject()) {
            current = current.toObject().value(segment);
        } else if (current.isArray()) {
            bool ok = false;
            const qsizetype index = segment.toLongLong(&ok);
            const QJsonArray array = current.toArray();
            if (!ok || index < 0 || index >= array.size())
                return Value::missing();
            current = array.at(index);
        } else {
            return Value::missing();
        }
    }
    return Value::ofJson(current);
}

std::optional<Uuid> uuidOf(const Run &run, FieldId id)
{
    switch (id) {
    case FieldId::Id:
        return run.id;
    case FieldId::TraceId:
        return run.traceId.isNull() ? std::nullopt : std::optional(run.traceId);
    case FieldId::ParentRunId:
        return run.parentRunId;
    case FieldId::SessionId:
        return run.sessionId;
    case FieldId::ReferenceExampleId:
        return run.referenceExampleId;
    default:
        return std::nullopt;
    }
}

Value optionalNumber(const std::optional<qint64> &n)
{
    return n ? Value::ofNumber(static_cast<double>(*n)) : Value::missing();
}

Value runFieldValue(const RunView &view, const ResolvedField &f)
{
    const Run &run = view.run();
    switch (f.id) {
    case FieldId::Name:
        return Value::ofString(run.name);
    case FieldId::RunType:
        return Value::ofString(run.runType);
    case FieldId::Status: {
        static const QString names[] = {u"pending"_s, u"success"_s, u"error"_s};
        return Value::ofString(names[static_cast<int>(run.status())]);
    }
    case FieldId::Error:
        return run.error.isEmpty() ? Value::missing() : Value::ofString(run.error);
    case FieldId::ThreadId: {
        for (QStringView key : {u"thread_id", u"session_id", u"conversation_id"}) {
            const JsonEntry *e = view.entry(EntrySource::Metadata, key);
            if (e && e->value.type == Value::Type::String)
                return e->value;
        }
        return Value::missing();
    }
    case FieldId::StartTime:
        return run.startTime ? Value::ofTime(run.startTime->micros()) : Value::missing();
    case FieldId::EndTime:
        return run.endTime ? Value::ofTime(run.endTime->micros()) : Value::missing();
    case FieldId::Latency:
    case FieldId::LatencyMs: {
        const auto seconds = run.latencySeconds();
        if (!seconds)
            return Value::missing();
        return Value::ofNumber(f.id == FieldId::Latency ? *seconds : *seconds * 1000.0);
    }
    case FieldId::TotalTokens:
        return optionalNumber(run.totalTokens);
    case FieldId::PromptTokens:
        return optionalNumber(run.promptTokens);
    case FieldId::CompletionTokens:
        return optionalNumber(run.completionTokens);
    case FieldId::IsRoot:
        return Value::ofBool(run.isRoot());
    case FieldId::MetadataPath:
        return valueAt(view, EntrySource::Metadata, f.path);
    case FieldId::InputsPath:
        return valueAt(view, EntrySource::Inputs, f.path);
    case FieldId::OutputsPath:
        return valueAt(view, EntrySource::Outputs, f.path);
    default: // ids are compared as UUIDs in leafMatches; entry fields are read per entry
        return Value::missing();
    }
}

bool leafMatches(const RunView &view, const Predicate &p)
{
    if (p.field.kind == FieldKind::Uuid) {
        const auto id = uuidOf(view.run(), p.field.id);
        for (const Operand &o : p.anyOf)
            if (o.type == Literal::Type::Null ? !id : (id && *id == o.uuid))
                return true;
        return false;
    }
    const Value v = runFieldValue(view, p.field);
    for (const Operand &o : p.anyOf)
        if (compareValue(v, p.op, o))
            return true;
    return false;
}

// One entry of a family: a feedback row, or a key/value pair of metadata, inputs or outputs.
struct Entry {
    QStringView key;
    const Feedback *feedback = nullptr;
    const Value *value = nullptr; // metadata, inputs and outputs entries
};

Value entryValue(const Entry &e, const ResolvedField &f, const Operand &o)
{
    switch (f.id) {
    case FieldId::FeedbackKey:
    case FieldId::MetadataKey:
    case FieldId::InputKey:
    case FieldId::OutputKey:
        return Value::missing(); // keys are compared in place by entryMatches
    case FieldId::FeedbackScore:
        return e.feedback ? Value::ofJson(e.feedback->score) : Value::missing();
    case FieldId::FeedbackValue:
        return e.feedback ? Value::ofJson(e.feedback->value) : Value::missing();
    case FieldId::FeedbackNamed: {
        // feedback.<key>: text compares the value, numbers and booleans the score (or a numeric value).
        if (!e.feedback)
            return Value::missing();
        const bool wantsText = o.type == Literal::Type::String && !o.stringAsNumber;
        const QJsonValue &first = wantsText ? e.feedback->value : e.feedback->score;
        const QJsonValue &second = wantsText ? e.feedback->score : e.feedback->value;
        return Value::ofJson(first.isNull() || first.isUndefined() ? second : first);
    }
    default:
        return e.value ? *e.value : Value::missing();
    }
}

bool isKeyField(FieldId id)
{
    return id == FieldId::FeedbackKey || id == FieldId::MetadataKey || id == FieldId::InputKey ||
           id == FieldId::OutputKey;
}

bool entryMatches(const Entry &e, const std::vector<Predicate> &preds)
{
    for (const Predicate &p : preds) {
        if (p.field.id == FieldId::FeedbackNamed && e.key != p.field.path.constFirst())
            return false;
        bool any = false;
        for (const Operand &o : p.anyOf) {
            // Keys are compared without copying them into a Value.
            const bool hit =
                isKeyField(p.field.id) ? e.key == o.string : compareValue(entryValue(e, p.field, o), p.op, o);
            if (hit) {
                any = true;
                break;
            }
        }
        if (any == p.negate)
            return false;
    }
    return true;
}

bool existsEntry(const RunView &view, Family family, const std::vector<Predicate> &preds)
{
    if (family == Family::Feedback) {
        for (const Feedback &fb : view.feedback())
            if (entryMatches(Entry{fb.key, &fb, {}}, preds))
                return true;
        return false;
    }
    const EntrySource source = family == Family::Metadata ? EntrySource::Metadata
                               : family == Family::Inputs ? EntrySource::Inputs
                                                          : EntrySource::Outputs;
    for (const JsonEntry &e : view.entries(source))
        if (entryMatches(Entry{e.key, nullptr, &e.value}, preds))
            return true;
    return false;
}

bool isSubset(const QJsonValue &want, const QJsonValue &have)
{
    if (want.isObject()) {
        if (!have.isObject())
            return false;
        const QJsonObject w = want.toObject(), h = have.toObject();
        for (auto it = w.begin(); it != w.end(); ++it)
            if (!isSubset(it.value(), h.value(it.key())))
                return false;
        return true;
    }
    return want == have;
}

bool evaluate(const CompiledNode &n, const RunView &view, const EvalContext &ctx)
{
    switch (n.kind) {
    case CompiledNode::Kind::And:
        for (const CompiledNode &c : n.children)
            if (!evaluate(c, view, ctx))
                return false;
        return true;
    case CompiledNode::Kind::Or:
        for (const CompiledNode &c : n.children)
            if (evaluate(c, view, ctx))
                return true;
        return false;
    case CompiledNode::Kind::Not:
        return !evaluate(n.children.front(), view, ctx);
    case CompiledNode::Kind::Leaf:
        return leafMatches(view, n.leaf);
    case CompiledNode::Kind::Exists:
        return existsEntry(view, n.family, n.entryPreds);
    case CompiledNode::Kind::Search: {
        if (!n.searchField)
            return view.searchText().contains(n.needle);
        if (n.searchField->kind == FieldKind::Tags) {
            for (const QString &tag : view.run().tags)
                if (tag.contains(n.needle, Qt::CaseInsensitive))
                    return true;
            return false;
        }
        const Value v = runFieldValue(view, *n.searchField);
        return v.type == Value::Type::String && v.string.contains(n.needle, Qt::CaseInsensitive);
    }
    case CompiledNode::Kind::HasTag:
        return view.run().tags.contains(n.needle);
    case CompiledNode::Kind::JsonSubset:
        return isSubset(n.subset, view.metadata());
    case CompiledNode::Kind::JsonHasKey:
        return view.entry(EntrySource::Metadata, n.needle) != nullptr;
    case CompiledNode::Kind::Sample:
        return inSample(n.rate, ctx.samplingSalt, view.run().id, SampleStream::FilterRandomSample);
    }
    return false;
}

// ---- Compilation --------------------------------------------------------------------------------

QString opName(CompareOp op)
{
    static const char16_t *const names[] = {u"eq", u"neq", u"gt", u"gte", u"lt", u"lte"};
    return QString::fromUtf16(names[static_cast<int>(op)]);
}

class Compiler {
public:
    bool readsFeedback = false;
    bool usesSampling = false;

    Result<CompiledNode> compile(const Node &n)
    {
        switch (n.kind) {
        case NodeKind::And:
            return compileAnd(n);
        case NodeKind::Or:
        case NodeKind::Not: {
            CompiledNode out;
            out.kind = n.kind == NodeKind::Or ? CompiledNode::Kind::Or : CompiledNode::Kind::Not;
            for (const Node &c : n.children) {
                auto compiled = compile(c);
                if (!compiled)
                    return compiled;
                out.children.push_back(std::move(*compiled));
            }
            return out;
        }
        case NodeKind::Compare:
        case NodeKind::In:
            return compileComparison(n);
        case NodeKind::Has:
            return compileHas(n);
        case NodeKind::Search:
            return compileSearch(n);
        case NodeKind::Exists:
            return compileExists(n);
        case NodeKind::HasFeedbackKey: {
            readsFeedback = true;
            Predicate p;
            p.field = {FieldId::FeedbackKey, FieldKind::EntryKey, Family::Feedback, {}};
            p.anyOf.push_back(makeOperand(n.value));
            return existsNode(Family::Feedback, {p});
        }
        }
        return Error{u"unsupported expression"_s, n.pos.toString()};
    }

private:
    static CompiledNode existsNode(Family family, std::vector<Predicate> preds)
    {
        CompiledNode e;
        e.kind = CompiledNode::Kind::Exists;
        e.family = family;
        e.entryPreds = std::move(preds);
        return e;
    }

    static CompiledNode notNode(CompiledNode inner)
    {
        CompiledNode n;
        n.kind = CompiledNode::Kind::Not;
        n.children.push_back(std::move(inner));
        return n;
    }

    Result<ResolvedField> resolve(const QString &name, const SourcePos &pos)
    {
        for (const FieldInfo &f : kFields)
            if (name == QStringView(f.name))
                return ResolvedField{f.id, f.kind, f.family, {}};
        for (const PathPrefix &p : kPathPrefixes) {
            const QStringView prefix(p.prefix);
            if (name.startsWith(prefix) && name.size() > prefix.size()) {
                const QString rest = name.mid(prefix.size());
                if (p.id == FieldId::FeedbackNamed)
                    return ResolvedField{p.id, FieldKind::EntryValue, p.family, {rest}};
                const QStringList path = rest.split(u'.');
                if (path.contains(QString()))
                    return Error{u"'%1' has an empty path segment"_s.arg(name), pos.toString()};
                return ResolvedField{p.id, FieldKind::JsonPath, p.family, path};
            }
        }
        return Error{
            u"unknown field '%1'; expected one of %2, or metadata.<key>, inputs.<key>, outputs.<key>, feedback.<key>"_s
                .arg(name, knownFieldNames().join(u", "_s)),
            pos.toString()};
    }

    // Converts and checks a literal for the field it is compared with.
    Result<Operand> prepare(const ResolvedField &field, const QString &fieldName, CompareOp op,
                            const Literal &lit)
    {
        Operand o = makeOperand(lit);
        const QString where = lit.pos.toString();
        const bool isNull = lit.type == Literal::Type::Null;
        const bool orderOp = op != CompareOp::Eq && op != CompareOp::Neq;
        if (isNull && orderOp)
            return Error{u"%1() cannot compare with null; use eq or neq"_s.arg(opName(op)), where};
        switch (field.kind) {
        case FieldKind::Uuid:
            if (orderOp)
                return Error{u"%1 is an id; use eq, neq or in"_s.arg(fieldName), where};
            if (!isNull) {
                if (lit.type != Literal::Type::String)
                    return Error{u"%1 is an id; compare it with a UUID in quotes"_s.arg(fieldName), where};
                auto id = Uuid::parse(lit.string);
                if (!id)
                    return Error{u"%1: %2"_s.arg(fieldName, id.error().message), where};
                o.uuid = *id;
            }
            return o;
        case FieldKind::Text:
            if (orderOp)
                return Error{u"%1 is text; use eq, neq, in or search"_s.arg(fieldName), where};
            if (!isNull && lit.type != Literal::Type::String)
                return Error{u"%1 is text; put the value in quotes"_s.arg(fieldName), where};
            if (field.id == FieldId::Status && !isNull && lit.string != u"success" &&
                lit.string != u"error" && lit.string != u"pending")
                return Error{
                    u"status is one of \"success\", \"error\" or \"pending\", not \"%1\""_s.arg(lit.string),
                    where};
            return o;
        case FieldKind::Number:
            if (lit.type == Literal::Type::String &&
                (field.id == FieldId::Latency || field.id == FieldId::LatencyMs)) {
                auto seconds = parseDuration(lit.string, where);
                if (!seconds)
                    return seconds.error();
                o.type = Literal::Type::Number;
                o.number = field.id == FieldId::Latency ? *seconds : *seconds * 1000.0;
                return o;
            }
            if (!isNull && lit.type != Literal::Type::Number)
                return Error{u"%1 is a number; compare it with a number"_s.arg(fieldName), where};
            return o;
        case FieldKind::Time:
            if (lit.type == Literal::Type::String) {
                auto t = Timestamp::parseIso(lit.string);
                if (!t)
                    return Error{u"%1: %2"_s.arg(fieldName, t.error().message), where};
                o.time = t->micros();
            } else if (lit.type == Literal::Type::Number) {
                auto t = Timestamp::fromEpochMillis(lit.number);
                if (!t)
                    return Error{u"%1: %2"_s.arg(fieldName, t.error().message), where};
                o.time = t->micros();
            } else if (!isNull) {
                return Error{u"%1 is a time; compare it with an ISO-8601 string or epoch milliseconds"_s.arg(
                                 fieldName),
                             where};
            }
            return o;
        case FieldKind::Bool:
            if (orderOp || (!isNull && lit.type != Literal::Type::Bool))
                return Error{u"%1 is true or false; use eq(%1, true)"_s.arg(fieldName), where};
            return o;
        case FieldKind::EntryKey:
            if (orderOp || lit.type != Literal::Type::String)
                return Error{u"%1 names a key; use eq, neq or in with a key in quotes"_s.arg(fieldName),
                             where};
            return o;
        case FieldKind::EntryValue:
        case FieldKind::JsonPath:
            if (field.id == FieldId::FeedbackScore && !isNull && lit.type == Literal::Type::String)
                return Error{u"feedback_score is a number; compare it with a number"_s, where};
            return o;
        case FieldKind::Tags:
        case FieldKind::JsonObject:
        case FieldKind::Sample:
            break;
        }
        return Error{u"%1 cannot be compared this way"_s.arg(fieldName), where};
    }

    static Result<double> parseDuration(const QString &text, const QString &where)
    {
        static const std::pair<const char16_t *, double> units[] = {
            {u"ms", 0.001}, {u"s", 1.0}, {u"m", 60.0}, {u"h", 3600.0}};
        for (const auto &[unit, factor] : units) {
            if (text.endsWith(QStringView(unit))) {
                bool ok = false;
                const double n = QStringView(text).chopped(QStringView(unit).size()).toDouble(&ok);
                if (ok && std::isfinite(n))
                    return n * factor;
            }
        }
        return Error{
            u"'%1' is not a duration; write a number of seconds or a value such as \"5s\", \"250ms\", \"2m\""_s
                .arg(text),
            where};
    }

    Result<Predicate> predicate(const Node &n, const ResolvedField &field)
    {
        Predicate p;
        p.field = field;
        p.op = n.op == CompareOp::Neq ? CompareOp::Eq : n.op;
        const QList<Literal> literals = n.kind == NodeKind::In ? n.values : QList<Literal>{n.value};
        for (const Literal &lit : literals) {
            auto o = prepare(field, n.field, n.kind == NodeKind::In ? CompareOp::Eq : n.op, lit);
            if (!o)
                return o.error();
            p.anyOf.push_back(std::move(*o));
        }
        return p;
    }

    Result<CompiledNode> compileComparison(const Node &n)
    {
        auto field = resolve(n.field, n.fieldPos);
        if (!field)
            return field.error();
        if (field->family == Family::Feedback)
            readsFeedback = true;
        switch (field->kind) {
        case FieldKind::Sample:
            return compileSample(n);
        case FieldKind::Tags: {
            if (n.kind == NodeKind::Compare && n.op != CompareOp::Eq && n.op != CompareOp::Neq)
                return Error{u"tags is a list; use has, eq, neq or in"_s, n.pos.toString()};
            CompiledNode any;
            any.kind = CompiledNode::Kind::Or;
            for (const Literal &lit : n.kind == NodeKind::In ? n.values : QList<Literal>{n.value}) {
                if (lit.type != Literal::Type::String)
                    return Error{u"tags are text; put the tag in quotes"_s, lit.pos.toString()};
                CompiledNode has;
                has.kind = CompiledNode::Kind::HasTag;
                has.needle = lit.string;
                any.children.push_back(std::move(has));
            }
            return n.op == CompareOp::Neq ? notNode(std::move(any)) : any;
        }
        case FieldKind::JsonObject:
            return Error{
                u"metadata is an object; use has(metadata, '{\"key\": \"value\"}'), exists(metadata, \"key\") or metadata.<key>"_s,
                n.fieldPos.toString()};
        default:
            break;
        }
        auto p = predicate(n, *field);
        if (!p)
            return p.error();
        CompiledNode out;
        if (field->family != Family::None) {
            // feedback.<key> == null means "no feedback with that key".
            if (field->id == FieldId::FeedbackNamed && p->anyOf.size() == 1 &&
                p->anyOf.front().type == Literal::Type::Null) {
                Predicate key;
                key.field = {FieldId::FeedbackKey, FieldKind::EntryKey, Family::Feedback, {}};
                Literal keyLiteral;
                keyLiteral.type = Literal::Type::String;
                keyLiteral.string = field->path.constFirst();
                key.anyOf.push_back(makeOperand(keyLiteral));
                const CompiledNode exists = existsNode(Family::Feedback, {key});
                return n.op == CompareOp::Eq ? notNode(exists) : exists;
            }
            out = existsNode(field->family, {*p});
        } else {
            out.kind = CompiledNode::Kind::Leaf;
            out.leaf = *p;
        }
        return n.op == CompareOp::Neq ? notNode(std::move(out)) : out;
    }

    Result<CompiledNode> compileSample(const Node &n)
    {
        if (n.kind != NodeKind::Compare ||
            (n.op != CompareOp::Eq && n.op != CompareOp::Lt && n.op != CompareOp::Lte))
            return Error{u"random_sample takes a rate: random_sample == 0.05"_s, n.pos.toString()};
        if (n.value.type != Literal::Type::Number || n.value.number < 0 || n.value.number > 1)
            return Error{u"random_sample is a rate between 0 and 1"_s, n.value.pos.toString()};
        usesSampling = true;
        CompiledNode s;
        s.kind = CompiledNode::Kind::Sample;
        s.rate = n.value.number;
        return s;
    }

    // Entry predicates of one family inside an and() are correlated: one Exists over all of them.
    // A family with a single predicate is not a group and compiles as it would alone.
    Result<CompiledNode> compileAnd(const Node &n)
    {
        struct Group {
            Family family;
            std::vector<Predicate> preds;
            const Node *first;
        };
        CompiledNode out;
        out.kind = CompiledNode::Kind::And;
        std::vector<Group> groups;
        for (const Node &c : n.children) {
            auto field = correlatedField(c);
            if (!field) {
                auto compiled = compile(c);
                if (!compiled)
                    return compiled;
                out.children.push_back(std::move(*compiled));
                continue;
            }
            auto p = predicate(c, *field);
            if (!p)
                return p.error();
            p->negate = c.op == CompareOp::Neq;
            auto group = std::find_if(groups.begin(), groups.end(),
                                      [&](const Group &g) { return g.family == field->family; });
            if (group == groups.end())
                groups.push_back({field->family, {std::move(*p)}, &c});
            else
                group->preds.push_back(std::move(*p));
        }
        for (Group &g : groups) {
            if (g.preds.size() == 1) {
                auto compiled = compile(*g.first);
                if (!compiled)
                    return compiled;
                out.children.push_back(std::move(*compiled));
            } else {
                readsFeedback = readsFeedback || g.family == Family::Feedback;
                out.children.push_back(existsNode(g.family, std::move(g.preds)));
            }
        }
        if (out.children.size() == 1)
            return std::move(out.children.front());
        return out;
    }

    // The field of a comparison that takes part in key/value correlation, or nothing. Unknown fields
    // also give nothing here: compiling the node alone reports them.
    std::optional<ResolvedField> correlatedField(const Node &c)
    {
        if (c.kind != NodeKind::Compare && c.kind != NodeKind::In)
            return std::nullopt;
        auto field = resolve(c.field, c.fieldPos);
        if (!field)
            return std::nullopt;
        const bool keyAbsence = field->kind == FieldKind::EntryKey && c.op == CompareOp::Neq;
        // feedback.<key> names its own row, so two of them in one and() are separate rows.
        const bool entryField =
            (field->kind == FieldKind::EntryKey || field->kind == FieldKind::EntryValue) &&
            field->id != FieldId::FeedbackNamed;
        if (!entryField || keyAbsence || field->family == Family::None)
            return std::nullopt;
        return *field;
    }

    Result<CompiledNode> compileHas(const Node &n)
    {
        auto field = resolve(n.field, n.fieldPos);
        if (!field)
            return field.error();
        if (n.value.type != Literal::Type::String)
            return Error{u"has() takes a value in quotes"_s, n.value.pos.toString()};
        CompiledNode out;
        if (field->kind == FieldKind::Tags) {
            out.kind = CompiledNode::Kind::HasTag;
            out.needle = n.value.string;
            return out;
        }
        if (field->id == FieldId::Metadata) {
            const QJsonDocument doc = QJsonDocument::fromJson(n.value.string.toUtf8());
            if (doc.isObject()) {
                out.kind = CompiledNode::Kind::JsonSubset;
                out.subset = doc.object();
            } else {
                out.kind = CompiledNode::Kind::JsonHasKey;
                out.needle = n.value.string;
            }
            return out;
        }
        return Error{u"has() works on tags and metadata, not on %1"_s.arg(n.field), n.fieldPos.toString()};
    }

    Result<CompiledNode> compileExists(const Node &n)
    {
        if (n.field != u"metadata")
            return Error{u"exists() works on metadata: exists(metadata, \"key\")"_s, n.fieldPos.toString()};
        if (n.value.type != Literal::Type::String)
            return Error{u"exists() takes a key in quotes"_s, n.value.pos.toString()};
        CompiledNode out;
        out.kind = CompiledNode::Kind::JsonHasKey;
        out.needle = n.value.string;
        return out;
    }

    Result<CompiledNode> compileSearch(const Node &n)
    {
        CompiledNode out;
        out.kind = CompiledNode::Kind::Search;
        if (n.value.string.isEmpty())
            return Error{u"search() needs some text to look for"_s, n.value.pos.toString()};
        if (n.field.isEmpty()) {
            out.needle = foldCase(n.value.string);
            return out;
        }
        auto field = resolve(n.field, n.fieldPos);
        if (!field)
            return field.error();
        if (field->kind != FieldKind::Text && field->kind != FieldKind::Tags &&
            field->kind != FieldKind::JsonPath)
            return Error{u"search() looks in text fields, and %1 is not one"_s.arg(n.field),
                         n.fieldPos.toString()};
        out.searchField = *field;
        out.needle = n.value.string;
        return out;
    }
};

} // namespace

QStringList knownFieldNames()
{
    QStringList names;
    for (const FieldInfo &f : kFields)
        names.append(QString::fromUtf16(f.name));
    return names;
}

Result<CompiledFilter> CompiledFilter::compile(QStringView text, Syntax syntax)
{
    auto ast = parse(text, syntax);
    if (!ast)
        return ast.error();
    Compiler compiler;
    auto root = compiler.compile(*ast);
    if (!root)
        return root.error();
    CompiledFilter filter;
    filter.m_root = std::make_shared<const CompiledNode>(std::move(*root));
    filter.m_text = text.toString();
    filter.m_readsFeedback = compiler.readsFeedback;
    filter.m_usesSampling = compiler.usesSampling;
    return filter;
}

bool CompiledFilter::matches(const RunView &run, const EvalContext &context) const
{
    return m_root && evaluate(*m_root, run, context);
}

} // namespace assay::filter

namespace assay::filter {

namespace {

// The narrowing a metadata.<key> comparison implies, if any: only top-level keys (the side index holds
// those), and only what is exact whatever the database's collation (text is compared for equality only).
std::optional<Narrowing> metadataNarrowing(const Predicate &p)
{
    if (p.field.path.size() != 1 || p.anyOf.empty())
        return std::nullopt;
    Narrowing n;
    n.key = p.field.path.constFirst();
    if (p.op == CompareOp::Eq) {
        n.kind = Narrowing::Kind::MetadataEquals;
        for (const Operand &o : p.anyOf) {
            switch (o.type) {
            case Literal::Type::Null:
                return std::nullopt; // a missing key matches: no row to look for
            case Literal::Type::Bool:
                n.numbers.append(o.boolean ? 1 : 0);
                break;
            case Literal::Type::Number:
                n.numbers.append(o.number);
                break;
            case Literal::Type::String:
                n.texts.append(o.string);
                if (o.stringAsNumber)
                    n.numbers.append(*o.stringAsNumber);
                break;
            }
        }
        return n;
    }
    if (p.anyOf.size() != 1)
        return std::nullopt;
    const Operand &o = p.anyOf.front();
    if (o.type != Literal::Type::Number && o.type != Literal::Type::Bool)
        return std::nullopt; // text is ordered by the filter's rules, not the database's collation
    n.kind = Narrowing::Kind::MetadataNumber;
    n.op = p.op;
    n.numbers.append(o.type == Literal::Type::Bool ? (o.boolean ? 1 : 0) : o.number);
    return n;
}

std::optional<Narrowing> entryNarrowing(const CompiledNode &node)
{
    for (const Predicate &p : node.entryPreds) {
        if (p.negate || p.anyOf.size() != 1)
            continue;
        if (node.family == Family::Feedback && p.field.id == FieldId::FeedbackNamed)
            return Narrowing{
                Narrowing::Kind::FeedbackKey, CompareOp::Eq, p.field.path.constFirst(), {}, {}, 0};
        const bool keyField = p.field.id == FieldId::FeedbackKey || p.field.id == FieldId::MetadataKey;
        if (!keyField || p.anyOf.front().type != Literal::Type::String)
            continue;
        const auto kind =
            node.family == Family::Feedback ? Narrowing::Kind::FeedbackKey : Narrowing::Kind::MetadataKey;
        return Narrowing{kind, CompareOp::Eq, p.anyOf.front().string, {}, {}, 0};
    }
    return std::nullopt;
}

std::optional<Narrowing> leafNarrowing(const Predicate &p)
{
    if (p.field.id == FieldId::StartTime && p.anyOf.size() == 1 && p.anyOf.front().time)
        return Narrowing{Narrowing::Kind::StartTime, p.op, {}, {}, {}, *p.anyOf.front().time};
    if (p.field.id == FieldId::RunType && p.op == CompareOp::Eq) {
        Narrowing n{Narrowing::Kind::RunType, CompareOp::Eq, {}, {}, {}, 0};
        for (const Operand &o : p.anyOf) {
            if (o.type != Literal::Type::String)
                return std::nullopt;
            n.texts.append(o.string);
        }
        return n;
    }
    if (p.field.id == FieldId::MetadataPath)
        return metadataNarrowing(p);
    return std::nullopt;
}

std::optional<Narrowing> narrowingOf(const CompiledNode &node)
{
    switch (node.kind) {
    case CompiledNode::Kind::Leaf:
        return leafNarrowing(node.leaf);
    case CompiledNode::Kind::Exists:
        return entryNarrowing(node);
    case CompiledNode::Kind::JsonHasKey:
        return Narrowing{Narrowing::Kind::MetadataKey, CompareOp::Eq, node.needle, {}, {}, 0};
    case CompiledNode::Kind::Search: // search("...") over the whole run; a field's search is not indexed
        if (node.searchField || node.needle.toUcs4().size() < Narrowing::kMinTextNarrowing)
            return std::nullopt;
        return Narrowing{Narrowing::Kind::Text, CompareOp::Eq, {}, {node.needle}, {}, 0};
    case CompiledNode::Kind::HasTag:
        return Narrowing{Narrowing::Kind::Tag, CompareOp::Eq, {}, {node.needle}, {}, 0};
    case CompiledNode::Kind::Or: { // in(tags, [...]) compiles to an or() of tags
        Narrowing tags{Narrowing::Kind::Tag, CompareOp::Eq, {}, {}, {}, 0};
        for (const CompiledNode &c : node.children) {
            if (c.kind != CompiledNode::Kind::HasTag)
                return std::nullopt;
            tags.texts.append(c.needle);
        }
        return tags.texts.isEmpty() ? std::nullopt : std::optional(tags);
    }
    default:
        return std::nullopt;
    }
}

} // namespace

QList<Narrowing> CompiledFilter::narrowings() const
{
    QList<Narrowing> out;
    if (!m_root)
        return out;
    const auto take = [&out](const CompiledNode &n) {
        if (auto narrowing = narrowingOf(n))
            out.append(*narrowing);
    };
    if (m_root->kind == CompiledNode::Kind::And)
        for (const CompiledNode &c : m_root->children)
            take(c);
    else
        take(*m_root);
    return out;
}

} // namespace assay::filter
