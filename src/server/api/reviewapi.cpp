// The review protocol the desktop app uses (design.md §5), next to LangSmith's classic queue routes:
//   GET  /review/me                  who am I, which queues may I review
//   POST /review/checkout            lease up to N items of a queue for M minutes, with all it takes to
//                                    render them offline (run, child runs, reason, rubric and version)
//   POST /review/submit              answers in batches, idempotent by the client's UUID; per answer:
//                                    applied, duplicate, superseded or rejected (with field messages)
//   POST /review/release             give leased items back
// Answers are never refused for arriving late, for an item removed meanwhile, or for an older rubric:
// they are stored and flagged. Only an answer invalid for the rubric version it names, or for a run that
// never was in the queue, is rejected.

#include "apicontext.h"
#include "reviewstate.h"

#include "audit/auditlog.h"
#include "core/jsonfields.h"

#include <QSet>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr int kMaxCheckout = 500;
constexpr int kMaxLeaseMinutes = 7 * 24 * 60; // offline batches of up to a week

// The queue a review request names, within the principal's scope (a reviewer's own queues).
std::optional<HttpResponse> loadReviewQueue(ApiContext &ctx, const HttpRequest &req, const Uuid &id,
                                            Queue &out)
{
    auto found = ctx.store.queueById(id);
    if (!found)
        return HttpResponse::internal(found.error());
    if (!*found || (req.principal.isReviewer() && !req.principal.queueIds.contains(id.toString())))
        return HttpResponse::notFound(u"annotation queue %1"_s.arg(id.toString()));
    out = **found;
    return std::nullopt;
}

HttpResponse me(ApiContext &ctx, HttpRequest &req)
{
    QJsonArray queues;
    QStringList queueIds = req.principal.queueIds;
    if (!req.principal.isReviewer()) { // members and admins may review every queue
        ListQuery everyQueue;
        everyQueue.limit = 100000;
        auto all = ctx.store.listQueues(everyQueue);
        if (!all)
            return HttpResponse::internal(all.error());
        queueIds.clear();
        for (const Queue &q : *all)
            queueIds.append(q.id.toString());
    }
    for (const QString &id : queueIds) {
        auto q = ctx.store.queueById(*Uuid::parse(id));
        if (!q)
            return HttpResponse::internal(q.error());
        if (!*q)
            continue;
        auto needed = ReviewState::reviewersNeeded(ctx.store, **q);
        if (!needed)
            return HttpResponse::internal(needed.error());
        auto counts = ctx.store.reviewCounts((*q)->id, req.principal.id, *needed); // aggregated in SQL
        if (!counts)
            return HttpResponse::internal(counts.error());
        queues.append(
            QJsonObject{{"id"_L1, id},
                        {"name"_L1, (*q)->name},
                        {"guide"_L1, (*q)->description.section(u'\n', 0, 0)},
                        {"description"_L1, (*q)->description},
                        {"rubric"_L1, rubricToJson((*q)->rubric)},
                        {"rubric_fields"_L1, double((*q)->rubric.fields.size())},
                        {"rubric_version"_L1, (*q)->rubric.version},
                        {"to_review"_L1, double(counts->total - counts->completed - counts->awaitingOthers)},
                        {"awaiting_others"_L1, double(counts->awaitingOthers)},
                        {"completed"_L1, double(counts->completed)},
                        {"answered_by_me"_L1, double(counts->answeredByMe)}});
    }
    return HttpResponse::json(
        QJsonObject{{"id"_L1, req.principal.id},
                    {"key_id"_L1, req.principal.keyId},
                    {"user_id"_L1, req.principal.userId.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                  : QJsonValue(req.principal.userId)},
                    {"role"_L1, req.principal.role},
                    {"queues"_L1, queues}});
}

HttpResponse checkout(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const auto queueId = f.uuid("queue_id"_L1, Need::Required);
    const qint64 count = f.integer("count"_L1).value_or(20);
    const qint64 minutes = f.integer("lease_minutes"_L1).value_or(60);
    // Paging: only items after this one (the queue_run_id that ended the previous page), so a client
    // takes more than one page of items offline, whatever its other devices already hold.
    const auto after = f.uuid("after"_L1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    if (count < 1 || count > kMaxCheckout)
        return HttpResponse::error(400, u"must be from 1 to %1"_s.arg(kMaxCheckout), u"count"_s);
    if (minutes < 1 || minutes > kMaxLeaseMinutes)
        return HttpResponse::error(400, u"must be from 1 to %1 (a week)"_s.arg(kMaxLeaseMinutes),
                                   u"lease_minutes"_s);
    Queue queue;
    if (auto failed = loadReviewQueue(ctx, req, *queueId, queue))
        return *failed;
    const QString me = req.principal.id;
    // Two servers on one database must never lease one item to two reviewers: one checkout per queue
    // at a time, and the leases it reads are the committed ones.
    if (auto locked = ctx.store.lockQueue(queue.id); !locked)
        return HttpResponse::internal(locked.error());
    const Timestamp now = Timestamp::now();
    const Timestamp expires = Timestamp::fromMicros(now.micros() + minutes * 60'000'000LL);
    // Page through the queue from `after` (from the top when it left the queue), looking only at the
    // runs of each page: what I still need to review, not held by someone else.
    std::optional<ListPosition> start;
    if (after) {
        auto position = ctx.store.queueItemPosition(queue.id, *after);
        if (!position)
            return HttpResponse::internal(position.error());
        start = *position;
    }
    auto needed = ReviewState::reviewersNeeded(ctx.store, queue);
    if (!needed)
        return HttpResponse::internal(needed.error());
    QList<QueueItem> chosen;
    const qsizetype chunkSize = std::max<qsizetype>(2 * count, 200);
    while (chosen.size() < count) {
        // Only items I still have to review come back; of those, the ones nobody else holds.
        auto items = ctx.store.queueItemsToReview(queue.id, me, *needed, PageRequest{start, 0, chunkSize});
        if (!items)
            return HttpResponse::internal(items.error());
        QList<Uuid> chunkRuns;
        for (const QueueItem &item : std::as_const(*items))
            chunkRuns.append(item.runId);
        auto leases = ctx.store.leasesAmong(queue.id, chunkRuns, now);
        if (!leases)
            return HttpResponse::internal(leases.error());
        QSet<Uuid> heldByOthers;
        for (const Lease &l : *leases)
            if (l.reviewer != me && queue.enableReservations)
                heldByOthers.insert(l.runId);
        for (const QueueItem &item : std::as_const(*items))
            if (chosen.size() < count && !heldByOthers.contains(item.runId))
                chosen.append(item);
        if (items->size() < chunkSize)
            break;
        start = queuePosition(items->last());
    }
    QList<Uuid> runIds, traceIds;
    for (const QueueItem &item : chosen)
        runIds.append(item.runId);
    auto runs = ctx.store.runsByIds(runIds);
    if (!runs)
        return HttpResponse::internal(runs.error());
    for (const Run &r : *runs)
        traceIds.append(r.traceId);
    auto traces = ctx.store.runsOfTraces(traceIds);
    if (!traces)
        return HttpResponse::internal(traces.error());
    // The item's own subtree, by parent links (never by dotted order alone: a child sent without one
    // would otherwise take in its parent and siblings).
    QHash<Uuid, QList<const Run *>> childrenOf;
    for (const Run &other : *traces)
        if (other.parentRunId)
            childrenOf[*other.parentRunId].append(&other);
    QJsonArray out;
    for (const QueueItem &item : chosen) {
        if (!runs->contains(item.runId))
            continue; // queued before it was ingested: not reviewable yet
        if (auto leased = ctx.store.saveLease({queue.id, item.runId, me, expires}); !leased)
            return HttpResponse::internal(leased.error());
        const Run &run = runs->value(item.runId);
        QList<const Run *> frontier = childrenOf.value(run.id);
        QSet<Uuid> subtree{run.id};
        while (!frontier.isEmpty()) {
            const Run *child = frontier.takeLast();
            if (subtree.contains(child->id))
                continue; // a cycle of parent links in bad data ends here
            subtree.insert(child->id);
            frontier.append(childrenOf.value(child->id));
        }
        QJsonArray children; // in the trace's order
        for (const Run &other : *traces)
            if (other.id != run.id && subtree.contains(other.id))
                children.append(runToJson(other));
        out.append(QJsonObject{{"queue_run_id"_L1, item.id.toString()},
                               {"run"_L1, runToJson(run)},
                               {"child_runs"_L1, children},
                               {"reason"_L1, item.reason},
                               {"added_at"_L1, item.addedAt.toJson()}});
    }
    return HttpResponse::json(
        QJsonObject{{"queue"_L1, QJsonObject{{"id"_L1, queue.id.toString()},
                                             {"name"_L1, queue.name},
                                             {"description"_L1, queue.description},
                                             {"rubric"_L1, rubricToJson(queue.rubric)}}},
                    {"lease_expires_at"_L1, expires.toJson()},
                    {"items"_L1, out}});
}

// What a batch of answers needs to know, loaded once per batch with targeted queries (never the whole
// queue): each queue, which of the batch's runs are queued in it and leased to the caller, and each
// run's session and trace.
struct QueueFacts {
    std::optional<Queue> queue;
    QSet<Uuid> queuedRuns;
    QSet<Uuid> removedRuns; // were in the queue once: answers for them are kept, flagged `removed`
    QSet<Uuid> myLeases;
};

struct BatchFacts {
    QHash<Uuid, QueueFacts> queues;
    QHash<Uuid, Store::RunHead> runs;
};

Result<BatchFacts> loadBatchFacts(ApiContext &ctx, const HttpRequest &req, const QJsonArray &answers,
                                  const Timestamp &now)
{
    QHash<Uuid, QList<Uuid>> runsByQueue;
    QList<Uuid> allRuns;
    for (const QJsonValue &v : answers) {
        const QJsonObject o = v.toObject();
        auto queue = Uuid::parse(o.value("queue_id"_L1).toString());
        auto run = Uuid::parse(o.value("run_id"_L1).toString());
        if (queue && run) { // malformed answers are rejected one by one later
            runsByQueue[*queue].append(*run);
            allRuns.append(*run);
        }
    }
    BatchFacts facts;
    for (auto it = runsByQueue.cbegin(); it != runsByQueue.cend(); ++it) {
        QueueFacts f;
        auto queue = ctx.store.queueById(it.key());
        if (!queue)
            return queue.error();
        f.queue = *queue;
        if (f.queue) {
            auto queued = ctx.store.queuedRunsAmong(it.key(), it.value());
            auto removed = ctx.store.removedRunsAmong(it.key(), it.value());
            if (!queued || !removed)
                return !queued ? queued.error() : removed.error();
            f.queuedRuns = *queued;
            f.removedRuns = *removed;
        }
        auto leases = ctx.store.leasesAmong(it.key(), it.value(), now);
        if (!leases)
            return leases.error();
        for (const Lease &l : *leases)
            if (l.reviewer == req.principal.id)
                f.myLeases.insert(l.runId);
        facts.queues.insert(it.key(), f);
    }
    auto heads = ctx.store.runHeads(allRuns);
    if (!heads)
        return heads.error();
    facts.runs = *heads;
    return facts;
}

// Stores one answer and says what became of it.
Result<QJsonObject> submitOne(ApiContext &ctx, const HttpRequest &req, const QJsonValue &json,
                              qsizetype index, const Timestamp &now, const BatchFacts &batch)
{
    const QString path = indexedPath(u"annotations"_s, index);
    if (!json.isObject())
        return QJsonObject{{"status"_L1, u"rejected"_s},
                           {"errors"_L1, QJsonArray{u"%1: expected an object"_s.arg(path)}}};
    auto parsed = parseAnnotation(json.toObject());
    const QString id = json.toObject().value("id"_L1).toString();
    if (!parsed)
        return QJsonObject{{"id"_L1, id},
                           {"status"_L1, u"rejected"_s},
                           {"errors"_L1, QJsonArray{parsed.error().toString()}}};
    Annotation a = *parsed;
    a.reviewerId = req.principal.id; // never from the body
    auto existing = ctx.store.annotationById(a.id);
    if (!existing)
        return existing.error();
    if (*existing)
        return QJsonObject{{"id"_L1, id}, {"status"_L1, u"duplicate"_s}};
    const QueueFacts facts = batch.queues.value(a.queueId);
    auto rejected = [&](const QString &error) {
        return QJsonObject{{"id"_L1, id}, {"status"_L1, u"rejected"_s}, {"errors"_L1, QJsonArray{error}}};
    };
    // Only a queue the caller may review, and only a run that is or was in it: an answer is never a way
    // to write feedback on any run.
    if (!facts.queue ||
        (req.principal.isReviewer() && !req.principal.queueIds.contains(a.queueId.toString())))
        return rejected(u"queue_id: annotation queue %1 not found"_s.arg(a.queueId.toString()));
    if (!facts.queuedRuns.contains(a.runId) && !facts.removedRuns.contains(a.runId))
        return rejected(
            u"run_id: run %1 is not in annotation queue %2"_s.arg(a.runId.toString(), a.queueId.toString()));
    const Queue &queue = *facts.queue;
    QStringList flags;
    Rubric rubric = queue.rubric;
    if (a.rubricVersion > rubric.version)
        return rejected(u"rubric_version: version %1 does not exist; the queue's rubric is at version %2"_s
                            .arg(a.rubricVersion)
                            .arg(rubric.version));
    if (a.rubricVersion < rubric.version) {
        flags.append(u"old_rubric"_s);
        // Validated against the version it names; a version from before rubric history was kept is checked
        // against the current rubric instead, never not at all.
        auto older = ctx.store.queueRubric(a.queueId, a.rubricVersion);
        if (!older)
            return older.error();
        if (*older)
            rubric = **older;
    }
    const ValidationReport report = validateAnnotationValues(rubric, a.values);
    if (!report.ok()) {
        QJsonArray errors;
        for (const ValidationIssue &e : report.errors)
            errors.append(e.toString());
        return QJsonObject{{"id"_L1, id}, {"status"_L1, u"rejected"_s}, {"errors"_L1, errors}};
    }
    if (!facts.queuedRuns.contains(a.runId))
        flags.append(u"removed"_s);
    if (!facts.myLeases.contains(a.runId))
        flags.append(u"late"_s);

    // One reviewer, one current answer per item: the latest submitted_at wins (then the larger id).
    auto current = ctx.store.currentAnnotation(a.queueId, a.runId, a.reviewerId);
    if (!current)
        return current.error();
    StoredAnnotation stored{a, u"applied"_s, flags};
    if (*current) {
        const Annotation &prev = (*current)->annotation;
        const bool newer =
            a.submittedAt > prev.submittedAt || (a.submittedAt == prev.submittedAt && prev.id < a.id);
        if (!newer) {
            stored.status = u"superseded"_s;
        } else {
            StoredAnnotation old = **current;
            old.status = u"superseded"_s;
            if (auto saved = ctx.store.saveAnnotation(old); !saved)
                return saved.error();
            for (const Feedback &fb : materializeFeedback(prev, rubric, std::nullopt, std::nullopt))
                if (auto deleted = ctx.store.deleteFeedback(fb.id); !deleted)
                    return deleted.error();
        }
    }
    // Encoded once: stored, audited and fed to the other devices as the same bytes.
    const QByteArray answerDoc = encodeDoc(annotationToJson(a));
    if (auto saved = ctx.store.saveAnnotation(stored, answerDoc); !saved)
        return saved.error();
    if (stored.status == u"applied") {
        const Store::RunHead head = batch.runs.value(a.runId);
        for (const Feedback &fb : materializeFeedback(a, rubric, head.sessionId, head.traceId))
            if (auto saved = ctx.store.saveFeedback(fb); !saved)
                return saved.error();
        if (auto released = ctx.store.releaseLeases(a.queueId, a.reviewerId, {a.runId}); !released)
            return released.error();
        if (auto audited = recordAuditDocs(ctx.store, actorOf(req), u"answer"_s, u"annotation"_s,
                                           a.id.toString(), {}, answerDoc);
            !audited)
            return audited.error();
        // The reviewer's other devices learn of it from the feed.
        if (auto fed = ctx.store.appendReviewEvent(
                {0, a.queueId, u"annotation"_s, a.reviewerId, a.runId, now, {}, answerDoc});
            !fed)
            return fed.error();
    }
    return QJsonObject{
        {"id"_L1, id}, {"status"_L1, stored.status}, {"flags"_L1, QJsonArray::fromStringList(flags)}};
}

HttpResponse submit(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const QJsonArray answers = f.array("annotations"_L1, Need::Required).value_or(QJsonArray());
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    if (answers.size() > 500)
        return HttpResponse::error(413, u"at most 500 annotations per request, got %1"_s.arg(answers.size()),
                                   u"annotations"_s);
    const Timestamp now = Timestamp::now();
    auto facts = loadBatchFacts(ctx, req, answers, now);
    if (!facts)
        return HttpResponse::internal(facts.error());
    QJsonArray results;
    for (qsizetype i = 0; i < answers.size(); ++i) {
        auto result = submitOne(ctx, req, answers.at(i), i, now, *facts);
        if (!result)
            return HttpResponse::internal(result.error());
        results.append(*result);
    }
    return HttpResponse::json(QJsonObject{{"results"_L1, results}});
}

HttpResponse release(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const auto queueId = f.uuid("queue_id"_L1, Need::Required);
    const QStringList runIds = f.stringList("run_ids"_L1, Need::Required).value_or(QStringList());
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    Queue queue;
    if (auto failed = loadReviewQueue(ctx, req, *queueId, queue))
        return *failed;
    QList<Uuid> runs;
    for (qsizetype i = 0; i < runIds.size(); ++i) {
        auto id = Uuid::parse(runIds.at(i));
        if (!id)
            return HttpResponse::error(400, id.error().message, indexedPath(u"run_ids"_s, i));
        runs.append(*id);
    }
    auto released = ctx.store.releaseLeases(queue.id, req.principal.id, runs);
    if (!released)
        return HttpResponse::internal(released.error());
    return HttpResponse::json(QJsonObject{{"released"_L1, double(*released)}});
}

// What changed since a cursor, for the caller's queues: rubric edits, removed items and queues, and the
// caller's own answers (from any device). Cursors are the server's sequence numbers; a cursor ahead of
// the server (restored from an older backup) is answered with `reset`, so the client rebuilds.
HttpResponse changes(ApiContext &ctx, HttpRequest &req)
{
    auto page = pageOf(req, 500, 5000);
    if (!page)
        return validationError(page.error());
    qint64 since = 0;
    if (req.query.hasQueryItem(u"since"_s)) {
        bool ok = false;
        since = req.queryValue(u"since"_s).toLongLong(&ok);
        if (!ok || since < 0)
            return HttpResponse::error(422, u"must be a cursor from an earlier answer (a whole number)"_s,
                                       u"since"_s);
    }
    auto last = ctx.store.lastReviewEventSeq();
    if (!last)
        return HttpResponse::internal(last.error());
    if (since > *last)
        return HttpResponse::json(
            QJsonObject{{"events"_L1, QJsonArray()}, {"cursor"_L1, double(*last)}, {"reset"_L1, true}});
    if (req.principal.isReviewer() && req.principal.queueIds.isEmpty())
        return HttpResponse::json(
            QJsonObject{{"events"_L1, QJsonArray()}, {"cursor"_L1, double(*last)}, {"reset"_L1, false}});
    auto events =
        ctx.store.reviewEvents(since, req.principal.isReviewer() ? req.principal.queueIds : QStringList(),
                               req.principal.id, page->limit);
    if (!events)
        return HttpResponse::internal(events.error());
    QJsonArray out;
    for (const ReviewEvent &e : *events)
        out.append(QJsonObject{
            {"seq"_L1, double(e.seq)},
            {"queue_id"_L1, e.queueId.toString()},
            {"kind"_L1, e.kind},
            {"run_id"_L1, e.runId ? QJsonValue(e.runId->toString()) : QJsonValue(QJsonValue::Null)},
            {"at"_L1, e.at.toIso()},
            {"payload"_L1, e.payload}});
    // A full page may have more behind it; otherwise the client is current up to the last sequence.
    const qint64 cursor = events->size() == page->limit
                              ? events->last().seq
                              : std::max(*last, events->isEmpty() ? 0 : events->last().seq);
    return HttpResponse::json(
        QJsonObject{{"events"_L1, out}, {"cursor"_L1, double(cursor)}, {"reset"_L1, false}});
}

} // namespace

void registerReviewRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "GET", "/review/me", me, Access::Review);
    addRoute(router, ctx, "POST", "/review/checkout", checkout, Access::Review);
    addRoute(router, ctx, "POST", "/review/submit", submit, Access::Review);
    addRoute(router, ctx, "POST", "/review/release", release, Access::Review);
    addRoute(router, ctx, "GET", "/review/changes", changes, Access::Review);
}

} // namespace assay::server
