// Exports (docs/exports.md): a queue's annotated items as JSONL or CSV, or as fine-tuning examples
// (OpenAI chat, ShareGPT, Alpaca, DPO pairs), streamed; the summary of an export (what was left out and
// why); a dataset made from the answers that qualify; a dataset's examples as JSONL, CSV or OpenAI
// fine-tuning lines (GET /datasets/{id}/openai_ft, what the Python SDK's
// read_dataset_openai_finetuning calls).

#include "queuelookup.h"
#include "runquery.h"
#include "storebodystream.h"

#include "audit/auditlog.h"
#include "services/queueexport.h"

#include "core/chatmessages.h"
#include "core/csv.h"
#include "core/dataset.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxDatasetExamples = 100'000;

// An export's options from the query string (GET) or the JSON body (POST), under the same names.
Result<QHash<QString, QJsonValue>> exportOptions(const HttpRequest &req)
{
    QHash<QString, QJsonValue> options;
    for (const auto &[key, value] : req.query.queryItems(QUrl::FullyDecoded))
        options.insert(key, value);
    if (req.method == u"POST" && !req.body.trimmed().isEmpty()) {
        auto body = req.jsonObject();
        if (!body)
            return body.error();
        for (auto it = body->begin(); it != body->end(); ++it)
            options.insert(it.key(), it.value());
    }
    if (req.method == u"POST" && !options.contains(u"format"_s))
        options.insert(u"format"_s, u"csv"_s); // LangSmith's export route answers CSV
    return options;
}

// The export's pieces, each read on a read worker when the ones before it are mostly sent; the
// answers that went out are marked used, and the export is in the audit log once it has begun.
class QueueExportStream : public StoreBodyStream {
public:
    QueueExportStream(std::shared_ptr<QueueExport> e, QString actor)
        : m_export(std::move(e))
        , m_actor(std::move(actor))
    {
    }

    Result<BodyPiece> next(Store &store, QList<LaterWrite> &later) override
    {
        // A small first piece: the first records arrive at once; then pieces of about 512 KB.
        auto piece = m_export->next(store, m_audited ? 512 * 1024 : 64 * 1024);
        if (!piece)
            return piece.error();
        const Timestamp now = Timestamp::now();
        if (!piece->exportedRuns.isEmpty())
            later.append(
                [runs = piece->exportedRuns, now](Store &s) { return s.markAnswersUsed(runs, now); });
        if (!m_audited) {
            m_audited = true;
            const ExportRequest &r = m_export->request();
            const QJsonObject what{{"format"_L1, exportFormatName(r.format)},
                                   {"where"_L1, r.where.value_or(QString())},
                                   {"reviewer"_L1, r.reviewer},
                                   {"snapshot"_L1, QString::number(m_export->snapshot().micros())},
                                   {"skip"_L1, double(r.skip)}};
            later.append([actor = m_actor, kind = m_export->exportedKind(), id = m_export->exportedId(),
                          what](Store &s) {
                return recordAudit(s, actor, u"export"_s, kind, id.toString(), QJsonValue(), what);
            });
        }
        return BodyPiece{std::move(piece->bytes), piece->last, false};
    }

private:
    std::shared_ptr<QueueExport> m_export;
    QString m_actor;
    bool m_audited = false;
};

Result<Decision<std::shared_ptr<QueueExport>>> openExport(ApiContext &ctx, const HttpRequest &req,
                                                          const Queue &queue)
{
    auto options = exportOptions(req);
    if (!options)
        return Decision<std::shared_ptr<QueueExport>>::refused(Refusal::Invalid, options.error().message,
                                                               options.error().where);
    auto request = parseExportRequest(*options);
    if (!request)
        return Decision<std::shared_ptr<QueueExport>>::refused(Refusal::Invalid, request.error().message,
                                                               request.error().where);
    return QueueExport::open(ctx.store, queue, *request);
}

HttpResponse streamedExport(const HttpRequest &req,
                            const Result<Decision<std::shared_ptr<QueueExport>>> &opened)
{
    if (!opened)
        return HttpResponse::internal(opened.error());
    if (!opened->done())
        return refusedResponse(opened->refusal, opened->error);
    const std::shared_ptr<QueueExport> e = opened->value;
    HttpResponse r;
    r.contentType = exportContentType(e->request().format);
    r.body = e->preamble();
    r.headers.append({"Content-Disposition", "attachment; filename=\"" + e->fileName().toUtf8() + '"'});
    r.headers.append({"X-Assay-Export-Snapshot", QByteArray::number(e->snapshot().micros())});
    if (e->itemsInQueue() > 0)
        r.headers.append({"X-Assay-Export-Items", QByteArray::number(e->itemsInQueue())});
    r.stream = std::make_shared<QueueExportStream>(e, actorOf(req));
    return r;
}

HttpResponse exportQueue(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    return streamedExport(req, openExport(ctx, req, queue));
}

// A project's export: the queue items of its runs that `filter` (either syntax) finds.
Result<Decision<std::shared_ptr<QueueExport>>> openProjectExport(ApiContext &ctx, const HttpRequest &req,
                                                                 const Project &project)
{
    using D = Decision<std::shared_ptr<QueueExport>>;
    auto options = exportOptions(req);
    if (!options)
        return D::refused(Refusal::Invalid, options.error().message, options.error().where);
    const QJsonValue filter = options->take(u"filter"_s);
    auto search = runSearchOf(QJsonObject{{"filter"_L1, filter}});
    if (!search)
        return D::refused(Refusal::Invalid, search.error().message, search.error().where);
    auto request = parseExportRequest(*options);
    if (!request)
        return D::refused(Refusal::Invalid, request.error().message, request.error().where);
    return QueueExport::openProject(ctx.store, project, *search, *request);
}

HttpResponse exportProject(ApiContext &ctx, HttpRequest &req)
{
    Project project;
    if (auto failed = loadById(
            req, u"project"_s, [&](const Uuid &id) { return ctx.store.projectById(id); }, project))
        return *failed;
    return streamedExport(req, openProjectExport(ctx, req, project));
}

HttpResponse exportSummary(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto opened = openExport(ctx, req, queue);
    if (!opened)
        return HttpResponse::internal(opened.error());
    if (!opened->done())
        return refusedResponse(opened->refusal, opened->error);
    QueueExport &e = *opened->value;
    for (;;) {
        auto piece = e.next(ctx.store);
        if (!piece)
            return HttpResponse::internal(piece.error());
        if (piece->last)
            break;
    }
    return HttpResponse::json(exportSummaryToJson(e.summary(), e.request(), e.snapshot()));
}

// The seed's "rag-good-examples" in one request: a dataset whose examples are the queue's items whose
// answers qualify (the export's options; `where` defaults to overall_quality = good when the rubric
// has it), each with its run's inputs and, where a reviewer corrected it, the correction as outputs.
HttpResponse datasetFromAnswers(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    QHash<QString, QJsonValue> options;
    for (auto it = body->begin(); it != body->end(); ++it)
        if (it.key() != u"name" && it.key() != u"description")
            options.insert(it.key(), it.value());
    if (options.contains(u"format"_s))
        return HttpResponse::error(400, u"a dataset has no format; export it with GET /datasets/{id}/jsonl"_s,
                                   u"format"_s);
    options.insert(u"format"_s, u"openai"_s); // training semantics: qualifying answers, default filter
    auto request = parseExportRequest(options);
    if (!request)
        return HttpResponse::badRequest(request.error());
    const QString name = body->value("name"_L1).toString().trimmed();
    if (name.isEmpty())
        return HttpResponse::error(400, u"a dataset name is required"_s, u"name"_s);
    if (auto refused = refuseTakenName(ctx, name))
        return *refused;
    auto opened = QueueExport::open(ctx.store, queue, *request);
    if (!opened)
        return HttpResponse::internal(opened.error());
    if (!opened->done())
        return refusedResponse(opened->refusal, opened->error);
    QueueExport &e = *opened->value;

    Dataset d;
    d.id = Uuid::v7();
    d.name = name;
    d.description = body->value("description"_L1).toString();
    d.createdAt = d.modifiedAt = Timestamp::now();
    d.extra = QJsonObject{{"source_queue_id"_L1, queue.id.toString()},
                          {"where"_L1, e.request().where.value_or(QString())}};
    if (auto saved = ctx.store.saveDataset(d); !saved)
        return HttpResponse::internal(saved.error());
    qint64 count = 0;
    for (;;) {
        auto page = e.nextSelected(ctx.store);
        if (!page)
            return HttpResponse::internal(page.error());
        if (page->isEmpty())
            break;
        count += page->size();
        if (count > kMaxDatasetExamples)
            return HttpResponse::error(
                400,
                u"more than %1 items qualify; narrow it (from, until, where) or export them"_s.arg(
                    kMaxDatasetExamples),
                u"where"_s);
        QList<Example> examples;
        for (const QueueExport::Selected &s : std::as_const(*page)) {
            Example x;
            x.id = Uuid::v5(d.id, s.item.run.id.toRfc4122());
            x.datasetId = d.id;
            x.inputs = s.item.run.inputs;
            QString corrected;
            for (const ExportAnswer &a : s.qualifying)
                if (corrected.isEmpty())
                    corrected = correctionText(a.annotation.correction);
            x.outputs = corrected.isEmpty() ? s.item.run.outputs : QJsonObject{{"output"_L1, corrected}};
            x.metadata = QJsonObject{{"queue_id"_L1, queue.id.toString()}, {"reason"_L1, s.item.item.reason}};
            x.sourceRunId = s.item.run.id;
            // A microsecond apart: the dataset lists its examples in the queue's order.
            x.createdAt = x.modifiedAt =
                Timestamp::fromMicros(d.createdAt->micros() + count - page->size() + examples.size());
            examples.append(std::move(x));
        }
        if (auto saved = ctx.store.saveExamples(examples); !saved) // marks the answers used
            return HttpResponse::internal(saved.error());
    }
    QJsonObject out = datasetToJson(d, ctx.tenantId, count);
    out.insert("export_summary"_L1, exportSummaryToJson(e.summary(), e.request(), e.snapshot()));
    return auditOrFail(ctx, req, u"create"_s, u"dataset"_s, d.id.toString(), QJsonValue::Null,
                       QJsonObject{{"name"_L1, d.name},
                                   {"from_queue"_L1, queue.id.toString()},
                                   {"examples"_L1, double(count)}},
                       HttpResponse::json(out, 201));
}

// A dataset's examples, a page at a time along their keyset, in one of three shapes.
class DatasetExportStream : public StoreBodyStream {
public:
    enum class Shape { Jsonl, Csv, OpenAi };
    DatasetExportStream(Uuid datasetId, Shape shape)
        : m_datasetId(datasetId)
        , m_shape(shape)
    {
    }

    Result<BodyPiece> next(Store &store, QList<LaterWrite> &) override
    {
        BodyPiece piece;
        while (!piece.last && piece.bytes.size() < 512 * 1024) {
            auto page = store.listExamples(m_datasetId, {}, PageRequest{m_after, 0, 250});
            if (!page)
                return page.error();
            for (const Example &x : std::as_const(page->rows))
                piece.bytes += shaped(x);
            m_after = page->last;
            piece.last = page->rows.size() < 250 || !page->last;
        }
        return piece;
    }

    static QByteArray csvHeader()
    {
        return csvRecord({u"example_id"_s, u"created_at"_s, u"inputs"_s, u"outputs"_s, u"metadata"_s,
                          u"split"_s, u"source_run_id"_s})
            .toUtf8();
    }

private:
    QByteArray shaped(const Example &x) const
    {
        auto compact = [](const QJsonObject &o) {
            return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
        };
        switch (m_shape) {
        case Shape::Jsonl:
            return QJsonDocument(exampleToJson(x)).toJson(QJsonDocument::Compact) + '\n';
        case Shape::Csv:
            return csvRecord(QStringList{x.id.toString(), x.createdAt ? x.createdAt->toIso() : QString(),
                                         compact(x.inputs), compact(x.outputs), compact(x.metadata),
                                         x.split.isString() ? x.split.toString() : answerText(x.split),
                                         x.sourceRunId ? x.sourceRunId->toString() : QString()})
                .toUtf8();
        case Shape::OpenAi: {
            ExportItem item;
            item.run.inputs = x.inputs;
            item.run.outputs = x.outputs;
            return trainingExample(ExportFormat::OpenAiChat, item, {}).line; // unreadable ones: none
        }
        }
        return {};
    }

    Uuid m_datasetId;
    Shape m_shape;
    std::optional<ListPosition> m_after;
};

HttpResponse datasetDownload(ApiContext &ctx, HttpRequest &req, DatasetExportStream::Shape shape)
{
    Dataset d;
    if (auto failed = loadById(
            req, u"dataset"_s, [&](const Uuid &id) { return ctx.store.datasetById(id); }, d))
        return *failed;
    HttpResponse r;
    const bool csv = shape == DatasetExportStream::Shape::Csv;
    r.contentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
    if (csv)
        r.body = DatasetExportStream::csvHeader();
    const QString base = fileStem(d.name);
    r.headers.append(
        {"Content-Disposition", "attachment; filename=\"" + base.toUtf8() +
                                    (csv                                           ? ".csv\""
                                     : shape == DatasetExportStream::Shape::OpenAi ? "-openai.jsonl\""
                                                                                   : ".jsonl\"")});
    r.stream = std::make_shared<DatasetExportStream>(d.id, shape);
    return r;
}

HttpResponse datasetJsonl(ApiContext &ctx, HttpRequest &req)
{
    return datasetDownload(ctx, req, DatasetExportStream::Shape::Jsonl);
}
HttpResponse datasetCsv(ApiContext &ctx, HttpRequest &req)
{
    return datasetDownload(ctx, req, DatasetExportStream::Shape::Csv);
}
HttpResponse datasetOpenAi(ApiContext &ctx, HttpRequest &req)
{
    return datasetDownload(ctx, req, DatasetExportStream::Shape::OpenAi);
}

} // namespace

void registerExportRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/export", exportQueue, Access::Member, Lane::Read);
    addRoute(router, ctx, "POST", "/annotation-queues/{id}/export", exportQueue, Access::Member, Lane::Read);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/export/summary", exportSummary, Access::Member,
             Lane::Read);
    addRoute(router, ctx, "POST", "/annotation-queues/{id}/export/summary", exportSummary, Access::Member,
             Lane::Read);
    addRoute(router, ctx, "POST", "/annotation-queues/{id}/datasets", datasetFromAnswers);
    addRoute(router, ctx, "GET", "/sessions/{id}/export", exportProject, Access::Member, Lane::Read);
    addRoute(router, ctx, "POST", "/sessions/{id}/export", exportProject, Access::Member, Lane::Read);
    addRoute(router, ctx, "GET", "/datasets/{id}/jsonl", datasetJsonl, Access::Member, Lane::Read);
    addRoute(router, ctx, "GET", "/datasets/{id}/csv", datasetCsv, Access::Member, Lane::Read);
    addRoute(router, ctx, "GET", "/datasets/{id}/openai_ft", datasetOpenAi, Access::Member, Lane::Read);
}

} // namespace assay::server
