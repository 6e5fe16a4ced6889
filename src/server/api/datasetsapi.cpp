// Datasets and examples (langsmith-api.md §6), including the SDK's multipart example upload and the
// seed's "export annotated runs as a dataset" (source_run_id + use_source_run_io, or POST
// /datasets/{id}/runs with {"run_ids": [...]}).

#include "apicontext.h"

#include "audit/auditlog.h"
#include "http/multipart.h"

#include "core/jsonfields.h"

#include <QJsonDocument>

#include <functional>
#include <variant>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// A dataset as the SDK reads it, with its example count.
Result<QJsonObject> datasetJson(ApiContext &ctx, const Dataset &d)
{
    auto count = ctx.store.exampleCount(d.id);
    if (!count)
        return count.error();
    return datasetToJson(d, ctx.tenantId, *count);
}

Result<QJsonArray> datasetsJson(ApiContext &ctx, const QList<Dataset> &datasets)
{
    QJsonArray out;
    for (const Dataset &d : datasets) {
        auto json = datasetJson(ctx, d);
        if (!json)
            return json.error();
        out.append(*json);
    }
    return out;
}

HttpResponse datasetResponse(ApiContext &ctx, const Dataset &d)
{
    auto json = datasetJson(ctx, d);
    if (!json)
        return HttpResponse::internal(json.error());
    return HttpResponse::json(*json);
}

// An audited change of a dataset: its JSON before and after (null for none), answered with the dataset.
HttpResponse auditedDataset(ApiContext &ctx, const HttpRequest &req, const QString &action,
                            const QJsonValue &before, const Dataset &d)
{
    auto json = datasetJson(ctx, d);
    if (!json)
        return HttpResponse::internal(json.error());
    return auditOrFail(ctx, req, action, u"dataset"_s, d.id.toString(), before, *json,
                       HttpResponse::json(*json));
}

// Examples are audited by what identifies them, not their inputs and outputs (which can be large).
HttpResponse auditedExamples(ApiContext &ctx, const HttpRequest &req, const QList<Example> &examples,
                             HttpResponse success)
{
    QList<std::pair<QString, QJsonObject>> changed;
    for (const Example &e : examples)
        changed.append({e.id.toString(),
                        QJsonObject{{"dataset_id"_L1, e.datasetId.toString()},
                                    {"source_run_id"_L1, e.sourceRunId ? QJsonValue(e.sourceRunId->toString())
                                                                       : QJsonValue(QJsonValue::Null)}}});
    return auditEachOrFail(ctx, req, u"add"_s, u"example"_s, changed, std::move(success));
}

std::optional<HttpResponse> loadDataset(ApiContext &ctx, const HttpRequest &req, Dataset &out)
{
    return loadById(
        req, u"dataset"_s, [&](const Uuid &id) { return ctx.store.datasetById(id); }, out);
}

HttpResponse createDataset(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto write = parseDatasetWrite(*body, true);
    if (!write)
        return HttpResponse::badRequest(write.error());
    if (auto refused = refuseTakenName(ctx, *write->name))
        return *refused;
    Dataset d;
    applyDatasetWrite(d, *write);
    if (d.id.isNull())
        d.id = Uuid::v7();
    d.createdAt = d.modifiedAt = Timestamp::now();
    if (auto saved = ctx.store.saveDataset(d); !saved)
        return HttpResponse::internal(saved.error());
    return auditedDataset(ctx, req, u"create"_s, QJsonValue::Null, d);
}

HttpResponse getDataset(ApiContext &ctx, HttpRequest &req)
{
    Dataset d;
    if (auto failed = loadDataset(ctx, req, d))
        return *failed;
    return datasetResponse(ctx, d);
}

HttpResponse listDatasets(ApiContext &ctx, HttpRequest &req)
{
    if (auto refused = unsupportedParameter(req, {u"metadata"_s, u"data_type"_s}))
        return *refused;
    auto q = listQueryOf(req, u"id"_s);
    if (!q)
        return validationError(q.error());
    auto found = ctx.store.listDatasets(*q);
    if (!found)
        return HttpResponse::internal(found.error());
    auto out = datasetsJson(ctx, *found);
    if (!out)
        return HttpResponse::internal(out.error());
    return HttpResponse::json(*out);
}

// GET /api/v2/datasets (the 0.12 SDK's client.datasets.listV2).
HttpResponse listDatasetsV2(ApiContext &ctx, HttpRequest &req)
{
    if (auto refused = unsupportedParameter(req, {u"data_type"_s, u"exclude"_s, u"metadata"_s, u"sort_by"_s}))
        return *refused;
    auto excludeCorrections = queryBoolean(req, u"exclude_corrections_datasets"_s);
    if (!excludeCorrections)
        return validationError(excludeCorrections.error());
    auto q = v2ListQueryOf(req);
    if (!q)
        return validationError(q.error());
    auto found = ctx.store.listDatasets(*q);
    if (!found)
        return HttpResponse::internal(found.error());
    auto out = datasetsJson(ctx, *found);
    if (!out)
        return HttpResponse::internal(out.error());
    return v2ListingResponse(*out, *q);
}

HttpResponse patchDataset(ApiContext &ctx, HttpRequest &req)
{
    Dataset d;
    if (auto failed = loadDataset(ctx, req, d))
        return *failed;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto write = parseDatasetWrite(*body, false);
    if (!write)
        return HttpResponse::badRequest(write.error());
    if (write->name && *write->name != d.name) {
        if (auto refused = refuseTakenName(ctx, *write->name))
            return *refused;
    }
    write->id.reset();
    auto before = datasetJson(ctx, d);
    if (!before)
        return HttpResponse::internal(before.error());
    applyDatasetWrite(d, *write);
    d.modifiedAt = Timestamp::now();
    if (auto saved = ctx.store.saveDataset(d); !saved)
        return HttpResponse::internal(saved.error());
    return auditedDataset(ctx, req, u"update"_s, *before, d);
}

HttpResponse deleteDataset(ApiContext &ctx, HttpRequest &req)
{
    Dataset d;
    if (auto failed = loadDataset(ctx, req, d))
        return *failed;
    auto before = datasetJson(ctx, d);
    if (!before)
        return HttpResponse::internal(before.error());
    if (auto deleted = ctx.store.deleteDataset(d.id); !deleted)
        return HttpResponse::internal(deleted.error());
    return auditOrFail(ctx, req, u"delete"_s, u"dataset"_s, d.id.toString(), *before, QJsonValue::Null,
                       HttpResponse::noContent());
}

// Copies inputs and outputs from the source runs of examples that ask for it.
std::optional<HttpResponse> copyFromRuns(ApiContext &ctx, QList<Example> &examples,
                                         const QList<qsizetype> &fromRuns)
{
    QList<Uuid> runIds;
    for (qsizetype i : fromRuns)
        runIds.append(*examples[i].sourceRunId);
    auto runs = ctx.store.runsByIds(runIds);
    if (!runs)
        return HttpResponse::internal(runs.error());
    for (qsizetype i : fromRuns) {
        const auto run = runs->constFind(*examples[i].sourceRunId);
        if (run == runs->cend())
            return HttpResponse::error(404,
                                       u"source run %1 not found"_s.arg(examples[i].sourceRunId->toString()));
        examples[i].inputs = run->inputs;
        examples[i].outputs = run->outputs;
    }
    return std::nullopt;
}

// The examples of the SDK's multipart upload or update: parts "<id>", "<id>.inputs", "<id>.outputs" (and
// "<id>.attachment.<name>", "<id>.attachments_operations"), in any order; the examples in the order their
// ids first appear. `begin` makes the example an id first names (a new one, or the stored one to update).
struct ExampleParts {
    QList<Example> examples;
    QList<qsizetype> fromRuns; // those asking for their source run's inputs and outputs
};

using BeginExample = std::function<std::variant<Example, HttpResponse>(const Uuid &id, const QString &part)>;

std::variant<ExampleParts, HttpResponse> readExampleParts(const HttpRequest &req, const BeginExample &begin)
{
    auto boundary = multipartBoundary(req.header("content-type"));
    if (!boundary)
        return HttpResponse::error(415, boundary.error().message);
    auto parts = parseMultipart(req.body, *boundary);
    if (!parts)
        return HttpResponse::badRequest(parts.error());
    ExampleParts out;
    QHash<Uuid, qsizetype> index;
    for (const MultipartPart &part : *parts) {
        const qsizetype dot = part.name.indexOf(u'.');
        const QString idText = dot < 0 ? part.name : part.name.left(dot);
        const QString field = dot < 0 ? QString() : part.name.mid(dot + 1);
        auto id = Uuid::parse(idText);
        if (!id)
            return HttpResponse::error(
                400, u"a part name must start with the example's id: %1"_s.arg(id.error().message),
                part.name);
        if (field.startsWith(u"attachment"_s))
            return HttpResponse::error(422, u"example attachments are not supported by this server yet"_s,
                                       part.name);
        if (!index.contains(*id)) {
            auto begun = begin(*id, part.name);
            if (auto *refused = std::get_if<HttpResponse>(&begun))
                return *refused;
            index.insert(*id, out.examples.size());
            out.examples.append(std::get<Example>(std::move(begun)));
        }
        Example &e = out.examples[index.value(*id)];
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(part.data, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return HttpResponse::error(
                400,
                u"expected a JSON object: %1"_s.arg(error.error != QJsonParseError::NoError
                                                        ? error.errorString()
                                                        : u"got another JSON value"_s),
                part.name);
        if (field.isEmpty()) {
            auto meta = parseExampleUploadMeta(doc.object(), part.name);
            if (!meta)
                return HttpResponse::badRequest(meta.error());
            if (doc.object().contains("metadata"_L1))
                e.metadata = meta->metadata;
            if (doc.object().contains("split"_L1))
                e.split = meta->split;
            if (meta->sourceRunId)
                e.sourceRunId = meta->sourceRunId;
            if (meta->createdAt)
                e.createdAt = meta->createdAt;
            if (meta->useSourceRunIo)
                out.fromRuns.append(index.value(*id));
        } else if (field == u"inputs") {
            e.inputs = doc.object();
        } else if (field == u"outputs") {
            e.outputs = doc.object();
        } else {
            return HttpResponse::error(400, u"unknown part; expected <id>, <id>.inputs or <id>.outputs"_s,
                                       part.name);
        }
    }
    return out;
}

// Reads the parts (each new id made by `begin`), copies source runs where asked, saves and answers
// {"count", "example_ids"} in part order.
HttpResponse storeExampleParts(ApiContext &ctx, const HttpRequest &req, const BeginExample &begin)
{
    auto read = readExampleParts(req, begin);
    if (auto *refused = std::get_if<HttpResponse>(&read))
        return *refused;
    ExampleParts &parts = std::get<ExampleParts>(read);
    if (auto failed = copyFromRuns(ctx, parts.examples, parts.fromRuns))
        return *failed;
    if (auto saved = ctx.store.saveExamples(parts.examples); !saved)
        return HttpResponse::internal(saved.error());
    QJsonArray ids;
    for (const Example &e : std::as_const(parts.examples))
        ids.append(e.id.toString());
    return auditedExamples(ctx, req, parts.examples,
                           HttpResponse::json(QJsonObject{{"count"_L1, double(parts.examples.size())},
                                                          {"example_ids"_L1, ids}}));
}

HttpResponse uploadExamples(ApiContext &ctx, HttpRequest &req)
{
    Dataset d;
    if (auto failed = loadDataset(ctx, req, d))
        return *failed;
    const Timestamp now = Timestamp::now();
    return storeExampleParts(ctx, req,
                             [&](const Uuid &id, const QString &) -> std::variant<Example, HttpResponse> {
                                 Example e;
                                 e.id = id;
                                 e.datasetId = d.id;
                                 e.createdAt = now;
                                 e.modifiedAt = now;
                                 return e;
                             });
}

// PATCH /platform/datasets/{id}/examples (the SDK's updateExample(s)): the parts each example has
// replace what they name (metadata, split, inputs, outputs); everything else is kept.
HttpResponse updateExamples(ApiContext &ctx, HttpRequest &req)
{
    Dataset d;
    if (auto failed = loadDataset(ctx, req, d))
        return *failed;
    const Timestamp now = Timestamp::now();
    return storeExampleParts(
        ctx, req, [&](const Uuid &id, const QString &part) -> std::variant<Example, HttpResponse> {
            auto stored = ctx.store.exampleById(id);
            if (!stored)
                return HttpResponse::internal(stored.error());
            if (!*stored || (*stored)->datasetId != d.id)
                return HttpResponse::error(
                    404, u"example %1 not found in dataset %2"_s.arg(id.toString(), d.id.toString()), part);
            Example e = **stored;
            e.modifiedAt = now;
            return e;
        });
}

// The seed's client.add_runs_to_dataset(dataset_id, run_ids): each run becomes an example.
HttpResponse addRunsToDataset(ApiContext &ctx, HttpRequest &req)
{
    Dataset d;
    if (auto failed = loadDataset(ctx, req, d))
        return *failed;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const QStringList runIds = f.stringList("run_ids"_L1, Need::Required).value_or(QStringList());
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    QList<Example> examples;
    QList<qsizetype> all;
    const Timestamp now = Timestamp::now();
    for (qsizetype i = 0; i < runIds.size(); ++i) {
        auto id = Uuid::parse(runIds.at(i));
        if (!id)
            return HttpResponse::error(400, id.error().message, indexedPath(u"run_ids"_s, i));
        Example e;
        e.id = Uuid::v5(d.id, id->toRfc4122()); // one example per run and dataset: a replay adds nothing
        e.datasetId = d.id;
        e.sourceRunId = *id;
        e.createdAt = e.modifiedAt = now;
        examples.append(e);
        all.append(i);
    }
    if (auto failed = copyFromRuns(ctx, examples, all))
        return *failed;
    if (auto saved = ctx.store.saveExamples(examples); !saved)
        return HttpResponse::internal(saved.error());
    QJsonArray out;
    for (const Example &e : examples)
        out.append(exampleToJson(e));
    return auditedExamples(ctx, req, examples, HttpResponse::json(out));
}

HttpResponse getExample(ApiContext &ctx, HttpRequest &req)
{
    Example e;
    if (auto failed = loadById(
            req, u"example"_s, [&](const Uuid &id) { return ctx.store.exampleById(id); }, e))
        return *failed;
    return HttpResponse::json(exampleToJson(e));
}

HttpResponse listExamples(ApiContext &ctx, HttpRequest &req)
{
    if (auto refused = unsupportedParameter(req, {u"splits"_s, u"metadata"_s, u"filter"_s}))
        return *refused;
    if (const QString asOf = req.queryValue(u"as_of"_s); !asOf.isEmpty() && asOf != u"latest")
        return HttpResponse::error(400, u"only latest is supported by Assay (examples are not versioned)"_s,
                                   u"as_of"_s);
    auto page = pageOf(req);
    if (!page)
        return validationError(page.error());
    auto ids = queryUuids(req, u"id"_s);
    if (!ids)
        return validationError(ids.error());
    auto dataset = queryUuids(req, u"dataset"_s);
    if (!dataset)
        return validationError(dataset.error());
    auto found = ctx.store.listExamples(dataset->isEmpty() ? std::nullopt : std::optional(dataset->first()),
                                        *ids, *page);
    if (!found)
        return HttpResponse::internal(found.error());
    QJsonArray out;
    for (const Example &e : found->rows)
        out.append(exampleToJson(e));
    return listingResponse(out, found->rows.size() >= page->limit, found->last);
}

// Examples are not versioned, so a delete (LangSmith's soft one as well as its hard one) removes them;
// each is audited with what it held. Unknown ids are a 404 naming the first, and nothing is deleted.
HttpResponse deleteExamplesById(ApiContext &ctx, const HttpRequest &req, const QList<Uuid> &ids,
                                HttpResponse success)
{
    QList<std::pair<QString, QJsonObject>> removed;
    for (const Uuid &id : ids) {
        auto stored = ctx.store.exampleById(id);
        if (!stored)
            return HttpResponse::internal(stored.error());
        if (!*stored)
            return HttpResponse::notFound(u"example %1"_s.arg(id.toString()));
        if (auto deleted = ctx.store.deleteExample(id); !deleted)
            return HttpResponse::internal(deleted.error());
        removed.append({id.toString(), exampleToJson(**stored)});
    }
    for (const auto &[id, before] : std::as_const(removed))
        if (auto audited =
                recordAudit(ctx.store, actorOf(req), u"delete"_s, u"example"_s, id, before, QJsonValue::Null);
            !audited)
            return HttpResponse::internal(audited.error());
    return success;
}

HttpResponse deleteExample(ApiContext &ctx, HttpRequest &req)
{
    auto id = pathUuid(req, u"id"_s);
    if (!id)
        return validationError(id.error());
    return deleteExamplesById(ctx, req, {*id}, HttpResponse::noContent());
}

// DELETE /examples?example_ids=a&example_ids=b (the SDK's deleteExamples).
HttpResponse deleteExamples(ApiContext &ctx, HttpRequest &req)
{
    auto ids = queryUuids(req, u"example_ids"_s);
    if (!ids)
        return validationError(ids.error());
    if (ids->isEmpty())
        return HttpResponse::error(422, u"name the examples to delete"_s, u"example_ids"_s);
    return deleteExamplesById(ctx, req, *ids,
                              HttpResponse::json(QJsonObject{{"count"_L1, double(ids->size())}}));
}

// DELETE /platform/datasets/{id}/examples/{example}: one example of the dataset.
HttpResponse deleteDatasetExample(ApiContext &ctx, HttpRequest &req)
{
    Dataset d;
    if (auto failed = loadDataset(ctx, req, d))
        return *failed;
    auto id = pathUuid(req, u"example"_s);
    if (!id)
        return validationError(id.error());
    auto stored = ctx.store.exampleById(*id);
    if (!stored)
        return HttpResponse::internal(stored.error());
    if (!*stored || (*stored)->datasetId != d.id)
        return HttpResponse::notFound(u"example %1 in dataset %2"_s.arg(id->toString(), d.id.toString()));
    return deleteExamplesById(ctx, req, {*id}, HttpResponse::noContent());
}

// POST /platform/datasets/examples/delete {"example_ids": [...], "hard_delete": true}.
HttpResponse hardDeleteExamples(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    f.boolean("hard_delete"_L1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    if (!f.has("example_ids"_L1))
        return HttpResponse::error(422, u"name the examples to delete"_s, u"example_ids"_s);
    auto ids = uuidsIn(f, "example_ids"_L1);
    if (!ids)
        return validationError(ids.error());
    return deleteExamplesById(ctx, req, *ids,
                              HttpResponse::json(QJsonObject{{"count"_L1, double(ids->size())}}));
}

} // namespace

std::optional<HttpResponse> refuseTakenName(ApiContext &ctx, const QString &name)
{
    ListQuery q;
    q.name = name;
    q.limit = 1;
    auto found = ctx.store.listDatasets(q);
    if (!found)
        return HttpResponse::internal(found.error());
    if (!found->isEmpty())
        return HttpResponse::error(409, u"a dataset named '%1' already exists"_s.arg(name));
    return std::nullopt;
}

void registerDatasetRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/datasets", createDataset);
    addRoute(router, ctx, "GET", "/datasets", listDatasets);
    addRoute(router, ctx, "GET", "/api/v2/datasets", listDatasetsV2);
    addRoute(router, ctx, "DELETE", "/platform/datasets/{id}/examples/{example}", deleteDatasetExample);
    addRoute(router, ctx, "GET", "/datasets/{id}", getDataset);
    addRoute(router, ctx, "PATCH", "/datasets/{id}", patchDataset);
    addRoute(router, ctx, "DELETE", "/datasets/{id}", deleteDataset);
    addRoute(router, ctx, "POST", "/datasets/{id}/runs", addRunsToDataset);
    addRoute(router, ctx, "POST", "/platform/datasets/{id}/examples", uploadExamples);
    addRoute(router, ctx, "GET", "/examples", listExamples);
    addRoute(router, ctx, "GET", "/examples/{id}", getExample);
    addRoute(router, ctx, "DELETE", "/examples/{id}", deleteExample);
    addRoute(router, ctx, "DELETE", "/examples", deleteExamples);
    addRoute(router, ctx, "PATCH", "/platform/datasets/{id}/examples", updateExamples);
    addRoute(router, ctx, "POST", "/platform/datasets/examples/delete", hardDeleteExamples);
}

} // namespace assay::server
