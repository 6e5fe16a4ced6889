#include "ruleadmin.h"

#include "queueeditor/queueadmin.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>

namespace assay::client {

using namespace Qt::StringLiterals;

QString DryRunResult::summary() const
{
    const QLocale l;
    return QCoreApplication::translate("DryRunResult",
                                       "Would add %1 of the last %2 runs (%3 already queued).")
        .arg(l.toString(wouldAdd), l.toString(evaluated), l.toString(alreadyQueued));
}

void dryRunRule(ApiClient &api, const RoutingRule &draft, int lastN,
                std::function<void(Result<DryRunResult>)> done)
{
    QJsonObject body{{"filter"_L1, draft.filter},
                     {"sampling_rate"_L1, draft.samplingRate},
                     {"queue_id"_L1, draft.queueId.toString()},
                     {"last_n"_L1, lastN}};
    if (!draft.id.isNull())
        body.insert("id"_L1, draft.id.toString());
    api.post(u"/routing-rules/dry-run"_s, body, [done = std::move(done)](const ApiReply &reply) {
        if (!reply.ok()) {
            done(replyError(reply));
            return;
        }
        const QJsonObject json = reply.body.toObject();
        DryRunResult r;
        r.evaluated = qint64(json.value("evaluated"_L1).toDouble());
        r.matched = qint64(json.value("matched"_L1).toDouble());
        r.sampledIn = qint64(json.value("sampled_in"_L1).toDouble());
        r.alreadyQueued = qint64(json.value("already_queued"_L1).toDouble());
        r.wouldAdd = qint64(json.value("would_add"_L1).toDouble());
        for (const QJsonValue &v : json.value("runs"_L1).toArray()) {
            const QJsonObject run = v.toObject();
            if (auto id = Uuid::parse(run.value("id"_L1).toString()))
                r.runs.append({*id, run.value("name"_L1).toString(), run.value("start_time"_L1).toString(),
                               run.value("already_queued"_L1).toBool()});
        }
        done(r);
    });
}

void saveRule(ApiClient &api, const RoutingRule &rule, std::function<void(Result<RoutingRule>)> done)
{
    QJsonObject body = routingRuleToJson(rule);
    for (const char *serverOwned : {"id", "created_at", "updated_at"})
        body.remove(QLatin1StringView(serverOwned));
    if (!rule.backfillFrom)
        body.remove("backfill_from"_L1);
    auto answer = [done = std::move(done)](const ApiReply &reply) {
        if (!reply.ok()) {
            done(replyError(reply));
            return;
        }
        done(routingRuleFromJson(reply.body.toObject()));
    };
    if (rule.id.isNull())
        api.post(u"/routing-rules"_s, body, std::move(answer));
    else
        api.request("PATCH", u"/routing-rules/%1"_s.arg(rule.id.toString()), body, std::move(answer));
}

void setRuleEnabled(ApiClient &api, const Uuid &ruleId, bool enabled, std::function<void(Status)> done)
{
    api.request("PATCH", u"/routing-rules/%1"_s.arg(ruleId.toString()), QJsonObject{{"enabled"_L1, enabled}},
                [done = std::move(done)](const ApiReply &reply) { done(statusOf(reply)); });
}

void deleteRule(ApiClient &api, const Uuid &ruleId, std::function<void(Status)> done)
{
    api.request("DELETE", u"/routing-rules/%1"_s.arg(ruleId.toString()), {},
                [done = std::move(done)](const ApiReply &reply) { done(statusOf(reply)); });
}

BackfillJob::BackfillJob(ApiClient &api, int pollMs, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
    m_timer.setInterval(pollMs);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &BackfillJob::poll);
}

void BackfillJob::start(const Uuid &ruleId, const QDateTime &since)
{
    m_api.post(u"/routing-rules/%1/backfill"_s.arg(ruleId.toString()),
               QJsonObject{{"since"_L1, since.toUTC().toString(Qt::ISODateWithMs)}},
               [this](const ApiReply &reply) {
                   if (!reply.ok()) {
                       emit finished(false, reply.message);
                       return;
                   }
                   m_jobId = reply.body.toObject().value("id"_L1).toString();
                   poll();
               });
}

void BackfillJob::poll()
{
    m_api.get(u"/routing-rules/jobs/%1"_s.arg(m_jobId), [this](const ApiReply &reply) {
        if (!reply.ok()) {
            emit finished(false, reply.message);
            return;
        }
        const QJsonObject job = reply.body.toObject();
        const qint64 added = qint64(job.value("added"_L1).toDouble());
        emit progress(qint64(job.value("processed"_L1).toDouble()), qint64(job.value("total"_L1).toDouble()),
                      added);
        const QString status = job.value("status"_L1).toString();
        if (status == u"done")
            emit finished(true, QCoreApplication::translate("BackfillJob", "Backfill done: %n run(s) added.",
                                                            nullptr, int(added)));
        else if (status == u"failed")
            emit finished(false, job.value("error"_L1).toString());
        else
            m_timer.start();
    });
}

} // namespace assay::client
