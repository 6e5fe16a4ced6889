#include "dataset.h"

#include "jsonfields.h"

namespace assay {

using namespace Qt::StringLiterals;

Result<DatasetWrite> parseDatasetWrite(const QJsonObject &body, bool creating)
{
    JsonFields f(body);
    DatasetWrite w;
    w.id = f.uuid("id"_L1);
    w.name = f.string("name"_L1, creating ? Need::Required : Need::Optional);
    if (w.name && w.name->trimmed().isEmpty())
        f.fail("name"_L1, u"must not be empty"_s);
    w.description = f.string("description"_L1);
    w.dataType = f.string("data_type"_L1);
    if (w.dataType && *w.dataType != u"kv" && *w.dataType != u"llm" && *w.dataType != u"chat")
        f.fail("data_type"_L1, u"expected kv, llm or chat, got '%1'"_s.arg(*w.dataType));
    w.extra = f.object("extra"_L1);
    if (f.has("inputs_schema_definition"_L1))
        w.inputsSchema = body.value("inputs_schema_definition"_L1);
    if (f.has("outputs_schema_definition"_L1))
        w.outputsSchema = body.value("outputs_schema_definition"_L1);
    if (f.failed())
        return f.error();
    return w;
}

void applyDatasetWrite(Dataset &d, const DatasetWrite &w)
{
    if (w.id)
        d.id = *w.id;
    if (w.name)
        d.name = *w.name;
    if (w.description)
        d.description = *w.description;
    if (w.dataType)
        d.dataType = *w.dataType;
    if (w.extra)
        d.extra = *w.extra;
    if (w.inputsSchema)
        d.inputsSchema = *w.inputsSchema;
    if (w.outputsSchema)
        d.outputsSchema = *w.outputsSchema;
}

QJsonObject datasetToJson(const Dataset &d, const Uuid &tenantId, qint64 exampleCount)
{
    return QJsonObject{
        {"id"_L1, d.id.toString()},
        {"name"_L1, d.name},
        {"description"_L1, textOrNull(d.description)},
        {"data_type"_L1, d.dataType},
        {"extra"_L1, d.extra},
        {"inputs_schema_definition"_L1, nullIfUndefined(d.inputsSchema)},
        {"outputs_schema_definition"_L1, nullIfUndefined(d.outputsSchema)},
        {"tenant_id"_L1, tenantId.toString()},
        {"created_at"_L1, jsonOrNull(d.createdAt)},
        {"modified_at"_L1, jsonOrNull(d.modifiedAt)},
        {"example_count"_L1, double(exampleCount)},
    };
}

Result<Dataset> datasetFromJson(const QJsonObject &json)
{
    auto w = parseDatasetWrite(json, true);
    if (!w)
        return w.error();
    Dataset d;
    applyDatasetWrite(d, *w);
    JsonFields f(json);
    d.createdAt = f.timestamp("created_at"_L1);
    d.modifiedAt = f.timestamp("modified_at"_L1);
    if (f.failed())
        return f.error();
    return d;
}

QJsonObject exampleToJson(const Example &e)
{
    return QJsonObject{
        {"id"_L1, e.id.toString()},
        {"dataset_id"_L1, e.datasetId.toString()},
        {"inputs"_L1, e.inputs},
        {"outputs"_L1, e.outputs},
        {"metadata"_L1, e.metadata},
        {"split"_L1, nullIfUndefined(e.split)},
        {"source_run_id"_L1, jsonOrNull(e.sourceRunId)},
        {"created_at"_L1, jsonOrNull(e.createdAt)},
        {"modified_at"_L1, jsonOrNull(e.modifiedAt)},
        {"attachment_urls"_L1, QJsonObject()},
    };
}

Result<Example> exampleFromJson(const QJsonObject &json)
{
    JsonFields f(json);
    Example e;
    e.id = f.uuid("id"_L1, Need::Required).value_or(Uuid());
    e.datasetId = f.uuid("dataset_id"_L1, Need::Required).value_or(Uuid());
    e.inputs = f.object("inputs"_L1).value_or(QJsonObject());
    e.outputs = f.object("outputs"_L1).value_or(QJsonObject());
    e.metadata = f.object("metadata"_L1).value_or(QJsonObject());
    e.split = nullIfUndefined(json.value("split"_L1));
    e.sourceRunId = f.uuid("source_run_id"_L1);
    e.createdAt = f.timestamp("created_at"_L1);
    e.modifiedAt = f.timestamp("modified_at"_L1);
    if (f.failed())
        return f.error();
    return e;
}

Result<ExampleUploadMeta> parseExampleUploadMeta(const QJsonObject &json, const QString &path)
{
    JsonFields f(json, path);
    ExampleUploadMeta m;
    m.metadata = f.object("metadata"_L1).value_or(QJsonObject());
    const QJsonValue split = json.value("split"_L1);
    if (!split.isUndefined() && !split.isNull() && !split.isString() && !split.isArray())
        f.fail("split"_L1, u"expected a name or a list of names, got %1"_s.arg(describeJsonType(split)));
    m.split = nullIfUndefined(split);
    m.sourceRunId = f.uuid("source_run_id"_L1);
    m.createdAt = f.timestamp("created_at"_L1);
    m.useSourceRunIo = f.boolean("use_source_run_io"_L1).value_or(false);
    if (!f.failed() && m.useSourceRunIo && !m.sourceRunId)
        f.fail("use_source_run_io"_L1, u"needs a source_run_id to copy inputs and outputs from"_s);
    if (f.failed())
        return f.error();
    return m;
}

} // namespace assay
