// The SDKs' listing parameters, on SQLite and PostgreSQL: each is either implemented or refused with a
// 400 naming it, never ignored (an ignored filter answers more rows than were asked for).

#include "serverharness.h"

#include <printers.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class SdkParameters : public ServerTest {
protected:
    QString postRun(const QString &project)
    {
        const QString id = Uuid::v7().toString();
        EXPECT_EQ(srv()
                      .post(u"/runs"_s, QJsonObject{{"id"_L1, id},
                                                    {"name"_L1, u"r"_s},
                                                    {"session_name"_L1, project},
                                                    {"end_time"_L1, u"2026-11-30T08:00:00Z"_s}})
                      .status,
                  202);
        return id;
    }

    QString projectId(const QString &name)
    {
        return srv().get(u"/sessions?name="_s + name).array().at(0).toObject().value("id"_L1).toString();
    }
};

} // namespace

TEST_P(SdkParameters, UnsupportedListingParametersAreRefusedByName)
{
    const struct {
        const char *path;
        const char *param;
    } refused[] = {
        {"/examples?splits=test", "splits"},
        {"/examples?metadata=%7B%22a%22%3A1%7D", "metadata"},
        {"/examples?filter=eq(x%2C1)", "filter"},
        {"/sessions?reference_dataset=0192f3a0-1111-7000-8000-000000000001", "reference_dataset"},
        {"/sessions?metadata=%7B%7D", "metadata"},
        {"/datasets?data_type=kv", "data_type"},
        {"/datasets?metadata=%7B%7D", "metadata"},
        {"/feedback?has_comment=true", "has_comment"},
    };
    for (const auto &r : refused) {
        const HttpResult answer = srv().get(QString::fromLatin1(r.path));
        EXPECT_EQ(answer.status, 400) << r.path;
        EXPECT_EQ(answer.detail(), QString::fromLatin1(r.param) + u": is not supported by Assay"_s) << r.path;
    }
    EXPECT_EQ(srv().get(u"/examples?as_of=latest"_s).status, 200);
    EXPECT_EQ(srv().get(u"/examples?as_of=2026-11-30T00:00:00Z"_s).detail(),
              u"as_of: only latest is supported by Assay (examples are not versioned)"_s);
    // The run query's body, likewise.
    for (const char *field : {"reference_example", "query", "end_time"}) {
        const QJsonValue value = QLatin1StringView(field) == "reference_example"_L1
                                     ? QJsonValue(QJsonArray{Uuid::v7().toString()})
                                     : QJsonValue(u"2026-11-30T00:00:00Z"_s);
        const HttpResult answer =
            srv().post(u"/runs/query"_s, QJsonObject{{QLatin1StringView(field), value}});
        EXPECT_EQ(answer.detail(), QString::fromLatin1(field) + u": is not supported by Assay"_s) << field;
    }
}

TEST_P(SdkParameters, FeedbackByProjectConfigsByNameAndAnOversizedRunPageIsClamped)
{
    const QString a = postRun(u"alpha"_s), b = postRun(u"beta"_s);
    for (const QString &run : {a, b})
        ASSERT_EQ(
            srv()
                .post(u"/feedback"_s, QJsonObject{{"run_id"_L1, run}, {"key"_L1, u"k"_s}, {"score"_L1, 1}})
                .status,
            200);
    const QJsonArray alpha = srv().get(u"/feedback?session="_s + projectId(u"alpha"_s)).array();
    ASSERT_EQ(alpha.size(), 1);
    EXPECT_EQ(alpha.at(0).toObject().value("run_id"_L1).toString(), a);

    for (const char *key : {"overall_quality", "overallxquality", "tone"})
        ASSERT_EQ(srv()
                      .post(u"/feedback-configs"_s,
                            QJsonObject{{"feedback_key"_L1, QString::fromLatin1(key)},
                                        {"feedback_config"_L1, QJsonObject{{"type"_L1, u"freeform"_s}}}})
                      .status,
                  200);
    QStringList keys;
    for (const QJsonValue &c : srv().get(u"/feedback-configs?name_contains=ALL_Q"_s).array())
        keys.append(c.toObject().value("feedback_key"_L1).toString());
    EXPECT_EQ(keys, QStringList{u"overall_quality"_s}) << "case-insensitive, and _ is not a wildcard";

    // LangSmith answers a full page past the most a page holds; so does Assay.
    const HttpResult clamped = srv().post(u"/runs/query"_s, QJsonObject{{"limit"_L1, 5000}});
    ASSERT_EQ(clamped.status, 200) << clamped.body.toStdString();
    EXPECT_EQ(clamped.object().value("runs"_L1).toArray().size(), 2);
    EXPECT_EQ(srv().post(u"/runs/query"_s, QJsonObject{{"limit"_L1, 0}}).detail(),
              u"limit: must be from 1 to 1000"_s);
}

TEST_P(SdkParameters, QueueListingsAndCreatesTakeTheResourceClientsParameters)
{
    const QString mine = srv()
                             .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"mine"_s}})
                             .object()
                             .value("id"_L1)
                             .toString();
    ASSERT_EQ(srv().post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"theirs"_s}}).status, 200);
    auto keyOf = [&](const QString &name, const QString &role, QString *id) {
        const HttpResult user =
            srv().post(u"/admin/users"_s, QJsonObject{{"name"_L1, name}, {"role"_L1, role}});
        *id = user.object().value("id"_L1).toString();
        return srv()
            .post(u"/admin/keys"_s, QJsonObject{{"name"_L1, name}, {"user_id"_L1, *id}})
            .object()
            .value("key"_L1)
            .toString()
            .toUtf8();
    };
    QString leeId, raeId;
    const QByteArray lee = keyOf(u"Lee"_s, u"member"_s, &leeId), rae = keyOf(u"Rae"_s, u"reviewer"_s, &raeId);
    ASSERT_EQ(srv().request("PUT", u"/annotation-queues/%1/reviewers/%2"_s.arg(mine, raeId)).status, 204);

    auto names = [&](const QByteArray &key, const QString &query) {
        const HttpResult r = srv().request("GET", u"/annotation-queues"_s + query, {}, key);
        EXPECT_EQ(r.status, 200) << query.toStdString() << ": " << r.body.toStdString();
        QStringList out;
        for (const QJsonValue &q : r.array())
            out.append(q.toObject().value("name"_L1).toString());
        out.sort();
        return out;
    };
    // Reviewers are assigned queues; members review every queue and are assigned none.
    EXPECT_EQ(names(lee, u""_s), (QStringList{u"mine"_s, u"theirs"_s}));
    EXPECT_TRUE(names(lee, u"?assigned_to_me=True"_s).isEmpty());
    EXPECT_EQ(names(rae, u"?assigned_to_me=true"_s), QStringList{u"mine"_s});
    EXPECT_EQ(names(lee, u"?queue_type=single"_s), (QStringList{u"mine"_s, u"theirs"_s}));
    EXPECT_TRUE(names(lee, u"?queue_type=pairwise"_s).isEmpty()) << "Assay's queues are single-run queues";
    EXPECT_EQ(srv().get(u"/annotation-queues?sort_by=name"_s).detail(),
              u"sort_by: is not supported by Assay"_s);
    EXPECT_EQ(srv().get(u"/annotation-queues?assigned_to_me=maybe"_s).status, 422);

    // Creating with sessions to populate from, or rubric items Assay cannot enforce, is refused.
    EXPECT_EQ(
        srv()
            .post(u"/annotation-queues"_s,
                  QJsonObject{{"name"_L1, u"q"_s}, {"session_ids"_L1, QJsonArray{Uuid::v7().toString()}}})
            .detail(),
        u"session_ids: is not supported by Assay"_s);
    EXPECT_EQ(srv()
                  .post(u"/annotation-queues"_s,
                        QJsonObject{
                            {"name"_L1, u"q"_s},
                            {"rubric_items"_L1,
                             QJsonArray{QJsonObject{{"feedback_key"_L1, u"k"_s},
                                                    {"visible_if"_L1, QJsonObject{{"join"_L1, u"all"_s}}}}}}})
                  .detail(),
              u"rubric_items[0].visible_if: is not supported by Assay"_s);
    EXPECT_EQ(srv().get(u"/annotation-queues?name=q"_s).array().size(), 0) << "nothing created";
}

ASSAY_SERVER_TEST_SUITE(SdkParameters);
