// Datasets and examples over HTTP, on SQLite and PostgreSQL, with the SDK's captured multipart upload.

#include "serverharness.h"

#include <printers.h>
#include <testdata.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class DatasetsApi : public ServerTest {
protected:
    const QString datasetId = u"a34fa8f6-8f9b-48e6-9264-c8d6f9f372b3"_s;
    const QString runId = u"018f0000-0000-7000-8000-000000000001"_s;

    void createDataset()
    {
        const HttpResult r =
            srv().post(u"/datasets"_s, QJsonObject{{"id"_L1, datasetId},
                                                   {"name"_L1, u"d"_s},
                                                   {"description"_L1, u"x"_s},
                                                   {"extra"_L1, QJsonObject{{"source"_L1, u"sdk"_s}}}});
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
    }

    WireRequest upload()
    {
        for (const WireRequest &r : loadWire(u"wire-api-apiv1.jsonl"_s))
            if (r.url.contains(u"/platform/datasets/"_s))
                return r;
        throw std::runtime_error("no upload in the fixture");
    }
};

} // namespace

TEST_P(DatasetsApi, CrudAndExactNameLookups)
{
    createDataset();
    const HttpResult byId = srv().get(u"/datasets/"_s + datasetId + u"?limit=1"_s);
    ASSERT_EQ(byId.status, 200);
    EXPECT_EQ(byId.object().value("name"_L1).toString(), u"d"_s);
    EXPECT_EQ(byId.object().value("example_count"_L1).toInt(), 0);
    EXPECT_EQ(srv().get(u"/datasets?limit=1&name=d"_s).array().size(), 1);
    EXPECT_EQ(srv().get(u"/datasets?name=D"_s).array().size(), 0) << "exact";
    EXPECT_EQ(srv().get(u"/datasets?name_contains=D"_s).array().size(), 1);
    EXPECT_EQ(srv().post(u"/datasets"_s, QJsonObject{{"name"_L1, u"d"_s}}).status, 409);
    const QString otherId =
        srv().post(u"/datasets"_s, QJsonObject{{"name"_L1, u"other"_s}}).object().value("id"_L1).toString();
    const HttpResult renamedOntoTaken =
        srv().patch(u"/datasets/"_s + otherId, QJsonObject{{"name"_L1, u"d"_s}});
    EXPECT_EQ(renamedOntoTaken.status, 409);
    EXPECT_EQ(renamedOntoTaken.detail(), u"a dataset named 'd' already exists"_s);
    EXPECT_EQ(srv().get(u"/datasets/"_s + otherId).object().value("name"_L1).toString(), u"other"_s)
        << "unchanged";
    EXPECT_EQ(srv().patch(u"/datasets/"_s + datasetId, QJsonObject{{"name"_L1, u"d"_s}}).status, 200)
        << "keeping its own name is not a clash";
    EXPECT_EQ(srv()
                  .patch(u"/datasets/"_s + datasetId, QJsonObject{{"description"_L1, u"y"_s}})
                  .object()
                  .value("description"_L1)
                  .toString(),
              u"y"_s);
    EXPECT_EQ(
        srv().post(u"/datasets"_s, QJsonObject{{"name"_L1, u"e"_s}, {"data_type"_L1, u"graph"_s}}).detail(),
        u"data_type: expected kv, llm or chat, got 'graph'"_s);
    EXPECT_EQ(srv().del(u"/datasets/"_s + datasetId).status, 204);
    EXPECT_EQ(srv().get(u"/datasets/"_s + datasetId).status, 404);
}

TEST_P(DatasetsApi, TheSdksMultipartUploadCreatesExamplesInPartOrder)
{
    createDataset();
    const WireRequest r = upload();
    const HttpResult res =
        srv().request("POST", r.url.mid(7), r.body, ServerHarness::kAdminKey, r.contentType);
    ASSERT_EQ(res.status, 200) << res.body.toStdString();
    EXPECT_EQ(res.object().value("count"_L1).toInt(), 1);
    const QString exampleId = res.object().value("example_ids"_L1).toArray().at(0).toString();
    EXPECT_EQ(exampleId, u"a896f12c-6d00-44d3-abc0-3a7218112c40"_s) << "the client's id is kept";
    const QJsonObject e = srv().get(u"/examples/"_s + exampleId).object();
    EXPECT_EQ(e.value("inputs"_L1).toObject(), (QJsonObject{{"q"_L1, 1}}));
    EXPECT_EQ(e.value("outputs"_L1).toObject(), (QJsonObject{{"a"_L1, 2}}));
    EXPECT_EQ(e.value("split"_L1).toString(), u"train"_s);
    EXPECT_EQ(e.value("source_run_id"_L1).toString(), runId);
    EXPECT_EQ(srv()
                  .get(u"/examples?dataset="_s + datasetId + u"&inline_s3_urls=true&offset=0&limit=100"_s)
                  .array()
                  .size(),
              1);
    EXPECT_EQ(srv().get(u"/examples?dataset="_s + datasetId + u"&offset=1"_s).array().size(), 0);
    EXPECT_EQ(srv().get(u"/datasets/"_s + datasetId).object().value("example_count"_L1).toInt(), 1);
    EXPECT_EQ(srv().del(u"/examples/"_s + exampleId).status, 204);
    EXPECT_EQ(srv().get(u"/examples/"_s + exampleId).status, 404);
}

namespace {

// A multipart body of JSON parts, as the SDK's FormData sends it.
QByteArray formData(const QList<std::pair<QString, QJsonObject>> &parts)
{
    QByteArray body;
    for (const auto &[name, json] : parts)
        body += "--b0undary\r\nContent-Disposition: form-data; name=\"" + name.toUtf8() +
                "\"\r\nContent-Type: application/json\r\n\r\n" + toJson(json) + "\r\n";
    return body + "--b0undary--\r\n";
}

} // namespace

TEST_P(DatasetsApi, TheSdksUpdateReplacesWhatItNamesAndDeletesRemoveExamples)
{
    createDataset();
    const WireRequest r = upload();
    ASSERT_EQ(srv().request("POST", r.url.mid(7), r.body, ServerHarness::kAdminKey, r.contentType).status,
              200);
    const QString id = u"a896f12c-6d00-44d3-abc0-3a7218112c40"_s;
    const QByteArray type = "multipart/form-data; boundary=b0undary";
    const QString route = u"/platform/datasets/%1/examples"_s.arg(datasetId);
    const HttpResult updated =
        srv().request("PATCH", route,
                      formData({{id, QJsonObject{{"metadata"_L1, QJsonObject{{"reviewed"_L1, true}}}}},
                                {id + u".outputs"_s, QJsonObject{{"a"_L1, 3}}}}),
                      ServerHarness::kAdminKey, type);
    ASSERT_EQ(updated.status, 200) << updated.body.toStdString();
    EXPECT_EQ(updated.object().value("example_ids"_L1).toArray(), QJsonArray{id});
    const QJsonObject e = srv().get(u"/examples/"_s + id).object();
    EXPECT_EQ(e.value("metadata"_L1).toObject(), (QJsonObject{{"reviewed"_L1, true}}));
    EXPECT_EQ(e.value("outputs"_L1).toObject(), (QJsonObject{{"a"_L1, 3}}));
    EXPECT_EQ(e.value("inputs"_L1).toObject(), (QJsonObject{{"q"_L1, 1}})) << "not named: kept";
    EXPECT_EQ(e.value("split"_L1).toString(), u"train"_s);
    const QString stranger = Uuid::v7().toString();
    const HttpResult missing =
        srv().request("PATCH", route, formData({{stranger, QJsonObject{{"split"_L1, u"test"_s}}}}),
                      ServerHarness::kAdminKey, type);
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.detail(), u"%1: example %1 not found in dataset %2"_s.arg(stranger, datasetId));

    // Deleting several (the SDK's soft delete) and the hard delete: both remove, an unknown id removes none.
    QStringList ids;
    for (int i = 0; i < 3; ++i) {
        const QString made = Uuid::v7().toString();
        ASSERT_EQ(
            srv()
                .request("POST", route,
                         formData({{made, QJsonObject{}}, {made + u".inputs"_s, QJsonObject{{"i"_L1, i}}}}),
                         ServerHarness::kAdminKey, type)
                .status,
            200);
        ids.append(made);
    }
    const HttpResult unknown = srv().del(u"/examples?example_ids=%1&example_ids=%2"_s.arg(ids[0], stranger));
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(srv().get(u"/examples/"_s + ids[0]).status, 200) << "nothing deleted";
    const HttpResult soft = srv().del(u"/examples?example_ids=%1&example_ids=%2"_s.arg(ids[0], ids[1]));
    ASSERT_EQ(soft.status, 200) << soft.body.toStdString();
    EXPECT_EQ(srv().get(u"/examples/"_s + ids[0]).status, 404);
    const HttpResult hard =
        srv().post(u"/platform/datasets/examples/delete"_s,
                   QJsonObject{{"example_ids"_L1, QJsonArray{ids[2], id}}, {"hard_delete"_L1, true}});
    ASSERT_EQ(hard.status, 200) << hard.body.toStdString();
    EXPECT_EQ(srv().get(u"/datasets/"_s + datasetId).object().value("example_count"_L1).toInt(), 0);
    EXPECT_EQ(srv().auditEntries(u"delete"_s).size(), 4);
}

TEST_P(DatasetsApi, RunsBecomeExamplesWithTheirInputsAndOutputs)
{
    createDataset();
    ASSERT_EQ(srv()
                  .post(u"/runs"_s, QJsonObject{{"id"_L1, runId},
                                                {"name"_L1, u"r"_s},
                                                {"inputs"_L1, QJsonObject{{"question"_L1, u"q"_s}}},
                                                {"outputs"_L1, QJsonObject{{"answer"_L1, u"a"_s}}}})
                  .status,
              202);
    const HttpResult added =
        srv().post(u"/datasets/"_s + datasetId + u"/runs"_s, QJsonObject{{"run_ids"_L1, QJsonArray{runId}}});
    ASSERT_EQ(added.status, 200) << added.body.toStdString();
    EXPECT_EQ(added.array().at(0).toObject().value("outputs"_L1).toObject().value("answer"_L1).toString(),
              u"a"_s);
    ASSERT_EQ(
        srv()
            .post(u"/datasets/"_s + datasetId + u"/runs"_s, QJsonObject{{"run_ids"_L1, QJsonArray{runId}}})
            .status,
        200);
    EXPECT_EQ(srv().get(u"/examples?dataset="_s + datasetId).array().size(), 1) << "a replay adds nothing";
    const HttpResult missing = srv().post(u"/datasets/"_s + datasetId + u"/runs"_s,
                                          QJsonObject{{"run_ids"_L1, QJsonArray{Uuid::v7().toString()}}});
    EXPECT_EQ(missing.status, 404);
    EXPECT_TRUE(missing.detail().contains(u"not found"_s));
}

TEST_P(DatasetsApi, BrokenUploadsAreRefusedAndWriteNothing)
{
    createDataset();
    const WireRequest r = upload();
    const QString path = r.url.mid(7);
    EXPECT_EQ(srv().request("POST", path, r.body, ServerHarness::kAdminKey, "application/json").status, 415);
    const HttpResult half =
        srv().request("POST", path, r.body.left(r.body.size() / 2), ServerHarness::kAdminKey, r.contentType);
    EXPECT_EQ(half.status, 400);
    EXPECT_EQ(half.detail(), u"part 1: headers are not terminated by an empty line"_s);
    const HttpResult cut =
        srv().request("POST", path, r.body.chopped(30), ServerHarness::kAdminKey, r.contentType);
    EXPECT_EQ(cut.status, 400);
    EXPECT_EQ(
        cut.detail(),
        u"part 'a896f12c-6d00-44d3-abc0-3a7218112c40.outputs' is not closed by the boundary (the body may be cut short)"_s);
    QByteArray badJson = r.body;
    badJson.replace("{\"q\":1}", "{\"q\":1");
    const HttpResult broken = srv().request("POST", path, badJson, ServerHarness::kAdminKey, r.contentType);
    EXPECT_EQ(broken.status, 400);
    EXPECT_TRUE(broken.detail().startsWith(u"a896f12c-6d00-44d3-abc0-3a7218112c40.inputs: "_s))
        << broken.detail().toStdString();
    QByteArray copyMissingRun = r.body;
    copyMissingRun.replace("\"split\":\"train\"", "\"use_source_run_io\":true");
    EXPECT_EQ(srv().request("POST", path, copyMissingRun, ServerHarness::kAdminKey, r.contentType).status,
              404);
    EXPECT_EQ(srv().get(u"/examples?dataset="_s + datasetId).array().size(), 0);
    EXPECT_EQ(srv()
                  .request("POST", u"/platform/datasets/"_s + Uuid::v7().toString() + u"/examples"_s, r.body,
                           ServerHarness::kAdminKey, r.contentType)
                  .status,
              404);
}

ASSAY_SERVER_TEST_SUITE(DatasetsApi);
