#include "traceloader.h"

#include <memory>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

void loadPage(ApiClient &api, const Uuid &traceId, const QString &cursor, QJsonArray found,
              std::shared_ptr<std::function<void(Result<QJsonArray>)>> done)
{
    QJsonObject body{{"trace"_L1, traceId.toString()}, {"limit"_L1, 1000}, {"order"_L1, u"asc"_s}};
    if (!cursor.isEmpty())
        body.insert("cursor"_L1, cursor);
    api.post(u"/runs/query"_s, body, [&api, traceId, found, done](const ApiReply &reply) mutable {
        if (!reply.ok()) {
            (*done)(Error{reply.message, {}});
            return;
        }
        const QJsonObject page = reply.body.toObject();
        for (const QJsonValue &run : page.value("runs"_L1).toArray())
            found.append(run);
        const QString next = page.value("cursors"_L1).toObject().value("next"_L1).toString();
        if (next.isEmpty() || found.size() >= kMaxTraceRuns)
            (*done)(found);
        else
            loadPage(api, traceId, next, found, done);
    });
}

} // namespace

void loadTrace(ApiClient &api, const Uuid &traceId, std::function<void(Result<QJsonArray>)> done)
{
    loadPage(api, traceId, {}, {},
             std::make_shared<std::function<void(Result<QJsonArray>)>>(std::move(done)));
}

} // namespace assay::client
