#include "everypage.h"

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

void readFrom(ApiClient &api, const QString &path, int pageSize, int maxItems, QJsonArray found,
              std::function<void(Result<QJsonArray>)> done)
{
    const QChar joint = path.contains(u'?') ? u'&' : u'?';
    api.get(path + joint + u"limit=%1&offset=%2"_s.arg(pageSize).arg(found.size()),
            [&api, path, pageSize, maxItems, found, done = std::move(done)](const ApiReply &reply) mutable {
                if (!reply.ok()) {
                    done(Error{reply.message, QString()});
                    return;
                }
                const QJsonArray page = reply.body.toArray();
                for (const QJsonValue &item : page)
                    found.append(item);
                if (page.size() == pageSize && found.size() < maxItems)
                    readFrom(api, path, pageSize, maxItems, std::move(found), std::move(done));
                else
                    done(found);
            });
}

} // namespace

void getEveryPage(ApiClient &api, const QString &path, int pageSize, int maxItems,
                  std::function<void(Result<QJsonArray>)> done)
{
    readFrom(api, path, pageSize, maxItems, {}, std::move(done));
}

} // namespace assay::client
