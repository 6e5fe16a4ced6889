#include "reviewprogram.h"

#include <gtest/gtest.h>

namespace assay::test {

using namespace Qt::StringLiterals;

QString createQueue(ServerHarness &server, const QString &name, const QByteArray &rubricJson)
{
    const QJsonObject rubric = QJsonDocument::fromJson(rubricJson).object();
    EXPECT_FALSE(rubric.isEmpty()) << rubricJson.toStdString();
    const QString id =
        server.post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, name}, {"rubric"_L1, rubric}})
            .object()
            .value("id"_L1)
            .toString();
    EXPECT_FALSE(id.isEmpty());
    return id;
}

QStringList queueNewRuns(ServerHarness &server, const QString &queue, int n)
{
    QJsonArray post;
    QStringList ids;
    for (int i = 0; i < n; ++i) {
        ids.append(Uuid::v7().toString());
        post.append(QJsonObject{{"id"_L1, ids.last()},
                                {"name"_L1, u"r"_s},
                                {"session_name"_L1, u"p"_s},
                                {"start_time"_L1, Timestamp::now().toIso()}});
    }
    EXPECT_EQ(server.post(u"/runs/batch"_s, QJsonObject{{"post"_L1, post}}).status, 202);
    EXPECT_EQ(
        server.post(u"/annotation-queues/"_s + queue + u"/runs"_s, QJsonArray::fromStringList(ids)).status,
        200);
    return ids;
}

QueueReviewer addQueueReviewer(ServerHarness &server, const QString &queue, const QString &name)
{
    QueueReviewer r;
    r.userId = server.post(u"/admin/users"_s, QJsonObject{{"name"_L1, name}, {"role"_L1, u"reviewer"_s}})
                   .object()
                   .value("id"_L1)
                   .toString();
    EXPECT_EQ(server.request("PUT", u"/annotation-queues/%1/reviewers/%2"_s.arg(queue, r.userId)).status,
              204);
    r.key = server.post(u"/admin/keys"_s, QJsonObject{{"name"_L1, name}, {"user_id"_L1, r.userId}})
                .object()
                .value("key"_L1)
                .toString()
                .toUtf8();
    return r;
}

QJsonObject submitAnswer(ServerHarness &server, const QByteArray &key, const QString &queue,
                         const QString &run, const QJsonObject &values, const Timestamp &at, double seconds,
                         const QJsonObject &extra)
{
    QJsonObject a{{"id"_L1, Uuid::v7().toString()}, {"queue_id"_L1, queue}, {"run_id"_L1, run},
                  {"rubric_version"_L1, 1},         {"values"_L1, values},  {"submitted_at"_L1, at.toIso()},
                  {"active_seconds"_L1, seconds}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        a.insert(it.key(), it.value());
    const HttpResult r = server.request("POST", u"/review/submit"_s,
                                        toJson(QJsonObject{{"annotations"_L1, QJsonArray{a}}}), key);
    EXPECT_EQ(r.status, 200) << r.body.toStdString();
    return r.object().value("results"_L1).toArray().at(0).toObject();
}

} // namespace assay::test
