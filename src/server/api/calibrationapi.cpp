// Calibration rounds of a queue, for its lead (docs/calibration.md):
//   POST /annotation-queues/{id}/calibration-rounds                 start one (run_ids, or size and seed)
//   GET  /annotation-queues/{id}/calibration-rounds                 its rounds, newest first, with progress
//   GET  /annotation-queues/{id}/calibration-rounds/{round}         one, with its report once closed
//   POST /annotation-queues/{id}/calibration-rounds/{round}/close   close it: answers revealed, report
// The rules are CalibrationService's; these handlers translate JSON both ways.

#include "calibrationjson.h"
#include "queuelookup.h"

#include "core/jsonfields.h"

#include <QJsonArray>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

Result<StartRoundRequest> parseStartRound(const QJsonObject &body)
{
    JsonFields f(body);
    StartRoundRequest r;
    r.name = f.string("name"_L1).value_or(QString());
    if (const auto runs = f.array("run_ids"_L1)) {
        for (qsizetype i = 0; i < runs->size() && !f.failed(); ++i) {
            auto id = Uuid::parse(runs->at(i).toString());
            if (!runs->at(i).isString() || !id)
                f.fail(Error{u"expected a run id"_s, u"run_ids[%1]"_s.arg(i)});
            else
                r.runIds.append(*id);
        }
        if (!f.failed() && r.runIds.isEmpty())
            f.fail("run_ids"_L1, u"must not be empty; leave it out to draw a sample"_s);
    }
    if (const auto size = f.integer("size"_L1)) {
        if (!r.runIds.isEmpty())
            f.fail("size"_L1, u"give either run_ids or size, not both"_s);
        r.size = *size;
    }
    // A seed is a decimal string or a number (a 64-bit seed does not survive JSON's doubles).
    const QJsonValue seed = body.value("seed"_L1);
    if (seed.isString()) {
        bool ok = false;
        r.seed = seed.toString().toULongLong(&ok);
        if (!ok)
            f.fail("seed"_L1, u"expected a non-negative decimal integer"_s);
    } else if (seed.isDouble()) {
        if (seed.toDouble() < 0 || seed.toDouble() != double(qint64(seed.toDouble())))
            f.fail("seed"_L1, u"expected a non-negative integer"_s);
        r.seed = quint64(seed.toDouble());
    } else if (!seed.isUndefined() && !seed.isNull()) {
        f.fail("seed"_L1, u"expected a non-negative integer, got %1"_s.arg(describeJsonType(seed)));
    }
    if (r.seed && !r.runIds.isEmpty())
        f.fail("seed"_L1, u"a seed draws a sample; runs chosen by hand need none"_s);
    if (f.failed())
        return f.error();
    return r;
}

HttpResponse statusResponse(const Result<Decision<RoundStatus>> &decided, int status = 200)
{
    if (auto failed = failedOrRefused(decided))
        return *failed;
    return HttpResponse::json(roundStatusToJson(decided->value), status);
}

HttpResponse startRound(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    auto request = parseStartRound(*body);
    if (!request)
        return HttpResponse::badRequest(request.error());
    return statusResponse(CalibrationService(ctx.store, req.principal).start(queue, *request), 201);
}

HttpResponse listRounds(ApiContext &ctx, HttpRequest &req)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto rounds = CalibrationService(ctx.store, req.principal).list(queue);
    if (!rounds)
        return HttpResponse::internal(rounds.error());
    QJsonArray out;
    for (const RoundStatus &s : std::as_const(*rounds))
        out.append(roundStatusToJson(s));
    return HttpResponse::json(out);
}

// The queue and the round the path names, then `act` on them.
template<typename Act>
HttpResponse withRound(ApiContext &ctx, HttpRequest &req, Act act)
{
    Queue queue;
    if (auto failed = loadQueue(ctx, req, queue))
        return *failed;
    auto round = pathUuid(req, u"round"_s);
    if (!round)
        return HttpResponse::error(422, round.error().message, round.error().where);
    CalibrationService service(ctx.store, req.principal);
    return statusResponse(act(service, queue, *round));
}

HttpResponse getRound(ApiContext &ctx, HttpRequest &req)
{
    return withRound(ctx, req,
                     [](CalibrationService &s, const Queue &q, const Uuid &id) { return s.get(q, id); });
}

HttpResponse closeRound(ApiContext &ctx, HttpRequest &req)
{
    return withRound(ctx, req,
                     [](CalibrationService &s, const Queue &q, const Uuid &id) { return s.close(q, id); });
}

} // namespace

void registerCalibrationRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/annotation-queues/{id}/calibration-rounds", startRound, Access::Member,
             Lane::Write);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/calibration-rounds", listRounds, Access::Member,
             Lane::Read);
    addRoute(router, ctx, "GET", "/annotation-queues/{id}/calibration-rounds/{round}", getRound,
             Access::Member, Lane::Read);
    addRoute(router, ctx, "POST", "/annotation-queues/{id}/calibration-rounds/{round}/close", closeRound,
             Access::Member, Lane::Write);
}

} // namespace assay::server
