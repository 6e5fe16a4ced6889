// The 0.12 SDK's run routes on SQLite and PostgreSQL: POST /api/v2/runs/query pages with next_cursor
// through a project's runs of the last day (or the window asked for), returns only the id and the
// selected fields, and refuses by name what Assay does not answer; GET /api/v2/runs/{id} wants the
// run's project.

#include "serverharness.h"

#include <printers.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class RunsV2Api : public ServerTest {
protected:
    QString postRun(const QString &name, const QString &project, qint64 minutesAgo)
    {
        const QString id = Uuid::v7().toString();
        const HttpResult r = srv().post(
            u"/runs"_s,
            QJsonObject{
                {"id"_L1, id},
                {"name"_L1, name},
                {"run_type"_L1, u"chain"_s},
                {"session_name"_L1, project},
                {"start_time"_L1,
                 Timestamp::fromMicros(Timestamp::now().micros() - minutesAgo * 60'000'000LL).toIso()},
                {"inputs"_L1, QJsonObject{{"question"_L1, name}}},
                {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"thread_id"_L1, u"t-1"_s}}}}}});
        EXPECT_EQ(r.status, 202) << r.body.toStdString();
        return id;
    }
    QString projectId(const QString &name)
    {
        const HttpResult r = srv().get(u"/sessions?name="_s + name);
        return r.array().at(0).toObject().value("id"_L1).toString();
    }
    HttpResult queryV2(QJsonObject body) { return srv().post(u"/api/v2/runs/query"_s, body); }
};

} // namespace

TEST_P(RunsV2Api, QueryPagesThroughTheLastDayOfAProjectWithOnlyTheSelectedFields)
{
    for (int i = 0; i < 5; ++i)
        postRun(u"run-%1"_s.arg(i), u"v2"_s, 10 + i); // run-0 is the newest
    postRun(u"three-days-old"_s, u"v2"_s, 3 * 24 * 60);
    postRun(u"elsewhere"_s, u"other"_s, 5);
    const QString project = projectId(u"v2"_s);
    ASSERT_FALSE(project.isEmpty());

    QStringList names;
    QString cursor;
    int pages = 0;
    do {
        QJsonObject body{
            {"project_ids"_L1, QJsonArray{project}},
            {"page_size"_L1, 2},
            {"selects"_L1, QJsonArray{u"NAME"_s, u"IS_ROOT"_s, u"THREAD_ID"_s, u"LATENCY_SECONDS"_s}}};
        if (!cursor.isEmpty())
            body.insert("cursor"_L1, cursor);
        const HttpResult r = queryV2(body);
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
        for (const QJsonValue &item : r.object().value("items"_L1).toArray()) {
            const QJsonObject run = item.toObject();
            names.append(run.value("name"_L1).toString());
            EXPECT_EQ(QStringList(run.keys()),
                      (QStringList{u"id"_s, u"is_root"_s, u"latency_seconds"_s, u"name"_s, u"thread_id"_s}));
            EXPECT_TRUE(run.value("is_root"_L1).toBool());
            EXPECT_EQ(run.value("thread_id"_L1).toString(), u"t-1"_s);
        }
        cursor = r.object().value("next_cursor"_L1).toString();
        ++pages;
    } while (!cursor.isEmpty() && pages < 10);
    EXPECT_EQ(names, (QStringList{u"run-0"_s, u"run-1"_s, u"run-2"_s, u"run-3"_s, u"run-4"_s}))
        << "newest first, each once, the last day only, this project only";
    EXPECT_EQ(pages, 3);

    // Without selects: the id only. A wider window finds the older run; a filter narrows.
    const HttpResult wide = queryV2(
        QJsonObject{{"project_ids"_L1, QJsonArray{project}},
                    {"min_start_time"_L1,
                     Timestamp::fromMicros(Timestamp::now().micros() - 4 * 86'400'000'000LL).toIso()}});
    ASSERT_EQ(wide.status, 200) << wide.body.toStdString();
    const QJsonArray all = wide.object().value("items"_L1).toArray();
    EXPECT_EQ(all.size(), 6);
    EXPECT_EQ(QStringList(all.at(0).toObject().keys()), QStringList{u"id"_s});
    const HttpResult filtered = queryV2(QJsonObject{{"project_ids"_L1, QJsonArray{project}},
                                                    {"filter"_L1, u"eq(name, \"run-3\")"_s},
                                                    {"selects"_L1, QJsonArray{u"NAME"_s}}});
    ASSERT_EQ(filtered.status, 200);
    ASSERT_EQ(filtered.object().value("items"_L1).toArray().size(), 1);
    EXPECT_EQ(filtered.object().value("items"_L1).toArray().at(0)["name"_L1].toString(), u"run-3"_s);
    const HttpResult before = queryV2(QJsonObject{
        {"project_ids"_L1, QJsonArray{project}},
        {"max_start_time"_L1, Timestamp::fromMicros(Timestamp::now().micros() - 12 * 60'000'000LL).toIso()}});
    EXPECT_EQ(before.object().value("items"_L1).toArray().size(), 3)
        << "run-2, run-3 and run-4 started before";
}

TEST_P(RunsV2Api, WhatAssayDoesNotAnswerIsRefusedByName)
{
    const QString project = (postRun(u"x"_s, u"v2"_s, 1), projectId(u"v2"_s));
    const auto refused = [&](const QJsonObject &body) { return queryV2(body); };
    const HttpResult noProject = refused(QJsonObject{{"page_size"_L1, 10}});
    EXPECT_EQ(noProject.status, 400);
    EXPECT_TRUE(noProject.detail().startsWith(u"project_ids: "_s)) << noProject.body.toStdString();
    for (const char *field : {"ai_search", "reference_dataset_id", "min_feedback_modified_at"}) {
        const HttpResult r =
            refused(QJsonObject{{"project_ids"_L1, QJsonArray{project}}, {QLatin1StringView(field), u"x"_s}});
        EXPECT_EQ(r.status, 400) << field;
        EXPECT_EQ(r.detail(), QString::fromLatin1(field) + u": is not supported by Assay"_s);
    }
    const HttpResult badSelect = refused(QJsonObject{{"project_ids"_L1, QJsonArray{project}},
                                                     {"selects"_L1, QJsonArray{u"NAME"_s, u"NOPE"_s}}});
    EXPECT_EQ(badSelect.status, 400);
    EXPECT_TRUE(badSelect.detail().startsWith(u"selects[1]: unknown field NOPE"_s))
        << badSelect.body.toStdString();
    const HttpResult badFilter =
        refused(QJsonObject{{"project_ids"_L1, QJsonArray{project}}, {"filter"_L1, u"eq(name"_s}});
    EXPECT_EQ(badFilter.status, 400);
    EXPECT_TRUE(badFilter.detail().startsWith(u"filter:1:"_s)) << badFilter.body.toStdString();
    EXPECT_EQ(refused(QJsonObject{{"project_ids"_L1, QJsonArray{project}}, {"page_size"_L1, 5000}}).status,
              400);
}

TEST_P(RunsV2Api, RetrieveWantsTheRunsProject)
{
    const QString id = postRun(u"one"_s, u"v2"_s, 1);
    postRun(u"other"_s, u"elsewhere"_s, 1);
    const QString project = projectId(u"v2"_s);
    const HttpResult found = srv().get(
        u"/api/v2/runs/%1?project_id=%2&selects=NAME&selects=INPUTS&selects=PROJECT_ID"_s.arg(id, project));
    ASSERT_EQ(found.status, 200) << found.body.toStdString();
    EXPECT_EQ(found.object().value("name"_L1).toString(), u"one"_s);
    EXPECT_EQ(found.object().value("inputs"_L1).toObject().value("question"_L1).toString(), u"one"_s);
    EXPECT_EQ(found.object().value("project_id"_L1).toString(), project);
    EXPECT_EQ(srv().get(u"/api/v2/runs/%1?project_id=%2"_s.arg(id, projectId(u"elsewhere"_s))).status, 404);
    EXPECT_EQ(srv().get(u"/api/v2/runs/%1"_s.arg(id)).status, 400);
    EXPECT_EQ(srv().get(u"/api/v2/runs/%1?project_id=%2&selects=NOPE"_s.arg(id, project)).status, 400);
}

INSTANTIATE_TEST_SUITE_P(Db, RunsV2Api, ::testing::Values(Dialect::Sqlite, Dialect::Postgres), dialectName);
