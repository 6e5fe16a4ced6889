#pragma once

// A LangSmith run (one span of a trace) and its JSON codec. Ingest is an upsert by id: POST, PATCH
// and both halves of /runs/batch all decode to a RunUpsert that carries only the fields the body
// gave, so a patch that arrives before its post loses nothing when they are merged.

#include "result.h"
#include "timestamp.h"
#include "uuid.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace assay {

enum class RunStatus { Pending, Success, Error };
QString runStatusName(RunStatus status);

struct Run {
    Uuid id;
    Uuid traceId;
    std::optional<Uuid> parentRunId;
    QString dottedOrder;
    std::optional<Uuid> sessionId; // the project; resolved by the server from session_name
    QString sessionName;
    QString name;
    QString runType;
    QJsonObject inputs;
    QJsonObject outputs;
    QString error; // empty: no error
    std::optional<Timestamp> startTime;
    std::optional<Timestamp> endTime;
    QJsonObject extra; // opaque; extra.metadata is what filters and reviewers see
    QJsonObject serialized;
    QStringList tags;
    QJsonArray events;
    std::optional<Uuid> referenceExampleId;
    std::optional<qint64> promptTokens;
    std::optional<qint64> completionTokens;
    std::optional<qint64> totalTokens;

    RunStatus status() const;
    QJsonObject metadata() const { return extra.value(QLatin1StringView("metadata")).toObject(); }
    std::optional<double> latencySeconds() const;
    bool isRoot() const { return !parentRunId.has_value(); }

    friend bool operator==(const Run &, const Run &) = default;
};

// Which fields a write carried. Absent and null mean "leave as it is".
enum class RunField : quint32 {
    TraceId = 1u << 0,
    ParentRunId = 1u << 1,
    DottedOrder = 1u << 2,
    SessionId = 1u << 3,
    SessionName = 1u << 4,
    Name = 1u << 5,
    RunType = 1u << 6,
    Inputs = 1u << 7,
    Outputs = 1u << 8,
    Error = 1u << 9,
    StartTime = 1u << 10,
    EndTime = 1u << 11,
    Extra = 1u << 12,
    Serialized = 1u << 13,
    Tags = 1u << 14,
    Events = 1u << 15,
    ReferenceExampleId = 1u << 16,
    TokenCounts = 1u << 17,
};

struct RunUpsert {
    std::optional<Uuid> id; // absent on a plain POST /runs without an id: the server assigns one
    Run values;
    quint32 present = 0;

    bool has(RunField f) const { return (present & static_cast<quint32>(f)) != 0; }
    void mark(RunField f) { present |= static_cast<quint32>(f); }
};

// Decodes the body of POST /runs, PATCH /runs/{id}, or one entry of /runs/batch "post"/"patch".
// `path` prefixes error locations ("post[3]"). Legacy nested child_runs are flattened into `children`
// with their parent_run_id set.
Result<RunUpsert> parseRunUpsert(const QJsonObject &body, const QString &path = {},
                                 QList<RunUpsert> *children = nullptr);

// Merges a write into a stored run: present fields replace, extra (and extra.metadata) merge key by key.
void applyRunUpsert(Run &run, const RunUpsert &write);

// Fills what the SDK may leave out: trace_id = id and a dotted_order for roots, token counts from
// usage metadata in the outputs. Call after the last merge, before storing.
void completeDerivedFields(Run &run);

// Full LangSmith Run JSON with ISO timestamps ('Z'), status computed, and `feedback_stats` if given.
QJsonObject runToJson(const Run &run, const QJsonObject &feedbackStats = {});

// "20261130T071604413001Z" + id: one segment of dotted_order.
QString dottedOrderSegment(const Timestamp &start, const Uuid &id);

} // namespace assay
