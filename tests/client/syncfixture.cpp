#include "syncfixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace assay::test {

using namespace Qt::StringLiterals;

QJsonObject good()
{
    return QJsonObject{{"overall_quality"_L1, u"good"_s}, {"reviewer_note"_L1, u"fine"_s}};
}

bool Device::sync(int timeoutMs)
{
    bool lastOk = false;
    int cycles = 0;
    auto connection = QObject::connect(engine.get(), &client::SyncEngine::cycleFinished, [&](bool ok) {
        lastOk = ok;
        ++cycles;
    });
    engine->syncNow();
    QElapsedTimer timer, quiet;
    timer.start();
    quiet.start();
    while (timer.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        if (engine->busy())
            quiet.restart();
        else if (cycles > 0 && quiet.elapsed() > 150)
            break;
    }
    QObject::disconnect(connection);
    EXPECT_FALSE(engine->busy()) << "still syncing after " << timeoutMs << " ms";
    return lastOk;
}

Annotation Device::answer(const QString &queueId, const QString &run, const QJsonObject &values,
                          int rubricVersion)
{
    Annotation a;
    a.id = Uuid::v7();
    a.queueId = *Uuid::parse(queueId);
    a.runId = *Uuid::parse(run);
    a.rubricVersion = rubricVersion;
    a.values = values;
    a.submittedAt = Timestamp::now();
    EXPECT_TRUE(store->work().saveAnswer(a).ok());
    engine->answerSaved();
    return a;
}

QList<client::CachedItem> Device::items(const QString &queueId)
{
    auto list = store->cache().items(*Uuid::parse(queueId));
    EXPECT_TRUE(list.ok());
    return list.ok() ? *list : QList<client::CachedItem>();
}

void SyncFixture::SetUp()
{
    ServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure())
        return;
    const QJsonObject rubric = QJsonDocument::fromJson(R"({"fields":[
        {"name":"overall_quality","type":"categorical","options":["good","acceptable","bad"],"required":true},
        {"name":"reviewer_note","type":"freeform"}]})")
                                   .object();
    queue = srv()
                .post(u"/annotation-queues"_s,
                      QJsonObject{{"name"_L1, u"support answers"_s},
                                  {"description"_L1, u"Check the answer against the sources."_s},
                                  {"rubric"_L1, rubric}})
                .object()
                .value("id"_L1)
                .toString();
    QJsonArray batch;
    for (int i = 0; i < 30; ++i) {
        const QString id = Uuid::v7().toString();
        runs.append(id);
        batch.append(QJsonObject{
            {"id"_L1, id},
            {"name"_L1, u"answer %1"_s.arg(i)},
            {"run_type"_L1, u"chain"_s},
            {"session_name"_L1, u"support-bot"_s},
            {"inputs"_L1, QJsonObject{{"question"_L1, u"How do I reset my password? #%1"_s.arg(i)}}},
            {"outputs"_L1, QJsonObject{{"answer"_L1, u"Use the link on the sign-in page."_s}}},
            {"start_time"_L1, u"2026-11-30T08:00:00Z"_s},
            {"end_time"_L1, u"2026-11-30T08:00:02Z"_s}});
    }
    ASSERT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"post"_L1, batch}}).status, 202);
    ASSERT_EQ(
        srv().post(u"/annotation-queues/"_s + queue + u"/runs"_s, QJsonArray::fromStringList(runs)).status,
        200);
}

QByteArray SyncFixture::reviewerKey(const QString &userName)
{
    if (srv().get(u"/admin/users/"_s + userName).status == 404) {
        EXPECT_EQ(srv()
                      .post(u"/admin/users"_s, QJsonObject{{"name"_L1, userName}, {"role"_L1, u"reviewer"_s}})
                      .status,
                  201);
        EXPECT_EQ(srv().request("PUT", u"/annotation-queues/%1/reviewers/%2"_s.arg(queue, userName)).status,
                  204);
    }
    const HttpResult key = srv().post(
        u"/admin/keys"_s, QJsonObject{{"name"_L1, userName + u" device"_s}, {"user_id"_L1, userName}});
    EXPECT_EQ(key.status, 200) << key.body.toStdString();
    return key.object().value("key"_L1).toString().toUtf8();
}

std::unique_ptr<Device> SyncFixture::device(const QByteArray &key, const QString &baseUrl,
                                            client::SyncSettings settings)
{
    auto d = std::make_unique<Device>();
    const QString dir = dirs.filePath(u"device%1"_s.arg(++devices));
    auto store = client::LocalStore::open(dir, u"device%1"_s.arg(devices));
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message.toStdString());
    d->store = std::move(*store);
    d->api = std::make_unique<client::ApiClient>(QUrl(baseUrl.isEmpty() ? srv().baseUrl() : baseUrl), key);
    d->api->setTransferTimeout(3000);
    settings.intervalMs = 3600 * 1000; // tests drive the cycles
    settings.backoffBaseMs = 50;
    settings.backoffCapMs = 200;
    d->engine = std::make_unique<client::SyncEngine>(*d->store, *d->api, settings);
    return d;
}

QHash<QString, int> SyncFixture::appliedOnServer()
{
    QHash<QString, int> applied;
    qint64 after = 0;
    for (;;) {
        const QJsonArray page = srv().get(u"/audit?limit=1000&after=%1"_s.arg(after)).array();
        for (const QJsonValue &e : page) {
            if (e.toObject().value("entity"_L1).toString() == u"annotation")
                ++applied[e.toObject().value("entity_id"_L1).toString()];
            after = qint64(e.toObject().value("seq"_L1).toDouble());
        }
        if (page.size() < 1000)
            return applied;
    }
}

} // namespace assay::test
