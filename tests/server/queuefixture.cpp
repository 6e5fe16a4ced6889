#include "queuefixture.h"

namespace assay::test {

using namespace Qt::StringLiterals;

void QueueFixture::makeQueue(const QString &name, const QByteArray &rubricJson)
{
    const QJsonObject rubric = QJsonDocument::fromJson(rubricJson).object();
    ASSERT_FALSE(rubric.isEmpty());
    queue = srv()
                .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, name}, {"rubric"_L1, rubric}})
                .object()
                .value("id"_L1)
                .toString();
    ASSERT_FALSE(queue.isEmpty());
}

void QueueFixture::addRuns(int n)
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
    ASSERT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"post"_L1, post}}).status, 202);
    ASSERT_EQ(
        srv().post(u"/annotation-queues/"_s + queue + u"/runs"_s, QJsonArray::fromStringList(ids)).status,
        200);
    runs.append(ids);
}

QByteArray QueueFixture::reviewer(const QString &name)
{
    const QString user =
        srv()
            .post(u"/admin/users"_s, QJsonObject{{"name"_L1, name}, {"role"_L1, u"reviewer"_s}})
            .object()
            .value("id"_L1)
            .toString();
    m_users.insert(name, user);
    EXPECT_EQ(srv().request("PUT", u"/annotation-queues/%1/reviewers/%2"_s.arg(queue, user)).status, 204);
    return srv()
        .post(u"/admin/keys"_s, QJsonObject{{"name"_L1, name}, {"user_id"_L1, user}})
        .object()
        .value("key"_L1)
        .toString()
        .toUtf8();
}

QJsonObject QueueFixture::answer(const QByteArray &key, const QString &run, const QJsonObject &values,
                                 const Timestamp &at, double seconds)
{
    const QJsonObject a{
        {"id"_L1, Uuid::v7().toString()}, {"queue_id"_L1, queue}, {"run_id"_L1, run},
        {"rubric_version"_L1, 1},         {"values"_L1, values},  {"submitted_at"_L1, at.toIso()},
        {"active_seconds"_L1, seconds}};
    const HttpResult r = srv().request("POST", u"/review/submit"_s,
                                       toJson(QJsonObject{{"annotations"_L1, QJsonArray{a}}}), key);
    EXPECT_EQ(r.status, 200) << r.body.toStdString();
    return r.object().value("results"_L1).toArray().at(0).toObject();
}

} // namespace assay::test
