// The demo project (`serve --demo`), on SQLite and PostgreSQL: it goes in through the REST routes, the
// seed's rules route 14 of its 16 traces into the queue, each item carries its retrieved documents as a
// child run, the demo reviewer's key sees the queue, and a second start changes nothing.

#include "serverharness.h"

#include "demo/demoproject.h"

#include <printers.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class Demo : public ServerTest {
protected:
    Result<server::DemoResult> add(const QString &reviewerKey = u"demo-reviewer-key-1234"_s)
    {
        return server::addDemoProject(srv().server(),
                                      {QString::fromLatin1(ServerHarness::kAdminKey), reviewerKey});
    }
};

} // namespace

TEST_P(Demo, TheSeedsRulesRouteItsTracesAndItsReviewerCanCheckThemOut)
{
    auto demo = add();
    ASSERT_TRUE(demo.ok()) << demo.error().toString().toStdString();
    EXPECT_TRUE(demo->created);
    EXPECT_EQ(demo->items, 14) << "16 traces; two are neither low-scored, disliked, slow nor sampled";

    const QJsonArray rules = srv().get(u"/routing-rules"_s).array();
    ASSERT_EQ(rules.size(), 4);
    const QJsonObject queue = srv().get(u"/annotation-queues/"_s + demo->queueId).object();
    EXPECT_EQ(queue.value("name"_L1).toString(), u"production-rag-review"_s);
    EXPECT_EQ(queue.value("rubric"_L1).toObject().value("fields"_L1).toArray().size(), 3);

    const HttpResult me = srv().request("GET", u"/review/me"_s, {}, "demo-reviewer-key-1234");
    ASSERT_EQ(me.status, 200) << me.body.toStdString();
    ASSERT_EQ(me.object().value("queues"_L1).toArray().size(), 1);
    const HttpResult checkout = srv().request(
        "POST", u"/review/checkout"_s, toJson(QJsonObject{{"queue_id"_L1, demo->queueId}, {"limit"_L1, 50}}),
        "demo-reviewer-key-1234");
    ASSERT_EQ(checkout.status, 200) << checkout.body.toStdString();
    const QJsonArray items = checkout.object().value("items"_L1).toArray();
    ASSERT_EQ(items.size(), 14);
    for (const QJsonValue &item : items) {
        const QJsonArray children = item.toObject().value("child_runs"_L1).toArray();
        ASSERT_EQ(children.size(), 2) << "the retriever and the model call";
        bool retrieved = false;
        for (const QJsonValue &c : children)
            retrieved |=
                c.toObject().value("run_type"_L1) == u"retriever"_s &&
                c.toObject().value("outputs"_L1).toObject().value("documents"_L1).toArray().size() == 3;
        EXPECT_TRUE(retrieved);
        EXPECT_FALSE(item.toObject().value("reason"_L1).toString().isEmpty());
    }
}

TEST_P(Demo, ASecondStartChangesNothingAndBadOptionsAreRefused)
{
    auto first = add();
    ASSERT_TRUE(first.ok());
    const qint64 auditBefore = srv().get(u"/audit?limit=1000"_s).array().size();
    auto second = add();
    ASSERT_TRUE(second.ok()) << second.error().toString().toStdString();
    EXPECT_FALSE(second->created);
    EXPECT_EQ(second->queueId, first->queueId);
    EXPECT_EQ(second->items, 14);
    EXPECT_EQ(srv().get(u"/routing-rules"_s).array().size(), 4);
    EXPECT_EQ(srv().get(u"/audit?limit=1000"_s).array().size(), auditBefore);

    auto noAdmin = server::addDemoProject(srv().server(), {QString(), u"demo-reviewer-key-1234"_s});
    ASSERT_FALSE(noAdmin.ok());
    EXPECT_TRUE(noAdmin.error().message.contains(u"--bootstrap-admin-key"_s));
    auto shortKey = add(u"short"_s);
    ASSERT_FALSE(shortKey.ok());
    EXPECT_TRUE(shortKey.error().message.contains(u"at least 16"_s));
}

ASSAY_SERVER_TEST_SUITE(Demo);
