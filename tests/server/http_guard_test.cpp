// The HTTP layer's guard, with raw sockets: limits answered before anything large is buffered,
// 100-continue, timeouts, connection caps under a slow-loris, chunked bodies and pipelining.

#include "rawclient.h"
#include "serverharness.h"

#include <printers.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

server::HttpLimits shortLimits()
{
    server::HttpLimits l;
    l.headerTimeoutMs = 300;
    l.bodyTimeoutMs = 1000;
    l.idleTimeoutMs = 300;
    l.maxConnectionsPerAddress = 20;
    return l;
}

using Raw = RawClient;

QByteArray request(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                   const QByteArray &extraHeaders = {})
{
    return method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + ServerHarness::kAdminKey +
           "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\n" + extraHeaders + "\r\n" + body;
}

class HttpGuard : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(srv.started()); }
    ServerHarness srv{server::Dialect::Sqlite, {}, shortLimits()};
};

} // namespace

TEST_F(HttpGuard, ExpectContinueIsAnsweredBeforeTheBodyIsSent)
{
    Raw c(srv.port());
    const QByteArray body = R"({"name":"continued","run_type":"chain"})";
    c.send("POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nx-api-key: " + QByteArray(ServerHarness::kAdminKey) +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nExpect: 100-continue\r\n\r\n");
    EXPECT_TRUE(c.waitFor("HTTP/1.1 100 Continue\r\n\r\n").startsWith("HTTP/1.1 100 Continue"));
    c.send(body);
    EXPECT_TRUE(c.waitFor("HTTP/1.1 202").contains("HTTP/1.1 202 Accepted"));
}

TEST_F(HttpGuard, AnOversizedBodyIsRefusedBeforeItIsSent)
{
    Raw c(srv.port());
    c.send("POST /api/v1/runs/batch HTTP/1.1\r\nHost: x\r\nx-api-key: k\r\nContent-Length: "
           "31457280\r\nExpect: 100-continue\r\n\r\n");
    const QByteArray answer = c.waitFor("}");
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 413 Content Too Large\r\n")) << answer.toStdString();
    EXPECT_FALSE(answer.contains("100 Continue"));
    EXPECT_TRUE(answer.contains("the request body has 31457280 bytes; the limit is 20971520"));
    EXPECT_TRUE(c.waitClosed(2000));
}

TEST_F(HttpGuard, HeaderAndUrlLimits)
{
    {
        Raw c(srv.port());
        c.send("GET /api/v1/info HTTP/1.1\r\nX-Big: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n");
        EXPECT_TRUE(c.waitFor("}").startsWith("HTTP/1.1 431 ")) << c.received.left(80).toStdString();
        EXPECT_TRUE(c.waitClosed(2000));
    }
    {
        Raw c(srv.port());
        QByteArray headers;
        for (int i = 0; i < 150; ++i)
            headers += "X-H" + QByteArray::number(i) + ": v\r\n";
        c.send("GET /api/v1/info HTTP/1.1\r\n" + headers + "\r\n");
        const QByteArray answer = c.waitFor("}");
        EXPECT_TRUE(answer.startsWith("HTTP/1.1 431 ")) << answer.left(80).toStdString();
        EXPECT_TRUE(answer.contains("more than 100 request headers"));
    }
    {
        Raw c(srv.port());
        c.send("GET /api/v1/info?x=" + QByteArray(9000, 'a') + " HTTP/1.1\r\n\r\n");
        EXPECT_TRUE(c.waitFor("}").startsWith("HTTP/1.1 414 ")) << c.received.left(80).toStdString();
    }
}

TEST_F(HttpGuard, SlowHeadersAndIdleConnectionsAreClosed)
{
    Raw slow(srv.port());
    slow.send("GET /api/v1/info HTTP/1.1\r\nHost: x\r\n"); // and then nothing
    const QByteArray answer = slow.waitFor("}", 3000);
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 408 ")) << answer.toStdString();
    EXPECT_TRUE(slow.waitClosed(2000));

    Raw idle(srv.port());
    idle.send("GET /api/v1/info HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(idle.waitFor("}").startsWith("HTTP/1.1 200 OK"));
    EXPECT_TRUE(idle.waitClosed(3000)) << "an idle keep-alive connection is closed after its timeout";
}

TEST(HttpGuardLoris, ASlowLorisCannotCrowdOutOtherClients)
{
    server::HttpLimits limits = shortLimits();
    limits.headerTimeoutMs = 1500; // long enough to hold all 40 at once
    ServerHarness srv(server::Dialect::Sqlite, {}, limits);
    ASSERT_TRUE(srv.started());
    std::vector<std::unique_ptr<QTcpSocket>> loris;
    for (int i = 0; i < 40; ++i) {
        loris.push_back(std::make_unique<QTcpSocket>());
        loris.back()->connectToHost(QHostAddress::LocalHost, srv.port());
        loris.back()->write("GET /api/v1/info HTTP/1.1\r\nX-Slow: "); // and never the rest
    }
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 700)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    int refused = 0;
    for (auto &c : loris)
        refused += c->readAll().startsWith("HTTP/1.1 503 ");
    EXPECT_EQ(refused, 20) << "the cap per address is 20 connections";
    EXPECT_EQ(srv.server().http().connectionCount(), 20) << "what is held stays bounded";
    // Another address is served meanwhile.
    Raw other(srv.port(), QHostAddress(u"127.0.0.2"_s));
    other.send("GET /api/v1/info HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(other.waitFor("}").startsWith("HTTP/1.1 200 OK")) << other.received.left(80).toStdString();
    // Once the slow connections time out, this address is served again.
    while (t.elapsed() < 2500)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    EXPECT_EQ(srv.server().http().connectionCount(), 0);
    Raw again(srv.port());
    again.send("GET /api/v1/info HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(again.waitFor("}").startsWith("HTTP/1.1 200 OK"));
}

TEST_F(HttpGuard, ChunkedBodiesAndPipelinedRequests)
{
    Raw c(srv.port());
    const QByteArray body =
        R"({"id":"01a22b51-89c3-774e-a986-cb0ee0e2b8ab","name":"chunked","run_type":"chain"})";
    QByteArray chunked;
    for (qsizetype i = 0; i < body.size(); i += 16) {
        const QByteArray part = body.mid(i, 16);
        chunked += QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n";
    }
    chunked += "0\r\n\r\n";
    c.send("POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nx-api-key: " + QByteArray(ServerHarness::kAdminKey) +
           "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked +
           request("GET", "/api/v1/runs/01a22b51-89c3-774e-a986-cb0ee0e2b8ab"));
    const QByteArray answers = c.waitFor("\"chunked\"");
    EXPECT_TRUE(answers.startsWith("HTTP/1.1 202 Accepted")) << answers.toStdString();
    EXPECT_EQ(answers.count("HTTP/1.1 "), 2) << "both pipelined requests answered, in order";
    EXPECT_TRUE(answers.contains("\"name\":\"chunked\""));

    Raw bad(srv.port());
    bad.send("POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nx-api-key: " + QByteArray(ServerHarness::kAdminKey) +
             "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    EXPECT_TRUE(bad.waitFor("}").startsWith("HTTP/1.1 400 ")) << bad.received.toStdString();
}
