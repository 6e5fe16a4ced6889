// Two assay-server processes on one PostgreSQL database: concurrent checkouts never lease one item
// to two reviewers, concurrent ingest routes each run once, and a replayed answer is stored once.

#include "serverharness.h"

#include <printers.h>

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QTimer>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kKey = "scaleout-admin-key-Q7w2E9r4T6y1U8i3";

class ServerProcess {
public:
    bool start(const QString &databaseUrl)
    {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(QStringLiteral(ASSAY_SERVER_EXE),
                        {u"serve"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--database"_s, databaseUrl,
                         u"--bootstrap-admin-key"_s, QString::fromLatin1(kKey)});
        if (!m_process.waitForReadyRead(30000))
            return false;
        const QString line = QString::fromUtf8(m_process.readLine());
        const qsizetype at = line.indexOf(u"127.0.0.1:"_s);
        port = line.mid(at + 10, line.indexOf(u'/', at) - at - 10).toUShort();
        return port != 0;
    }
    ~ServerProcess()
    {
        m_process.terminate();
        m_process.waitForFinished(10000);
    }
    quint16 port = 0;

private:
    QProcess m_process;
};

class Client {
public:
    QNetworkReply *send(quint16 port, const QByteArray &method, const QString &path, const QJsonValue &body,
                        const QByteArray &key = kKey)
    {
        QNetworkRequest r(QUrl(u"http://127.0.0.1:%1/api/v1%2"_s.arg(port).arg(path)));
        r.setRawHeader("x-api-key", key);
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        return m_nam.sendCustomRequest(r, method, body.isNull() ? QByteArray() : toJson(body));
    }
    // Waits for all replies and returns their bodies, in order.
    QList<QJsonValue> wait(const QList<QNetworkReply *> &replies)
    {
        QEventLoop loop;
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        for (QNetworkReply *r : replies)
            QObject::connect(r, &QNetworkReply::finished, &loop, [&] {
                if (std::all_of(replies.begin(), replies.end(),
                                [](QNetworkReply *x) { return x->isFinished(); }))
                    loop.quit();
            });
        if (!std::all_of(replies.begin(), replies.end(), [](QNetworkReply *x) { return x->isFinished(); }))
            loop.exec();
        QList<QJsonValue> out;
        for (QNetworkReply *r : replies) {
            const QJsonDocument doc = QJsonDocument::fromJson(r->readAll());
            out.append(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
            r->deleteLater();
        }
        return out;
    }
    QJsonValue call(quint16 port, const QByteArray &method, const QString &path,
                    const QJsonValue &body = QJsonValue::Null)
    {
        return wait({send(port, method, path, body)}).first();
    }

private:
    QNetworkAccessManager m_nam;
};

} // namespace

TEST(ScaleOut, TwoServersOnOnePostgresDatabase)
{
    TestDatabase db(Dialect::Postgres);
    if (!db.url()) {
        if (qEnvironmentVariableIsEmpty("CI"))
            GTEST_SKIP() << db.skipReason().toStdString();
        FAIL() << db.skipReason().toStdString();
    }
    const server::DatabaseUrl &u = *db.url();
    const QString url = u"postgresql://%1@%2:%3/%4"_s.arg(u.user, u.host).arg(u.port).arg(u.database);
    ServerProcess a, b;
    ASSERT_TRUE(a.start(url)); // the first one migrates the empty database
    ASSERT_TRUE(b.start(url));
    Client c;

    const QJsonObject rubric{
        {"fields"_L1, QJsonArray{QJsonObject{{"name"_L1, u"note"_s}, {"type"_L1, u"freeform"_s}}}}};
    const QString queue = c.call(a.port, "POST", u"/annotation-queues"_s,
                                 QJsonObject{{"name"_L1, u"shared"_s}, {"rubric"_L1, rubric}})
                              .toObject()
                              .value("id"_L1)
                              .toString();
    const QString routed =
        c.call(a.port, "POST", u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"routed"_s}})
            .toObject()
            .value("id"_L1)
            .toString();
    c.call(b.port, "POST", u"/routing-rules"_s,
           QJsonObject{
               {"name"_L1, u"all"_s}, {"queue_id"_L1, routed}, {"filter"_L1, u"eq(run_type, \"chain\")"_s}});
    QJsonArray post;
    QStringList runIds;
    for (int i = 0; i < 60; ++i) {
        runIds.append(Uuid::v7().toString());
        post.append(QJsonObject{{"id"_L1, runIds.last()},
                                {"name"_L1, u"r"_s},
                                {"run_type"_L1, u"chain"_s},
                                {"start_time"_L1, u"2026-11-30T08:00:00Z"_s},
                                {"end_time"_L1, u"2026-11-30T08:00:01Z"_s}});
    }
    // The same batch to both servers at once: each run is routed once.
    c.wait({c.send(a.port, "POST", u"/runs/batch"_s, QJsonObject{{"post"_L1, post}}),
            c.send(b.port, "POST", u"/runs/batch"_s, QJsonObject{{"post"_L1, post}})});
    EXPECT_EQ(c.call(a.port, "GET", u"/annotation-queues/"_s + routed + u"/size"_s)
                  .toObject()
                  .value("size"_L1)
                  .toInt(),
              60);
    c.call(a.port, "POST", u"/annotation-queues/"_s + queue + u"/runs"_s, QJsonArray::fromStringList(runIds));

    QList<QByteArray> reviewers;
    for (int i = 0; i < 6; ++i) {
        const QJsonObject k = c.call(b.port, "POST", u"/admin/keys"_s,
                                     QJsonObject{{"name"_L1, u"r%1"_s.arg(i)}, {"role"_L1, u"reviewer"_s}})
                                  .toObject();
        c.call(a.port, "PUT",
               u"/annotation-queues/%1/reviewers/%2"_s.arg(queue, k.value("id"_L1).toString()));
        reviewers.append(k.value("key"_L1).toString().toUtf8());
    }
    // Six reviewers check out ten items each, at the same time, half through each server.
    QList<QNetworkReply *> checkouts;
    for (int i = 0; i < 6; ++i)
        checkouts.append(c.send(i % 2 ? b.port : a.port, "POST", u"/review/checkout"_s,
                                QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 10}}, reviewers[i]));
    QSet<QString> leased;
    int total = 0;
    for (const QJsonValue &answer : c.wait(checkouts)) {
        const QJsonArray items = answer.toObject().value("items"_L1).toArray();
        EXPECT_EQ(items.size(), 10) << toJson(answer).left(300).toStdString();
        for (const QJsonValue &item : items) {
            leased.insert(item.toObject().value("run"_L1).toObject().value("id"_L1).toString());
            ++total;
        }
    }
    EXPECT_EQ(total, 60);
    EXPECT_EQ(leased.size(), 60) << "no item was leased to two reviewers";

    // One answer sent to both servers at once is stored once, with one set of feedback rows.
    const QJsonObject answer{{"id"_L1, Uuid::v7().toString()},
                             {"queue_id"_L1, queue},
                             {"run_id"_L1, runIds[0]},
                             {"rubric_version"_L1, 1},
                             {"values"_L1, QJsonObject{{"note"_L1, u"fine"_s}}},
                             {"submitted_at"_L1, u"2026-11-30T09:00:00Z"_s}};
    c.wait({c.send(a.port, "POST", u"/review/submit"_s, QJsonObject{{"annotations"_L1, QJsonArray{answer}}},
                   reviewers[0]),
            c.send(b.port, "POST", u"/review/submit"_s, QJsonObject{{"annotations"_L1, QJsonArray{answer}}},
                   reviewers[0])});
    EXPECT_EQ(c.call(b.port, "GET", u"/feedback?run="_s + runIds[0] + u"&source=app"_s).toArray().size(), 1);
}
