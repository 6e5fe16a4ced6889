#include "queueexport.h"

#include "reviewstate.h"

#include <QJsonArray>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kItemsPerRead = 250; // runs of ~4 KB: about a megabyte read at a time

Result<std::optional<Timestamp>> timeOption(const QHash<QString, QJsonValue> &options, const QString &key)
{
    const QJsonValue v = options.value(key);
    if (v.isUndefined() || v.isNull() || (v.isString() && v.toString().isEmpty()))
        return std::optional<Timestamp>();
    if (v.isString()) { // a query's text: ISO time, or the snapshot's microseconds
        bool isNumber = false;
        const qint64 micros = v.toString().toLongLong(&isNumber);
        if (isNumber)
            return std::optional<Timestamp>(Timestamp::fromMicros(micros));
    }
    auto t = Timestamp::fromJson(v);
    if (!t)
        return Error{t.error().message, key};
    return std::optional<Timestamp>(*t);
}

QString textOption(const QHash<QString, QJsonValue> &options, const QString &key)
{
    const QJsonValue v = options.value(key);
    return v.isDouble() ? QString::number(v.toDouble(), 'g', 15) : v.toString();
}

bool flagOption(const QHash<QString, QJsonValue> &options, const QString &key)
{
    const QJsonValue v = options.value(key);
    return v.isBool() ? v.toBool() : (v.toString() == u"true" || v.toString() == u"1");
}

// What the CSV and training records write of a stored run (runToJson's keys), without the whole decoding
// (ids, times, tokens) a Run needs elsewhere.
void readRunForExport(const QByteArray &doc, Run &run)
{
    const QJsonObject o = decodeDoc(doc);
    run.name = o.value("name"_L1).toString();
    run.inputs = o.value("inputs"_L1).toObject();
    run.outputs = o.value("outputs"_L1).toObject();
    run.extra = o.value("extra"_L1).toObject();
    run.error = o.value("error"_L1).toString();
}

} // namespace

Result<ExportRequest> parseExportRequest(const QHash<QString, QJsonValue> &options)
{
    static const QStringList known{u"format"_s, u"where"_s, u"match"_s, u"status"_s,   u"reviewer"_s,
                                   u"from"_s,   u"until"_s, u"bom"_s,   u"snapshot"_s, u"skip"_s};
    // LangSmith's export body (the 0.12 SDK's annotationQueues.export): its time window under its names;
    // each reviewer's answers are always in the export, so asking for them changes nothing.
    static const QStringList langSmith{u"start_time"_s, u"end_time"_s, u"include_annotator_detail"_s};
    for (auto it = options.begin(); it != options.end(); ++it)
        if (!known.contains(it.key()) && !langSmith.contains(it.key()))
            return Error{u"unknown option; known: %1"_s.arg(known.join(u", "_s)), it.key()};
    if (options.contains(u"start_time"_s) || options.contains(u"end_time"_s)) {
        QHash<QString, QJsonValue> renamed = options;
        renamed.insert(u"from"_s, renamed.take(u"start_time"_s));
        renamed.insert(u"until"_s, renamed.take(u"end_time"_s));
        return parseExportRequest(renamed);
    }
    ExportRequest r;
    const QString format = textOption(options, u"format"_s);
    if (!format.isEmpty()) {
        auto f = exportFormatNamed(format);
        if (!f)
            return Error{u"unknown format \"%1\"; one of %2"_s.arg(format, exportFormatNames().join(u", "_s)),
                         u"format"_s};
        r.format = *f;
    }
    if (options.contains(u"where"_s))
        r.where = textOption(options, u"where"_s);
    const QString match = textOption(options, u"match"_s);
    if (!match.isEmpty() && match != u"all" && match != u"any")
        return Error{u"\"all\" (every answer of an item qualifies) or \"any\""_s, u"match"_s};
    r.everyAnswer = match.isEmpty() ? isTrainingFormat(r.format) : match == u"all";
    const QString status = textOption(options, u"status"_s);
    if (status == u"completed")
        r.completion = ExportRequest::Completion::Completed;
    else if (status == u"open")
        r.completion = ExportRequest::Completion::Open;
    else if (!status.isEmpty() && status != u"any")
        return Error{u"one of any, completed, open"_s, u"status"_s};
    r.reviewer = textOption(options, u"reviewer"_s);
    for (const auto &[key, slot] : {std::pair{u"from"_s, &r.from}, std::pair{u"until"_s, &r.until},
                                    std::pair{u"snapshot"_s, &r.snapshot}}) {
        auto t = timeOption(options, key);
        if (!t)
            return t.error();
        *slot = *t;
    }
    r.bom = flagOption(options, u"bom"_s);
    const QString skip = textOption(options, u"skip"_s);
    if (!skip.isEmpty()) {
        bool ok = false;
        r.skip = skip.toLongLong(&ok);
        if (!ok || r.skip < 0)
            return Error{u"a count of records already received (0 or more)"_s, u"skip"_s};
        if (r.skip > 0 && !r.snapshot)
            return Error{u"resuming needs the first request's snapshot (X-Assay-Export-Snapshot)"_s,
                         u"snapshot"_s};
    }
    return r;
}

QJsonObject exportSummaryToJson(const ExportSummary &s, const ExportRequest &request,
                                const Timestamp &snapshot)
{
    QJsonArray unreadable;
    for (const ExportSummary::Unreadable &u : s.unreadable)
        unreadable.append(QJsonObject{
            {"item_id"_L1, u.itemId.toString()}, {"run_id"_L1, u.runId.toString()}, {"reason"_L1, u.reason}});
    return QJsonObject{{"format"_L1, exportFormatName(request.format)},
                       {"snapshot"_L1, QString::number(snapshot.micros())},
                       {"items_scanned"_L1, double(s.itemsScanned)},
                       {"records"_L1, double(s.records)},
                       {"not_qualifying"_L1, double(s.notQualifying)},
                       {"unreadable_count"_L1, double(s.unreadableCount)},
                       {"unreadable"_L1, unreadable}};
}

namespace {

// Every version of a queue's rubric, newest first.
Result<QList<Rubric>> rubricVersions(Store &store, const Queue &queue)
{
    QList<Rubric> rubrics{queue.rubric};
    for (int v = queue.rubric.version - 1; v >= 1; --v) {
        auto older = store.queueRubric(queue.id, v);
        if (!older)
            return older.error();
        if (*older)
            rubrics.append(**older);
    }
    return rubrics;
}

bool hasField(const QList<Rubric> &rubrics, const QString &key)
{
    for (const Rubric &r : rubrics)
        if (r.field(key))
            return true;
    return false;
}

} // namespace

Result<Decision<bool>> QueueExport::prepare(Store &store, const QList<Rubric> &rubrics,
                                            const QStringList &reviewers)
{
    using D = Decision<bool>;
    m_columns = answerColumns(rubrics);
    if (!m_request.where && isTrainingFormat(m_request.format) && m_request.format != ExportFormat::Dpo) {
        if (!hasField(rubrics, u"overall_quality"_s))
            return D::refused(
                Refusal::Invalid,
                u"say which answers make training examples, e.g. where=\"accuracy = correct\" (the "
                u"default, overall_quality = good, needs a field this rubric lacks; where= takes "
                u"every answer)"_s,
                u"where"_s);
        m_request.where = u"overall_quality = good"_s;
    }
    auto filter = parseAnswerFilter(m_request.where.value_or(QString()), rubrics);
    if (!filter)
        return D::refused(Refusal::Invalid, filter.error().message, filter.error().where);
    m_filter = *filter;
    auto names = store.userNames();
    if (!names)
        return names.error();
    m_names = *names;
    if (!m_request.reviewer.isEmpty()) {
        for (auto it = m_names.begin(); it != m_names.end() && m_reviewerId.isEmpty(); ++it)
            if (it.value() == m_request.reviewer)
                m_reviewerId = it.key();
        if (m_reviewerId.isEmpty())
            m_reviewerId = m_request.reviewer; // an id (a user's or a service key's)
        if (!reviewers.contains(m_reviewerId) && !m_names.contains(m_reviewerId))
            return D::refused(
                Refusal::Invalid,
                u"no reviewer \"%1\" on this %2"_s.arg(m_request.reviewer, m_runs ? u"server"_s : u"queue"_s),
                u"reviewer"_s);
    }
    m_snapshot = m_request.snapshot.value_or(Timestamp::now());
    return D{};
}

Result<Decision<std::shared_ptr<QueueExport>>> QueueExport::open(Store &store, const Queue &queue,
                                                                 ExportRequest request)
{
    using D = Decision<std::shared_ptr<QueueExport>>;
    std::shared_ptr<QueueExport> e(new QueueExport);
    e->m_exportedId = queue.id;
    e->m_name = queue.name;
    e->m_queues.insert(queue.id, queue);
    e->m_request = std::move(request);
    auto rubrics = rubricVersions(store, queue);
    if (!rubrics)
        return rubrics.error();
    auto reviewers = store.reviewersOf(queue.id);
    if (!reviewers)
        return reviewers.error();
    auto prepared = e->prepare(store, *rubrics, *reviewers);
    if (!prepared)
        return prepared.error();
    if (!prepared->done())
        return D::refused(prepared->refusal, prepared->error.message, prepared->error.where);
    auto size = store.queueSize(queue.id);
    if (!size)
        return size.error();
    e->m_itemsInQueue = *size;
    if (e->m_request.from)
        e->m_after = ListPosition{e->m_request.from->micros() - 1, Uuid()};
    D done;
    done.value = std::move(e);
    return done;
}

Result<Decision<std::shared_ptr<QueueExport>>> QueueExport::openProject(Store &store, const Project &project,
                                                                        RunSearch runs, ExportRequest request)
{
    using D = Decision<std::shared_ptr<QueueExport>>;
    std::shared_ptr<QueueExport> e(new QueueExport);
    e->m_exportedId = project.id;
    e->m_name = project.name;
    runs.query.sessions = {project.id};
    runs.query.ascending = true;
    runs.query.startTimeFrom = request.from;
    runs.query.startTimeBefore = request.until;
    runs.limit = RunSearchService::kMaxLimit;
    e->m_runs = std::move(runs);
    e->m_request = std::move(request);
    ListQuery everyQueue;
    everyQueue.limit = 100000;
    auto queues = store.listQueues(everyQueue);
    if (!queues)
        return queues.error();
    QList<Rubric> rubrics;
    QStringList reviewers;
    for (const Queue &q : std::as_const(*queues)) {
        e->m_queues.insert(q.id, q);
        auto versions = rubricVersions(store, q);
        if (!versions)
            return versions.error();
        rubrics += *versions;
        auto assigned = store.reviewersOf(q.id);
        if (!assigned)
            return assigned.error();
        reviewers += *assigned;
    }
    auto prepared = e->prepare(store, rubrics, reviewers);
    if (!prepared)
        return prepared.error();
    if (!prepared->done())
        return D::refused(prepared->refusal, prepared->error.message, prepared->error.where);
    D done;
    done.value = std::move(e);
    return done;
}

QByteArray QueueExport::preamble() const
{
    if (m_request.format != ExportFormat::Csv || m_request.skip > 0)
        return {};
    return (m_request.bom ? QByteArray("\xEF\xBB\xBF") : QByteArray()) + annotatedCsvHeader(m_columns);
}

QString QueueExport::fileName() const
{
    return u"%1-%2.%3"_s.arg(fileStem(m_name), exportFormatName(m_request.format),
                             exportFileExtension(m_request.format));
}

Result<QList<QueueItem>> QueueExport::nextQueueItems(Store &store, qsizetype limit)
{
    const Uuid queueId = m_exportedId;
    auto items = store.queueItems(queueId, PageRequest{m_after, 0, limit});
    if (!items)
        return items.error();
    QList<QueueItem> taken;
    for (const QueueItem &item : std::as_const(*items)) {
        if (m_request.until && item.addedAt >= *m_request.until) {
            m_done = true; // the queue's order is by added_at: nothing later belongs to the export
            break;
        }
        if (!m_request.from || item.addedAt >= *m_request.from)
            taken.append(item);
    }
    if (items->size() < limit)
        m_done = true;
    if (!items->isEmpty())
        m_after = queuePosition(items->last());
    return taken;
}

Result<QList<QueueItem>> QueueExport::nextProjectItems(Store &store, qsizetype limit)
{
    RunSearch search = *m_runs;
    search.after = m_after;
    search.limit = limit;
    auto page = RunSearchService(
                    store, [] { return false; }, 60000)
                    .search(search);
    if (!page)
        return page.error();
    if (!page->done())
        return Error{page->error.message, page->error.where};
    m_after = page->value.next;
    m_done = !page->value.next;
    QList<Uuid> runIds;
    for (const Run &r : std::as_const(page->value.runs))
        runIds.append(r.id);
    auto queuesOfRuns = store.queuesOfRuns(runIds);
    if (!queuesOfRuns)
        return queuesOfRuns.error();
    QList<QueueItem> taken;
    for (const Uuid &run : std::as_const(runIds))
        for (const Uuid &queue : queuesOfRuns->value(run)) {
            auto item = store.queueItem(queue, run);
            if (!item)
                return item.error();
            if (*item)
                taken.append(**item);
        }
    return taken;
}

Result<qsizetype> QueueExport::neededIn(Store &store, const Uuid &queueId)
{
    if (auto known = m_needed.constFind(queueId); known != m_needed.cend())
        return *known;
    auto needed = ReviewState::reviewersNeeded(store, m_queues.value(queueId));
    if (!needed)
        return needed.error();
    m_needed.insert(queueId, *needed);
    return *needed;
}

Result<QList<ExportItem>> QueueExport::readPage(Store &store, qsizetype limit)
{
    auto items = m_runs ? nextProjectItems(store, limit) : nextQueueItems(store, limit);
    if (!items)
        return items.error();
    const QList<QueueItem> &taken = *items;
    QList<Uuid> runIds;
    for (const QueueItem &item : taken)
        runIds.append(item.runId);
    // JSONL writes the run as stored; the other formats read only what they write of it.
    const bool asStored = m_request.format == ExportFormat::Jsonl;
    auto docs = store.runDocsByIds(runIds);
    if (!docs)
        return docs.error();
    QHash<Uuid, QList<Uuid>> runsByQueue;
    for (const QueueItem &item : taken)
        runsByQueue[item.queueId].append(item.runId);
    QHash<std::pair<Uuid, Uuid>, QList<ExportAnswer>> byItem; // (queue, run)
    for (auto it = runsByQueue.cbegin(); it != runsByQueue.cend(); ++it) {
        auto answers = store.currentAnnotationsOf(it.key(), it.value());
        if (!answers)
            return answers.error();
        auto blind = store.runsInOpenRound(it.key(), it.value());
        if (!blind)
            return blind.error();
        for (const StoredAnnotation &a : std::as_const(*answers)) {
            // A calibration round's answers stay blind until it closes; answers after the snapshot wait
            // for the next export.
            if (a.annotation.submittedAt > m_snapshot ||
                (a.flags.contains(u"calibration"_s) && blind->contains(a.annotation.runId)))
                continue;
            byItem[{it.key(), a.annotation.runId}].append(
                ExportAnswer{m_names.value(a.annotation.reviewerId), a.annotation});
        }
    }
    QList<ExportItem> out;
    for (const QueueItem &item : taken) {
        ExportItem e{item, {}, {}, byItem.value({item.queueId, item.runId}), false};
        const QByteArray doc = docs->value(item.runId);
        if (doc.isEmpty())
            continue; // deleted by retention between the two reads
        e.run.id = item.runId;
        if (asStored)
            e.runJson = doc;
        else
            readRunForExport(doc, e.run);
        std::sort(e.answers.begin(), e.answers.end(), [](const ExportAnswer &a, const ExportAnswer &b) {
            return a.annotation.submittedAt < b.annotation.submittedAt;
        });
        auto needed = neededIn(store, item.queueId);
        if (!needed)
            return needed.error();
        e.completed = e.answers.size() >= *needed;
        out.append(std::move(e));
    }
    return out;
}

void QueueExport::writeRecord(const QByteArray &record, ExportPiece &piece, const Uuid &runId)
{
    if (m_summary.records++ < m_request.skip)
        return; // the client has it from the first request
    piece.bytes += record;
    piece.exportedRuns.append(runId);
}

std::optional<QueueExport::Selected> QueueExport::select(const ExportItem &item)
{
    ++m_summary.itemsScanned;
    const bool stateOk = m_request.completion == ExportRequest::Completion::Any ||
                         (m_request.completion == ExportRequest::Completion::Completed) == item.completed;
    Selected s{item, {}};
    if (!m_reviewerId.isEmpty())
        s.item.answers.removeIf(
            [&](const ExportAnswer &a) { return a.annotation.reviewerId != m_reviewerId; });
    for (const ExportAnswer &a : std::as_const(s.item.answers))
        if (m_filter.matches(a.annotation.values))
            s.qualifying.append(a);
    const bool answersOk =
        (m_filter.isEmpty() && !isTrainingFormat(m_request.format) && m_reviewerId.isEmpty()) ||
        (!s.item.answers.isEmpty() &&
         (m_request.everyAnswer ? s.qualifying.size() == s.item.answers.size() : !s.qualifying.isEmpty()));
    if (!stateOk || !answersOk) {
        ++m_summary.notQualifying;
        return std::nullopt;
    }
    return s;
}

void QueueExport::write(const ExportItem &item, ExportPiece &piece)
{
    const std::optional<Selected> s = select(item);
    if (!s)
        return;
    switch (m_request.format) {
    case ExportFormat::Jsonl:
        writeRecord(annotatedJsonLine(s->item), piece, item.item.runId);
        return;
    case ExportFormat::Csv:
        for (const QByteArray &row : annotatedCsvRows(s->item, m_columns))
            writeRecord(row, piece, item.item.runId);
        return;
    default:
        break;
    }
    const TrainingExample example = trainingExample(m_request.format, s->item, s->qualifying);
    if (!example.unreadable.isEmpty()) {
        if (m_summary.unreadable.size() < ExportSummary::kMaxListed)
            m_summary.unreadable.append({item.item.id, item.item.runId, example.unreadable});
        ++m_summary.unreadableCount;
    } else if (example.line.isEmpty()) {
        ++m_summary.notQualifying; // dpo: nothing corrected
    } else {
        writeRecord(example.line, piece, item.item.runId);
    }
}

Result<QList<QueueExport::Selected>> QueueExport::nextSelected(Store &store)
{
    QList<Selected> out;
    while (!m_done && out.isEmpty()) {
        auto page = readPage(store, kItemsPerRead);
        if (!page)
            return page.error();
        for (const ExportItem &item : std::as_const(*page))
            if (auto s = select(item)) {
                ++m_summary.records;
                out.append(std::move(*s));
            }
    }
    return out;
}

Result<ExportPiece> QueueExport::next(Store &store, qsizetype targetBytes)
{
    ExportPiece piece;
    piece.bytes.reserve(targetBytes + 64 * 1024);
    const qsizetype pageItems =
        targetBytes < 256 * 1024 ? kItemsPerRead / 10 : kItemsPerRead; // a small piece reads little
    while (!m_done && piece.bytes.size() < targetBytes) {
        auto page = readPage(store, pageItems);
        if (!page)
            return page.error();
        for (const ExportItem &item : std::as_const(*page))
            write(item, piece);
    }
    piece.last = m_done;
    return piece;
}

} // namespace assay::server
