// The review protocol the desktop app uses, next to LangSmith's classic queue routes:
//   GET  /review/me                  who am I, which queues may I review
//   POST /review/checkout            lease up to N items of a queue for M minutes, with all it takes to
//                                    render them offline (run, child runs, reason, rubric and version)
//   POST /review/submit              answers in batches, idempotent by the client's UUID; per answer:
//                                    applied, duplicate, superseded or rejected (with field messages)
//   POST /review/release             give leased items back
//   GET  /review/changes             what changed since a cursor
// The rules are ReviewService's (services/reviewservice.h); these handlers translate JSON both ways.

#include "apicontext.h"

#include "core/jsonfields.h"
#include "services/reviewservice.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

HttpResponse me(ApiContext &ctx, HttpRequest &req)
{
    auto summaries = ReviewService(ctx.store, req.principal).myQueues();
    if (!summaries)
        return HttpResponse::internal(summaries.error());
    QJsonArray queues;
    for (const ReviewQueueSummary &s : std::as_const(*summaries))
        queues.append(QJsonObject{{"id"_L1, s.queue.id.toString()},
                                  {"name"_L1, s.queue.name},
                                  {"guide"_L1, s.queue.description.section(u'\n', 0, 0)},
                                  {"description"_L1, s.queue.description},
                                  {"rubric"_L1, rubricToJson(s.queue.rubric)},
                                  {"rubric_fields"_L1, double(s.queue.rubric.fields.size())},
                                  {"rubric_version"_L1, s.queue.rubric.version},
                                  {"to_review"_L1, double(s.toReview())},
                                  {"awaiting_others"_L1, double(s.counts.awaitingOthers)},
                                  {"completed"_L1, double(s.counts.completed)},
                                  {"answered_by_me"_L1, double(s.counts.answeredByMe)}});
    const Principal &who = req.principal;
    return HttpResponse::json(QJsonObject{
        {"id"_L1, who.id},
        {"key_id"_L1, who.keyId},
        {"user_id"_L1, who.userId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(who.userId)},
        {"role"_L1, who.role},
        {"queues"_L1, queues}});
}

HttpResponse checkout(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    CheckoutRequest request;
    request.queueId = f.uuid("queue_id"_L1, Need::Required).value_or(Uuid());
    request.count = f.integer("count"_L1).value_or(request.count);
    request.leaseMinutes = f.integer("lease_minutes"_L1).value_or(request.leaseMinutes);
    request.after = f.uuid("after"_L1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    const auto checkedOut = ReviewService(ctx.store, req.principal).checkout(request);
    if (auto failed = failedOrRefused(checkedOut))
        return *failed;
    const Checkout &c = checkedOut->value;
    QJsonArray items;
    for (const CheckedOutItem &i : c.items) {
        QJsonArray children;
        for (const Run &child : i.childRuns)
            children.append(runToJson(child));
        items.append(QJsonObject{{"queue_run_id"_L1, i.item.id.toString()},
                                 {"run"_L1, runToJson(i.run)},
                                 {"child_runs"_L1, children},
                                 {"reason"_L1, i.item.reason},
                                 {"added_at"_L1, i.item.addedAt.toJson()}});
    }
    return HttpResponse::json(
        QJsonObject{{"queue"_L1, QJsonObject{{"id"_L1, c.queue.id.toString()},
                                             {"name"_L1, c.queue.name},
                                             {"description"_L1, c.queue.description},
                                             {"rubric"_L1, rubricToJson(c.queue.rubric)}}},
                    {"lease_expires_at"_L1, c.leaseExpiresAt.toJson()},
                    {"items"_L1, items}});
}

// One entry of `annotations` as the service takes it: the annotation, or what was wrong with it.
SubmittedAnswer readAnswer(const QJsonValue &json, qsizetype index)
{
    if (!json.isObject())
        return {
            std::nullopt, Uuid(), {u"%1: expected an object"_s.arg(indexedPath(u"annotations"_s, index))}};
    auto parsed = parseAnnotation(json.toObject());
    if (!parsed) {
        auto id = Uuid::parse(json.toObject().value("id"_L1).toString());
        return {std::nullopt, id ? *id : Uuid(), {parsed.error().toString()}};
    }
    return {*parsed, parsed->id, {}};
}

HttpResponse submit(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const QJsonArray json = f.array("annotations"_L1, Need::Required).value_or(QJsonArray());
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    if (json.size() > ReviewService::kMaxAnswersPerSubmit)
        return HttpResponse::error(
            413,
            u"at most %1 annotations per request, got %2"_s.arg(ReviewService::kMaxAnswersPerSubmit)
                .arg(json.size()),
            u"annotations"_s);
    QList<SubmittedAnswer> answers;
    for (qsizetype i = 0; i < json.size(); ++i)
        answers.append(readAnswer(json.at(i), i));
    auto outcomes = ReviewService(ctx.store, req.principal).submit(answers);
    if (!outcomes)
        return HttpResponse::internal(outcomes.error());
    QJsonArray results;
    for (const AnswerOutcome &outcome : std::as_const(*outcomes))
        results.append(answerOutcomeToJson(outcome));
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
    QList<Uuid> runs;
    for (qsizetype i = 0; i < runIds.size(); ++i) {
        auto id = Uuid::parse(runIds.at(i));
        if (!id)
            return HttpResponse::error(400, id.error().message, indexedPath(u"run_ids"_s, i));
        runs.append(*id);
    }
    const auto released = ReviewService(ctx.store, req.principal).release(*queueId, runs);
    if (auto failed = failedOrRefused(released))
        return *failed;
    return HttpResponse::json(QJsonObject{{"released"_L1, double(released->value)}});
}

// Cursors are the server's sequence numbers; a cursor ahead of the server (restored from an older
// backup) is answered with `reset`, so the client rebuilds.
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
    auto changed = ReviewService(ctx.store, req.principal).changes(since, page->limit);
    if (!changed)
        return HttpResponse::internal(changed.error());
    QJsonArray events;
    for (const ReviewEvent &e : std::as_const(changed->events))
        events.append(QJsonObject{
            {"seq"_L1, double(e.seq)},
            {"queue_id"_L1, e.queueId.toString()},
            {"kind"_L1, e.kind},
            {"run_id"_L1, e.runId ? QJsonValue(e.runId->toString()) : QJsonValue(QJsonValue::Null)},
            {"at"_L1, e.at.toIso()},
            {"payload"_L1, e.payload}});
    return HttpResponse::json(QJsonObject{
        {"events"_L1, events}, {"cursor"_L1, double(changed->cursor)}, {"reset"_L1, changed->reset}});
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
