#include "connectioncheck.h"

#include "sync/protocol.h"

namespace assay::client {

using namespace Qt::StringLiterals;

void ConnectionCheck::run(ApiClient &api, std::function<void(const ConnectionVerdict &)> done)
{
    const QString address = api.baseUrl().toString();
    api.get(u"/review/me"_s, [done = std::move(done), address](const ApiReply &reply) {
        ConnectionVerdict v;
        if (!reply.ok()) {
            v.message = describeFailure(reply, address);
            return done(v);
        }
        auto me = readMe(reply.body.toObject());
        if (!me) {
            ApiReply notOurs = reply;
            notOurs.kind = ReplyKind::NotFound;
            v.message = describeFailure(notOurs, address);
            return done(v);
        }
        v.ok = true;
        v.queues = int(me->size());
        v.role = reply.body.toObject().value("role"_L1).toString();
        v.message = v.queues == 0 ? tr("Connected. No queues are assigned to you yet; ask your admin.")
                                  : tr("Connected. %n queue(s) assigned to you.", nullptr, v.queues);
        done(v);
    });
}

QString ConnectionCheck::describeFailure(const ApiReply &reply, const QString &address)
{
    switch (reply.kind) {
    case ReplyKind::Auth:
        return tr("The server refused this API key. Check that you copied all of it, or ask your admin for a "
                  "new one.");
    case ReplyKind::Offline:
    case ReplyKind::Timeout:
        return tr("Cannot reach %1. Check the address, and that you are online.").arg(address);
    case ReplyKind::NotFound:
    case ReplyKind::Rejected:
    case ReplyKind::Conflict:
    case ReplyKind::TooLarge:
        return tr("%1 answers, but not as an Assay server. Check the address: it usually ends in /api/v1.")
            .arg(address);
    case ReplyKind::RateLimited:
        return tr("The server is busy. Try again in a minute.");
    case ReplyKind::ServerError:
        if (reply.status == 200) // answered, but not with JSON: some other web server
            return tr("%1 answers, but not as an Assay server. Check the address: it usually ends in /api/v1.")
                .arg(address);
        return tr("The server had a problem (%1). Try again later, or tell your admin.").arg(reply.message);
    case ReplyKind::Ok:
        break;
    }
    return {};
}

} // namespace assay::client
