#include "protocol.h"

#include "core/annotation.h"

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

Result<Uuid> uuidAt(const QJsonObject &o, QLatin1StringView key, const QString &where)
{
    auto id = Uuid::parse(o.value(key).toString());
    if (!id)
        return Error{id.error().message, where + u'.' + key};
    return *id;
}

} // namespace

Result<QList<MeQueue>> readMe(const QJsonObject &body)
{
    if (!body.value("queues"_L1).isArray())
        return Error{u"expected an array"_s, u"queues"_s};
    QList<MeQueue> out;
    const QJsonArray queues = body.value("queues"_L1).toArray();
    for (qsizetype i = 0; i < queues.size(); ++i) {
        const QJsonObject q = queues.at(i).toObject();
        const QString where = u"queues[%1]"_s.arg(i);
        auto id = uuidAt(q, "id"_L1, where);
        if (!id)
            return id.error();
        auto rubric = parseRubric(q.value("rubric"_L1).toObject());
        if (!rubric)
            return rubric.error().prefixed(where + u".rubric"_s);
        MeQueue m;
        m.queue.id = *id;
        m.queue.name = q.value("name"_L1).toString();
        m.queue.guide = q.value("description"_L1).toString();
        m.queue.rubric = *rubric;
        m.queue.rubric.version = q.value("rubric_version"_L1).toInt(rubric->version);
        m.queue.toReview = q.value("to_review"_L1).toInt();
        m.queue.awaitingOthers = q.value("awaiting_others"_L1).toInt();
        m.queue.completed = q.value("completed"_L1).toInt();
        m.queue.position = int(i);
        m.answeredByMe = qint64(q.value("answered_by_me"_L1).toDouble());
        out.append(m);
    }
    return out;
}

Result<QList<CachedItem>> readCheckout(const QJsonObject &body, const Timestamp &now)
{
    auto queueId = uuidAt(body.value("queue"_L1).toObject(), "id"_L1, u"queue"_s);
    if (!queueId)
        return queueId.error();
    auto expires = Timestamp::parseIso(body.value("lease_expires_at"_L1).toString());
    if (!expires)
        return Error{expires.error().message, u"lease_expires_at"_s};
    QList<CachedItem> out;
    const QJsonArray items = body.value("items"_L1).toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonObject o = items.at(i).toObject();
        const QString where = u"items[%1]"_s.arg(i);
        const QJsonObject run = o.value("run"_L1).toObject();
        auto runId = uuidAt(run, "id"_L1, where + u".run"_s);
        if (!runId)
            return runId.error();
        CachedItem item;
        item.queueId = *queueId;
        item.runId = *runId;
        item.queueRunId = o.value("queue_run_id"_L1).toString();
        item.reason = o.value("reason"_L1).toString();
        auto added = Timestamp::parseIso(o.value("added_at"_L1).toString());
        item.addedAt = added ? *added : now;
        item.leaseExpiresAt = *expires;
        item.checkedOutAt = now;
        item.runName = run.value("name"_L1).toString();
        item.run = run;
        item.childRuns = o.value("child_runs"_L1).toArray();
        out.append(item);
    }
    return out;
}

Result<QList<SubmitOutcome>> readSubmitResults(const QJsonObject &body)
{
    if (!body.value("results"_L1).isArray())
        return Error{u"expected an array"_s, u"results"_s};
    QList<SubmitOutcome> out;
    const QJsonArray results = body.value("results"_L1).toArray();
    for (qsizetype i = 0; i < results.size(); ++i) {
        auto outcome = answerOutcomeFromJson(results.at(i).toObject(), u"results[%1]"_s.arg(i));
        if (!outcome)
            return outcome.error();
        out.append(*outcome);
    }
    return out;
}

Result<ChangesPage> readChanges(const QJsonObject &body)
{
    if (!body.value("events"_L1).isArray() || !body.value("cursor"_L1).isDouble())
        return Error{u"expected {events, cursor, reset}"_s, {}};
    return ChangesPage{body.value("events"_L1).toArray(), qint64(body.value("cursor"_L1).toDouble()),
                       body.value("reset"_L1).toBool()};
}

Status applyChanges(CacheDb &cache, const QJsonArray &events)
{
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QJsonObject e = events.at(i).toObject();
        const QString where = u"events[%1]"_s.arg(i);
        auto queueId = uuidAt(e, "queue_id"_L1, where);
        if (!queueId)
            return queueId.error();
        const QString kind = e.value("kind"_L1).toString();
        const QJsonObject payload = e.value("payload"_L1).toObject();
        Status applied = Ok{};
        if (kind == u"rubric_changed") {
            const QJsonObject json = payload.value("rubric"_L1).toObject();
            auto rubric = parseRubric(json);
            if (!rubric)
                return rubric.error().prefixed(where + u".payload.rubric"_s);
            Rubric r = *rubric;
            r.version = json.value("version"_L1).toInt(r.version);
            applied = cache.saveRubric(*queueId, r);
        } else if (kind == u"item_removed") {
            auto runId = uuidAt(e, "run_id"_L1, where);
            if (!runId)
                return runId.error();
            applied = cache.markRemoved(*queueId, *runId);
        } else if (kind == u"queue_removed") {
            applied = cache.dropQueue(*queueId);
        } else if (kind == u"annotation") {
            auto a = parseAnnotation(payload);
            if (!a)
                return a.error().prefixed(where + u".payload"_s);
            applied = cache.saveServerAnswer(a->queueId, a->runId, a->id, a->submittedAt);
        } // kinds this version does not know are skipped: newer servers may add some
        if (!applied)
            return applied;
    }
    return Ok{};
}

} // namespace assay::client
