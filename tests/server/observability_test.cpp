// What the server tells its operators: GET /metrics in Prometheus' text format (with an admin key, or on
// the --metrics-listen address without one) and the request log (--access-log, --log-format json).

#include "observability/metrics.h"
#include "observability/requestlog.h"
#include "rawclient.h"
#include "reviewprogram.h"

#include <printers.h>

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

// The samples of a text exposition: "name{labels}" -> value. Fails the test on a line that is neither a
// comment nor a sample, so a malformed exposition cannot pass.
QHash<QString, double> parseExposition(const QByteArray &text)
{
    static const QRegularExpression sample(uR"(^([a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})?) (\S+)$)"_s);
    QHash<QString, double> samples;
    for (const QByteArray &raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.isEmpty() || line.startsWith(u"# HELP "_s) || line.startsWith(u"# TYPE "_s))
            continue;
        const auto m = sample.match(line);
        if (!m.hasMatch()) {
            ADD_FAILURE() << "not a sample: " << line.toStdString();
            continue;
        }
        bool ok = false;
        samples.insert(m.captured(1), m.captured(3).toDouble(&ok));
        EXPECT_TRUE(ok) << line.toStdString();
    }
    return samples;
}

} // namespace

class MetricsEndpoint : public ServerTest {};

TEST_P(MetricsEndpoint, CountRequestsIngestQueueDepthLeasesAndRules)
{
    const QString queue = createQueue(srv(), u"metered \"queue\""_s, R"({"fields":[]})");
    ASSERT_EQ(srv()
                  .post(u"/routing-rules"_s, QJsonObject{{"name"_L1, u"all-chains"_s},
                                                         {"queue_id"_L1, queue},
                                                         {"filter"_L1, u"eq(run_type, \"chain\")"_s}})
                  .status,
              200);
    queueNewRuns(srv(), queue, 3); // 3 runs ingested (no run_type: the rule does not match them)
    QJsonArray chains;
    for (int i = 0; i < 2; ++i)
        chains.append(QJsonObject{{"id"_L1, Uuid::v7().toString()},
                                  {"name"_L1, u"c"_s},
                                  {"run_type"_L1, u"chain"_s},
                                  {"start_time"_L1, u"2026-12-01T08:00:00Z"_s},
                                  {"end_time"_L1, u"2026-12-01T08:00:01Z"_s}});
    ASSERT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"post"_L1, chains}}).status, 202);
    const QueueReviewer alice = addQueueReviewer(srv(), queue, u"alice"_s);
    ASSERT_EQ(srv()
                  .request("POST", u"/review/checkout"_s,
                           toJson(QJsonObject{{"queue_id"_L1, queue}, {"count"_L1, 1}}), alice.key)
                  .status,
              200);
    EXPECT_EQ(srv().request("GET", u"/runs/not-a-run"_s).status, 422);

    // Rule counters reach the database once a second.
    QHash<QString, double> m;
    const QString ruleMatched = u"assay_rule_matched_runs_total{rule_id="_s;
    for (int attempt = 0; attempt < 40; ++attempt) {
        const HttpResult r = srv().get(u"/metrics"_s);
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
        EXPECT_TRUE(r.headers.value("content-type").startsWith("text/plain; version=0.0.4"));
        m = parseExposition(r.body);
        bool matched = false;
        for (auto it = m.cbegin(); it != m.cend(); ++it)
            matched = matched || (it.key().startsWith(ruleMatched) && it.value() == 2);
        if (matched)
            break;
        QThread::msleep(100);
    }
    const QString q = u"queue_id=\"%1\",queue=\"metered \\\"queue\\\"\""_s.arg(queue);
    EXPECT_EQ(m.value(u"assay_queue_open_items{%1}"_s.arg(q), -1), 5); // 3 queued + 2 routed
    EXPECT_EQ(m.value(u"assay_queue_open_leases{%1}"_s.arg(q), -1), 1);
    EXPECT_EQ(m.value(u"assay_runs_ingested_total"_s, -1), 5);
    EXPECT_EQ(m.value(u"assay_http_requests_total{route=\"runs\",code=\"202\"}"_s), 2);
    EXPECT_EQ(m.value(u"assay_http_requests_total{route=\"runs\",code=\"422\"}"_s), 1);
    EXPECT_EQ(m.value(u"assay_http_requests_total{route=\"review\",code=\"200\"}"_s), 1);
    bool ruleSeen = false;
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        if (it.key().startsWith(ruleMatched)) {
            ruleSeen = true;
            EXPECT_EQ(it.value(), 2) << it.key().toStdString();
            EXPECT_TRUE(it.key().contains(u"rule=\"all-chains\""_s)) << it.key().toStdString();
        }
    EXPECT_TRUE(ruleSeen);

    // The histogram adds up: cumulative buckets never fall, +Inf is the count, the count is the
    // requests of every status.
    for (const QString &family : {u"runs"_s, u"annotation-queues"_s}) {
        double previous = 0;
        for (double le : server::Metrics::kLatencyBuckets) {
            const double v = m.value(
                u"assay_http_request_duration_seconds_bucket{route=\"%1\",le=\"%2\"}"_s.arg(family).arg(le),
                -1);
            EXPECT_GE(v, previous) << family.toStdString() << " le=" << le;
            previous = v;
        }
        const double count =
            m.value(u"assay_http_request_duration_seconds_count{route=\"%1\"}"_s.arg(family), -1);
        EXPECT_EQ(
            m.value(u"assay_http_request_duration_seconds_bucket{route=\"%1\",le=\"+Inf\"}"_s.arg(family)),
            count);
        double byStatus = 0;
        for (auto it = m.cbegin(); it != m.cend(); ++it)
            if (it.key().startsWith(u"assay_http_requests_total{route=\"%1\","_s.arg(family)))
                byStatus += it.value();
        EXPECT_EQ(byStatus, count) << family.toStdString();
        EXPECT_GT(count, 0);
    }
    EXPECT_GT(m.value(u"assay_database_seconds_total{route=\"runs\"}"_s), 0);

    // Only admins read it on the API's address.
    const QByteArray member =
        srv()
            .post(u"/admin/keys"_s, QJsonObject{{"name"_L1, u"m"_s}, {"role"_L1, u"member"_s}})
            .object()
            .value("key"_L1)
            .toString()
            .toUtf8();
    EXPECT_EQ(srv().request("GET", u"/metrics"_s, {}, member).status, 403);
    EXPECT_EQ(srv().request("GET", u"/metrics"_s, {}, {}).status, 401);
}

ASSAY_SERVER_TEST_SUITE(MetricsEndpoint);

TEST(MetricsListener, AnswersMetricsAndProbesWithoutAKeyAndNothingElse)
{
    ServerHarness srv(Dialect::Sqlite);
    ASSERT_TRUE(srv.started());
    auto port = srv.server().listenForMetrics(QHostAddress::LocalHost, 0);
    ASSERT_TRUE(port) << port.error().message.toStdString();
    auto get = [&](const QByteArray &method, const QByteArray &path, const QByteArray &headers = {}) {
        RawClient c(*port);
        c.send(method + ' ' + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n" +
               headers + "\r\n");
        return c.waitFor("\r\n\r\n");
    };
    const QByteArray metrics = get("GET", "/metrics");
    EXPECT_TRUE(metrics.startsWith("HTTP/1.1 200")) << metrics.toStdString();
    EXPECT_TRUE(get("GET", "/healthz").startsWith("HTTP/1.1 200"));
    EXPECT_TRUE(get("GET", "/api/v1/readyz").startsWith("HTTP/1.1 200"));
    // The API is not there, with a key or without.
    EXPECT_TRUE(get("GET", "/api/v1/annotation-queues").startsWith("HTTP/1.1 404"));
    EXPECT_TRUE(
        get("GET", "/api/v1/annotation-queues", "x-api-key: " + QByteArray(ServerHarness::kAdminKey) + "\r\n")
            .startsWith("HTTP/1.1 404"));
    EXPECT_TRUE(get("POST", "/api/v1/runs").startsWith("HTTP/1.1 404"));
    EXPECT_TRUE(get("GET", "/info").startsWith("HTTP/1.1 404"));
}

TEST(RequestLog, LinesCarryTheRequestAndNoSecret)
{
    server::RequestRecord r{"abc123",    u"POST"_s,    u"/feedback/tokens/{token}"_s, 201, 0.01234,
                            u"key:k1"_s, u"10.0.0.9"_s};
    const QByteArray json = server::requestLogLine(server::LogFormat::Json, r);
    ASSERT_TRUE(json.endsWith('\n'));
    EXPECT_EQ(json.count('\n'), 1);
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    EXPECT_EQ(o.value("request_id"_L1).toString(), u"abc123"_s);
    EXPECT_EQ(o.value("route"_L1).toString(), u"/feedback/tokens/{token}"_s);
    EXPECT_EQ(o.value("status"_L1).toInt(), 201);
    EXPECT_DOUBLE_EQ(o.value("duration_ms"_L1).toDouble(), 12.34);
    EXPECT_EQ(o.value("principal"_L1).toString(), u"key:k1"_s);
    EXPECT_FALSE(o.value("time"_L1).toString().isEmpty());
    const QByteArray text = server::requestLogLine(server::LogFormat::Text, r);
    EXPECT_TRUE(text.contains(" POST /feedback/tokens/{token} 201 12.3 ms key:k1 10.0.0.9 id=abc123\n"))
        << text.toStdString();
    EXPECT_TRUE(server::requestLogLine(server::LogFormat::None, r).isEmpty());
    EXPECT_FALSE(server::parseLogFormat(u"xml"_s));
}

// The executable with --log-format json --access-log: every line of stderr is a JSON object; each request
// has its line with the request id the client sent, and no key or token appears anywhere.
TEST(RequestLog, TheExecutableLogsEachRequestAsJsonWithoutSecrets)
{
    QTemporaryDir dir;
    const QByteArray adminKey = "Lq9vN3kLw2Rt5Yp7Hd9Jf4Gs6Xc1Bm0AeZ";
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"ASSAY_BOOTSTRAP_ADMIN_KEY"_s, QString::fromLatin1(adminKey));
    env.insert(u"ASSAY_LOG_FORMAT"_s, u"json"_s);
    env.insert(u"ASSAY_ACCESS_LOG"_s, u"true"_s);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ASSAY_SERVER_EXE),
            {u"serve"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--database"_s, dir.filePath(u"s.db"_s)});
    ASSERT_TRUE(p.waitForReadyRead(30000)) << p.readAllStandardError().toStdString();
    const QString line = QString::fromUtf8(p.readLine());
    const auto portMatch = QRegularExpression(u"127\\.0\\.0\\.1:(\\d+)/api/v1"_s).match(line);
    ASSERT_TRUE(portMatch.hasMatch()) << line.toStdString();
    const quint16 port = quint16(portMatch.captured(1).toUInt());
    const QByteArray token = "tok-secret-in-the-path-0123456789";
    for (const QByteArray &request :
         {QByteArray("GET /api/v1/annotation-queues HTTP/1.1\r\nHost: x\r\nx-api-key: ") + adminKey +
              "\r\nx-request-id: trace-42\r\nConnection: close\r\n\r\n",
          QByteArray("GET /api/v1/feedback/tokens/") + token +
              " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
          QByteArray("GET /api/v1/annotation-queues?secret=") + token +
              " HTTP/1.1\r\nHost: x\r\nx-api-key: wrong-" + adminKey + "\r\nConnection: close\r\n\r\n"}) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port);
        ASSERT_TRUE(s.waitForConnected(5000));
        s.write(request);
        s.waitForBytesWritten(5000);
        while (s.state() == QAbstractSocket::ConnectedState && s.waitForReadyRead(5000))
            s.readAll();
    }
    p.terminate();
    ASSERT_TRUE(p.waitForFinished(30000));
    const QByteArray err = p.readAllStandardError();
    EXPECT_FALSE(err.contains(token)) << err.toStdString();
    EXPECT_FALSE(err.contains(adminKey.mid(4))) << err.toStdString();
    QList<QJsonObject> requests;
    for (const QByteArray &raw : err.split('\n')) {
        if (raw.isEmpty() || raw.startsWith("assay-server: ")) // the plain lines of starting and stopping
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(raw, &error);
        EXPECT_TRUE(doc.isObject()) << "not a JSON line: " << raw.toStdString();
        if (doc.object().value("msg"_L1).toString() == u"request")
            requests.append(doc.object());
    }
    ASSERT_EQ(requests.size(), 3) << err.toStdString();
    EXPECT_EQ(requests[0].value("request_id"_L1).toString(), u"trace-42"_s);
    EXPECT_EQ(requests[0].value("route"_L1).toString(), u"/annotation-queues"_s);
    EXPECT_EQ(requests[0].value("status"_L1).toInt(), 200);
    EXPECT_TRUE(requests[0].value("principal"_L1).toString().startsWith(u"key:"_s));
    EXPECT_EQ(requests[1].value("route"_L1).toString(), u"/feedback/tokens/{token}"_s);
    EXPECT_EQ(requests[2].value("status"_L1).toInt(), 401);
    EXPECT_EQ(requests[2].value("principal"_L1).toString(), u"anonymous"_s);
    for (const QJsonObject &r : requests)
        EXPECT_EQ(r.value("request_id"_L1).toString().size() > 0, true);
}
