// Users as principals, on SQLite and PostgreSQL: a person's keys act as the person (one reviewer, one
// audit actor, one feedback author), users are administered and audited, and disabling one stops all
// of their keys on the next request.

#include "serverharness.h"

#include <printers.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class Users : public ServerTest {
protected:
    QJsonObject createUser(const QString &name, const QString &role)
    {
        const HttpResult r = srv().post(u"/admin/users"_s, QJsonObject{{"name"_L1, name}, {"role"_L1, role}});
        EXPECT_EQ(r.status, 201) << r.body.toStdString();
        return r.object();
    }

    // A key for the user (by id or name); returns {id, key, ...}.
    QJsonObject keyFor(const QString &user, const QString &name)
    {
        const HttpResult r =
            srv().post(u"/admin/keys"_s, QJsonObject{{"name"_L1, name}, {"user_id"_L1, user}});
        EXPECT_EQ(r.status, 200) << r.body.toStdString();
        return r.object();
    }

    QString newQueueWithRuns(const QString &name, int runs, QStringList *runIds)
    {
        const QJsonObject rubric = QJsonDocument::fromJson(
                                       R"({"fields":[{"name":"overall_quality","type":"categorical",
                                       "options":["good","bad"],"required":true}]})")
                                       .object();
        const QString queue =
            srv()
                .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, name}, {"rubric"_L1, rubric}})
                .object()
                .value("id"_L1)
                .toString();
        for (int i = 0; i < runs; ++i) {
            const QString id = Uuid::v7().toString();
            EXPECT_EQ(srv()
                          .post(u"/runs"_s, QJsonObject{{"id"_L1, id},
                                                        {"name"_L1, u"run"_s},
                                                        {"session_name"_L1, u"p"_s},
                                                        {"end_time"_L1, u"2026-11-30T08:00:00Z"_s}})
                          .status,
                      202);
            runIds->append(id);
        }
        EXPECT_EQ(
            srv()
                .post(u"/annotation-queues/"_s + queue + u"/runs"_s, QJsonArray::fromStringList(*runIds))
                .status,
            200);
        return queue;
    }
};

QByteArray secretOf(const QJsonObject &key)
{
    return key.value("key"_L1).toString().toUtf8();
}

} // namespace

TEST_P(Users, AreCreatedListedChangedAndRefusedWithTheFieldNamed)
{
    const QJsonObject dana = createUser(u"Dana Reviewer"_s, u"reviewer"_s);
    EXPECT_EQ(dana.value("id"_L1).toString().size(), 36);
    EXPECT_EQ(dana.value("role"_L1).toString(), u"reviewer"_s);
    EXPECT_TRUE(dana.value("email"_L1).isNull());
    EXPECT_TRUE(dana.value("disabled_at"_L1).isNull());

    const HttpResult twice = srv().post(
        u"/admin/users"_s, QJsonObject{{"name"_L1, u" Dana Reviewer "_s}, {"role"_L1, u"member"_s}});
    EXPECT_EQ(twice.status, 409);
    EXPECT_TRUE(twice.detail().startsWith(u"name: a user named 'Dana Reviewer' exists already"_s))
        << twice.detail().toStdString();
    EXPECT_EQ(
        srv().post(u"/admin/users"_s, QJsonObject{{"name"_L1, u"x"_s}, {"role"_L1, u"owner"_s}}).detail(),
        u"role: expected admin, member, ingest or reviewer, got 'owner'"_s);
    EXPECT_EQ(srv().post(u"/admin/users"_s, QJsonObject{{"role"_L1, u"member"_s}}).detail(),
              u"name: is required"_s);
    EXPECT_EQ(srv()
                  .post(u"/admin/users"_s,
                        QJsonObject{{"name"_L1, u"x"_s}, {"role"_L1, u"member"_s}, {"email"_L1, u"nope"_s}})
                  .detail(),
              u"email: is not an email address: 'nope'"_s);
    const HttpResult typo =
        srv().patch(u"/admin/users/"_s + dana.value("id"_L1).toString(), QJsonObject{{"disable"_L1, true}});
    EXPECT_EQ(typo.status, 400);
    EXPECT_EQ(typo.detail(), u"disable: unknown field; expected one of name, email, role, disabled"_s);
    EXPECT_EQ(srv().get(u"/admin/users"_s).array().size(), 1) << "refusals create nothing";

    // Changed by id or by name; email can be set and cleared.
    const HttpResult changed =
        srv().patch(u"/admin/users/Dana%20Reviewer"_s,
                    QJsonObject{{"email"_L1, u"dana@example.com"_s}, {"name"_L1, u"Dana"_s}});
    ASSERT_EQ(changed.status, 200) << changed.body.toStdString();
    EXPECT_EQ(changed.object().value("email"_L1).toString(), u"dana@example.com"_s);
    EXPECT_EQ(srv().get(u"/admin/users/Dana"_s).object().value("id"_L1), dana.value("id"_L1));
    EXPECT_TRUE(srv()
                    .patch(u"/admin/users/Dana"_s, QJsonObject{{"email"_L1, QJsonValue::Null}})
                    .object()
                    .value("email"_L1)
                    .isNull());
    EXPECT_EQ(srv().get(u"/admin/users/nobody"_s).status, 404);
    EXPECT_EQ(srv().patch(u"/admin/users/nobody"_s, QJsonObject{{"role"_L1, u"member"_s}}).status, 404);

    // Every change is in the audit log with before and after; a no-op writes nothing.
    ASSERT_EQ(srv().patch(u"/admin/users/Dana"_s, QJsonObject{{"name"_L1, u"Dana"_s}}).status, 200);
    QStringList actions;
    for (const QJsonValue &e : srv().get(u"/audit?limit=1000"_s).array())
        if (e.toObject().value("entity"_L1).toString() == u"user")
            actions.append(e.toObject().value("action"_L1).toString());
    EXPECT_EQ(actions, (QStringList{u"create"_s, u"update"_s, u"update"_s}));
}

TEST_P(Users, KeysOfAUserActWithTheUsersRoleAndStopWhenTheUserIsDisabled)
{
    const QJsonObject erin = createUser(u"erin"_s, u"member"_s);
    const QString erinId = erin.value("id"_L1).toString();
    const QJsonObject laptop = keyFor(u"erin"_s, u"laptop"_s);
    EXPECT_EQ(laptop.value("user_id"_L1).toString(), erinId);
    EXPECT_EQ(laptop.value("role"_L1).toString(), u"member"_s);
    EXPECT_EQ(srv()
                  .post(u"/admin/keys"_s,
                        QJsonObject{{"name"_L1, u"x"_s}, {"user_id"_L1, erinId}, {"role"_L1, u"admin"_s}})
                  .detail(),
              u"role: a user's keys act with the user's role (member); leave role out"_s);
    EXPECT_EQ(
        srv().post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"x"_s}, {"user_id"_L1, u"ghost"_s}}).detail(),
        u"user_id: no user has the id or name 'ghost'"_s);
    EXPECT_EQ(srv().post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"x"_s}}).detail(),
              u"role: is required for a key without a user"_s);
    const QByteArray key = secretOf(laptop);
    EXPECT_EQ(srv().request("GET", u"/sessions"_s, {}, key).status, 200);

    // A new role applies to every key of the user at once, and the key listing says so.
    ASSERT_EQ(srv().patch(u"/admin/users/erin"_s, QJsonObject{{"role"_L1, u"ingest"_s}}).status, 200);
    EXPECT_EQ(srv().request("GET", u"/sessions"_s, {}, key).status, 403);
    const QJsonObject shown = srv().get(u"/admin/users/erin"_s).object();
    ASSERT_EQ(shown.value("keys"_L1).toArray().size(), 1);
    EXPECT_EQ(shown.value("keys"_L1).toArray().at(0).toObject().value("role"_L1).toString(), u"ingest"_s);

    // Disabled: every key stops on the next request, with a reason; enabled: they work again.
    ASSERT_EQ(srv().patch(u"/admin/users/erin"_s, QJsonObject{{"disabled"_L1, true}}).status, 200);
    const HttpResult refused = srv().request("POST", u"/runs"_s, "{}", key);
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.detail(), u"the user of this API key is disabled; ask an admin"_s);
    EXPECT_EQ(srv().post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"x"_s}, {"user_id"_L1, erinId}}).status,
              409);
    ASSERT_EQ(srv().patch(u"/admin/users/erin"_s, QJsonObject{{"disabled"_L1, false}}).status, 200);
    EXPECT_NE(srv().request("POST", u"/runs"_s, "{}", key).status, 401);
    QStringList actions;
    for (const QJsonValue &e : srv().get(u"/audit?limit=1000"_s).array())
        if (e.toObject().value("entity"_L1).toString() == u"user")
            actions.append(e.toObject().value("action"_L1).toString());
    EXPECT_EQ(actions, (QStringList{u"create"_s, u"update"_s, u"disable"_s, u"enable"_s}));
}

TEST_P(Users, AnAdminUserIsTheAuditActorAndCannotLockThemselvesOut)
{
    const QJsonObject root = createUser(u"root"_s, u"admin"_s);
    const QByteArray key = secretOf(keyFor(u"root"_s, u"root's key"_s));
    const QString rootId = root.value("id"_L1).toString();
    const HttpResult self =
        srv().request("PATCH", u"/admin/users/"_s + rootId, toJson(QJsonObject{{"disabled"_L1, true}}), key);
    EXPECT_EQ(self.status, 409);
    EXPECT_EQ(self.detail(), u"you cannot disable yourself or change your own role; ask another admin"_s);
    EXPECT_EQ(
        srv()
            .request("PATCH", u"/admin/users/root"_s, toJson(QJsonObject{{"role"_L1, u"member"_s}}), key)
            .status,
        409);
    // Changing their own email is fine, and the audit log names the user, not the key.
    ASSERT_EQ(srv()
                  .request("PATCH", u"/admin/users/root"_s,
                           toJson(QJsonObject{{"email"_L1, u"root@example.com"_s}}), key)
                  .status,
              200);
    const QJsonObject last = srv().get(u"/audit?limit=1000"_s).array().last().toObject();
    EXPECT_EQ(last.value("actor"_L1).toString(), u"user:"_s + rootId);
    EXPECT_EQ(last.value("before"_L1).toObject().value("email"_L1), QJsonValue(QJsonValue::Null));
    EXPECT_EQ(last.value("after"_L1).toObject().value("email"_L1).toString(), u"root@example.com"_s);
    // Another admin may disable them.
    EXPECT_EQ(srv().patch(u"/admin/users/root"_s, QJsonObject{{"disabled"_L1, true}}).status, 200);
    EXPECT_EQ(srv().request("GET", u"/admin/users"_s, {}, key).status, 401);
}

TEST_P(Users, TwoKeysOfOneReviewerAreOneReviewer)
{
    QStringList runs;
    const QString queue = newQueueWithRuns(u"two devices"_s, 2, &runs);
    ASSERT_EQ(
        srv().patch(u"/annotation-queues/"_s + queue, QJsonObject{{"num_reviewers_per_item"_L1, 2}}).status,
        200);
    const QString faye = createUser(u"faye"_s, u"reviewer"_s).value("id"_L1).toString();
    const QJsonObject laptopKey = keyFor(faye, u"laptop"_s);
    const QByteArray laptop = secretOf(laptopKey), desktop = secretOf(keyFor(faye, u"desktop"_s));
    const QString path = u"/annotation-queues/%1/reviewers/"_s.arg(queue);

    // Assigned by name, the assignment names the user; a key of the user is not assignable itself.
    EXPECT_EQ(srv().request("GET", u"/annotation-queues"_s, {}, laptop).array().size(), 0);
    ASSERT_EQ(srv().request("PUT", path + u"faye"_s).status, 204);
    EXPECT_EQ(srv().get(u"/annotation-queues/%1/reviewers"_s.arg(queue)).array(), QJsonArray{faye});
    const HttpResult byKey = srv().request("PUT", path + laptopKey.value("id"_L1).toString());
    EXPECT_EQ(byKey.status, 422);
    EXPECT_EQ(byKey.detail(), u"reviewer: API key %1 belongs to user %2; assign the user"_s.arg(
                                  laptopKey.value("id"_L1).toString(), faye));
    createUser(u"gus"_s, u"member"_s);
    EXPECT_EQ(srv().request("PUT", path + u"gus"_s).detail(),
              u"reviewer: only reviewers are assigned to queues; user gus is member and sees every queue"_s);

    // Both devices are the same person.
    for (const QByteArray &device : {laptop, desktop}) {
        const QJsonObject me = srv().request("GET", u"/review/me"_s, {}, device).object();
        EXPECT_EQ(me.value("id"_L1).toString(), faye);
        EXPECT_EQ(me.value("user_id"_L1).toString(), faye);
        EXPECT_EQ(me.value("queues"_L1).toArray().size(), 1);
    }
    const HttpResult leased = srv().request(
        "POST", u"/review/checkout"_s, toJson(QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 1}}), laptop);
    ASSERT_EQ(leased.status, 200) << leased.body.toStdString();
    // The desktop's checkout keeps the laptop's lease: it is the same reviewer's item.
    const HttpResult again = srv().request(
        "POST", u"/review/checkout"_s, toJson(QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 1}}), desktop);
    EXPECT_EQ(
        again.object().value("items"_L1).toArray().at(0).toObject().value("run"_L1).toObject().value("id"_L1),
        QJsonValue(runs[0]));

    auto submit = [&](const QByteArray &device, const QString &value, const QString &at) {
        const QJsonObject a{{"id"_L1, Uuid::v7().toString()},
                            {"queue_id"_L1, queue},
                            {"run_id"_L1, runs[0]},
                            {"rubric_version"_L1, 1},
                            {"values"_L1, QJsonObject{{"overall_quality"_L1, value}}},
                            {"submitted_at"_L1, at}};
        const HttpResult r = srv().request("POST", u"/review/submit"_s,
                                           toJson(QJsonObject{{"annotations"_L1, QJsonArray{a}}}), device);
        return r.object().value("results"_L1).toArray().at(0).toObject().value("status"_L1).toString();
    };
    EXPECT_EQ(submit(laptop, u"good"_s, u"2026-11-30T09:00:00Z"_s), u"applied"_s);
    // The desktop's later answer replaces the laptop's: one reviewer's answer, not a second review.
    EXPECT_EQ(submit(desktop, u"bad"_s, u"2026-11-30T09:05:00Z"_s), u"applied"_s);
    const QJsonArray feedback = srv().get(u"/feedback?run="_s + runs[0] + u"&source=app"_s).array();
    ASSERT_EQ(feedback.size(), 1);
    EXPECT_EQ(feedback.at(0).toObject().value("value"_L1).toString(), u"bad"_s);
    EXPECT_EQ(feedback.at(0).toObject().value("feedback_source"_L1).toObject().value("user_id"_L1).toString(),
              faye);
    const QJsonArray completed =
        srv().get(u"/annotation-queues/%1/runs?status=completed"_s.arg(queue)).array();
    EXPECT_TRUE(completed.isEmpty()) << "two answers of one person do not complete a two-reviewer item";
    const QJsonArray others =
        srv()
            .request("GET", u"/annotation-queues/%1/runs?status=needs_others_review"_s.arg(queue), {},
                     desktop)
            .array();
    ASSERT_EQ(others.size(), 1);
    EXPECT_EQ(others.at(0).toObject().value("id"_L1).toString(), runs[0]);
    const QJsonObject last = srv().get(u"/audit?limit=1000"_s).array().last().toObject();
    EXPECT_EQ(last.value("actor"_L1).toString(), u"user:"_s + faye);

    // Unassigned by name; their keys lose the queue on the next request.
    ASSERT_EQ(srv().request("DELETE", path + u"faye"_s).status, 204);
    EXPECT_EQ(srv().request("GET", u"/annotation-queues"_s, {}, desktop).array().size(), 0);
}

ASSAY_SERVER_TEST_SUITE(Users);
