#pragma once

// LangSmith datasets and their examples: where reviewed runs are exported ("add to dataset").

#include "result.h"
#include "timestamp.h"
#include "uuid.h"

#include <QJsonObject>

#include <optional>

namespace assay {

struct Dataset {
    Uuid id;
    QString name;
    QString description;
    QString dataType = QStringLiteral("kv"); // "kv", "llm" or "chat"
    QJsonObject extra;
    QJsonValue inputsSchema;
    QJsonValue outputsSchema;
    std::optional<Timestamp> createdAt;
    std::optional<Timestamp> modifiedAt;

    friend bool operator==(const Dataset &, const Dataset &) = default;
};

struct DatasetWrite {
    std::optional<Uuid> id;
    std::optional<QString> name;
    std::optional<QString> description;
    std::optional<QString> dataType;
    std::optional<QJsonObject> extra;
    std::optional<QJsonValue> inputsSchema;
    std::optional<QJsonValue> outputsSchema;
};
Result<DatasetWrite> parseDatasetWrite(const QJsonObject &body, bool creating);
void applyDatasetWrite(Dataset &dataset, const DatasetWrite &write);
QJsonObject datasetToJson(const Dataset &dataset, const Uuid &tenantId, qint64 exampleCount);
Result<Dataset> datasetFromJson(const QJsonObject &json); // storage: keeps the timestamps

struct Example {
    Uuid id;
    Uuid datasetId;
    QJsonObject inputs;
    QJsonObject outputs;
    QJsonObject metadata;
    QJsonValue split; // a name or a list of names, or null
    std::optional<Uuid> sourceRunId;
    std::optional<Timestamp> createdAt;
    std::optional<Timestamp> modifiedAt;

    friend bool operator==(const Example &, const Example &) = default;
};

QJsonObject exampleToJson(const Example &example);
Result<Example> exampleFromJson(const QJsonObject &json);

// The per-example part of the SDK's multipart upload: {"created_at","metadata","split","source_run_id",
// "use_source_run_io", "use_source_run_attachments"}; `useSourceRunIo` asks the server to copy the run.
struct ExampleUploadMeta {
    QJsonObject metadata;
    QJsonValue split;
    std::optional<Uuid> sourceRunId;
    std::optional<Timestamp> createdAt;
    bool useSourceRunIo = false;
};
Result<ExampleUploadMeta> parseExampleUploadMeta(const QJsonObject &json, const QString &path);

} // namespace assay
