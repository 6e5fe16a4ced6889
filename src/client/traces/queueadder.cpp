#include "queueadder.h"

#include "queueeditor/queueadmin.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <memory>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kRunsPerRequest = 500;

void addChunk(ApiClient &api, const Uuid &queueId, const QList<Uuid> &runIds, const QString &reason,
              qsizetype from, AddOutcome sofar, std::function<void(Result<AddOutcome>)> done)
{
    if (from >= runIds.size()) {
        done(sofar);
        return;
    }
    QJsonArray ids;
    const qsizetype to = std::min(from + kRunsPerRequest, runIds.size());
    for (qsizetype i = from; i < to; ++i)
        ids.append(runIds[i].toString());
    QJsonObject body{{"run_ids"_L1, ids}};
    if (!reason.trimmed().isEmpty())
        body.insert("comment"_L1, reason.trimmed());
    api.post(u"/annotation-queues/%1/runs"_s.arg(queueId.toString()), body,
             [&api, queueId, runIds, reason, from, to, sofar,
              done = std::move(done)](const ApiReply &reply) mutable {
                 if (!reply.ok()) {
                     done(replyError(reply));
                     return;
                 }
                 const qint64 added = reply.body.toArray().size();
                 sofar.added += added;
                 sofar.alreadyQueued += (to - from) - added;
                 addChunk(api, queueId, runIds, reason, to, sofar, std::move(done));
             });
}

} // namespace

QString AddOutcome::summary(const QString &queueName) const
{
    QString text = QCoreApplication::translate("AddOutcome", "%n run(s) added to “%1”.", nullptr, int(added))
                       .arg(queueName);
    if (alreadyQueued > 0)
        text += u" "_s + QCoreApplication::translate("AddOutcome",
                                                     "%n run(s) were already in it and were not added again.",
                                                     nullptr, int(alreadyQueued));
    return text;
}

void countMatching(ApiClient &api, const Uuid &queueId, const RunTableQuery &query,
                   std::function<void(Result<MatchCount>)> done)
{
    api.post(u"/annotation-queues/%1/matching-runs"_s.arg(queueId.toString()), runQueryBody(query),
             [done = std::move(done)](const ApiReply &reply) {
                 if (!reply.ok()) {
                     done(replyError(reply));
                     return;
                 }
                 const QJsonObject json = reply.body.toObject();
                 MatchCount count;
                 count.matching = qint64(json.value("matching"_L1).toDouble());
                 count.alreadyQueued = qint64(json.value("already_queued"_L1).toDouble());
                 count.truncated = json.value("truncated"_L1).toBool();
                 count.limit = qint64(json.value("limit"_L1).toDouble());
                 for (const QJsonValue &id : json.value("run_ids"_L1).toArray())
                     if (auto parsed = Uuid::parse(id.toString()))
                         count.toAdd.append(*parsed);
                 done(count);
             });
}

void addRunsToQueue(ApiClient &api, const Uuid &queueId, const QList<Uuid> &runIds, const QString &reason,
                    std::function<void(Result<AddOutcome>)> done)
{
    addChunk(api, queueId, runIds, reason, 0, {}, std::move(done));
}

} // namespace assay::client
