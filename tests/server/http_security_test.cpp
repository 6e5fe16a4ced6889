// The HTTP layer under attack (security review, issue 11): chunk sizes that overflow, endless trailers,
// request smuggling, bodies buffered before authentication, clients that pipeline and never read,
// clients behind a reverse proxy. Each test speaks raw HTTP to a real server on 127.0.0.1.

#include "rawclient.h"
#include "serverharness.h"

#include "auth/ratelimiter.h"

#include <printers.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

server::HttpLimits shortLimits()
{
    server::HttpLimits l;
    l.headerTimeoutMs = 2000;
    l.bodyTimeoutMs = 3000;
    l.idleTimeoutMs = 2000;
    return l;
}

QByteArray key()
{
    return ServerHarness::kAdminKey;
}

QByteArray statusLine(const QByteArray &answer)
{
    return answer.left(answer.indexOf("\r\n"));
}

class HttpSecurity : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(srv.started()); }
    // Another client is still served: the server neither hangs nor spins.
    void expectStillServing()
    {
        RawClient other(srv.port());
        other.send("GET /api/v1/info HTTP/1.1\r\nHost: x\r\n\r\n");
        EXPECT_TRUE(other.waitFor("}", 3000).startsWith("HTTP/1.1 200 OK")) << "the server stopped answering";
    }
    ServerHarness srv{server::Dialect::Sqlite, {}, shortLimits()};
};

} // namespace

// Finding 1: a chunk size near 2^63 overflowed the size arithmetic and `remove(0, negative)` spun forever.
TEST_F(HttpSecurity, AChunkSizeNearTwoToTheSixtyThirdIsRefusedAtOnce)
{
    for (const QByteArray &size : {QByteArray("7fffffffffffffff"), QByteArray("ffffffffffffffff"),
                                   QByteArray("10000000000000000000"), QByteArray("1400001")}) {
        RawClient c(srv.port());
        c.send("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n" + size + "\r\n");
        const QByteArray answer = c.waitFor("}", 3000);
        EXPECT_TRUE(answer.startsWith("HTTP/1.1 413 ")) << size.toStdString() << ": " << answer.toStdString();
        EXPECT_TRUE(c.waitClosed(2000));
    }
    expectStillServing();
}

TEST_F(HttpSecurity, MalformedChunksAreRefused)
{
    for (const QByteArray &chunks :
         {QByteArray("+5\r\nhello\r\n0\r\n\r\n"), QByteArray("5\r\nhelloXX0\r\n\r\n"),
          QByteArray("0x5\r\nhello\r\n"), QByteArray(" 5\r\nhello\r\n0\r\n\r\n"),
          QByteArray("5\nhello\r\n0\r\n\r\n")}) {
        RawClient c(srv.port());
        c.send("POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nx-api-key: " + key() +
               "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks);
        EXPECT_EQ(statusLine(c.waitFor("}", 3000)).left(12), "HTTP/1.1 400") << chunks.toStdString();
    }
    expectStillServing();
}

// Finding 2: trailers were never capped.
TEST_F(HttpSecurity, TrailersAreCappedLikeHeaders)
{
    RawClient c(srv.port());
    c.send("POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nx-api-key: " + key() +
           "\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n");
    for (int i = 0; i < 100; ++i)
        c.send("X-Trailer-" + QByteArray::number(i) + ": " + QByteArray(1000, 'a') + "\r\n");
    const QByteArray answer = c.waitFor("}", 3000);
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 431 ")) << answer.left(200).toStdString();
    EXPECT_TRUE(answer.contains("trailer")) << answer.toStdString();
    expectStillServing();
}

TEST_F(HttpSecurity, ChunkedBodiesWithTrailersStillWork)
{
    RawClient c(srv.port());
    const QByteArray body = R"({"name":"with-trailer","run_type":"chain"})";
    c.send("POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nx-api-key: " + key() +
           "\r\nTransfer-Encoding: chunked\r\n\r\n" + QByteArray::number(body.size(), 16) + ";ext=1\r\n" +
           body + "\r\n0\r\nX-Checksum: abc\r\n\r\n");
    EXPECT_TRUE(c.waitFor("}").startsWith("HTTP/1.1 202 ")) << c.received.toStdString();
}

// Finding 15: what a proxy and this server could read differently is refused.
TEST_F(HttpSecurity, AmbiguousFramingIsRefused)
{
    const QByteArray start = "POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nx-api-key: " + key() + "\r\n";
    const QByteArray body = R"({"name":"smuggled","run_type":"chain"})";
    const QByteArray length = QByteArray::number(body.size());
    const QList<std::pair<QByteArray, QByteArray>> cases = {
        {"two Content-Length",
         "Content-Length: " + length + "\r\nContent-Length: " + length + "\r\n\r\n" + body},
        {"a list in Content-Length", "Content-Length: " + length + ", " + length + "\r\n\r\n" + body},
        {"conflicting Content-Length", "Content-Length: " + length + "\r\nContent-Length: 3\r\n\r\n" + body},
        {"Content-Length and chunked",
         "Content-Length: " + length + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
        {"gzip, chunked", "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"},
        {"chunked twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
        {"xchunked", "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"},
        {"space before the colon", "Content-Length : " + length + "\r\n\r\n" + body},
        {"a folded header", "X-A: b\r\n c\r\nContent-Length: " + length + "\r\n\r\n" + body},
        {"a bare LF", "Content-Length: " + length + "\nX-A: b\r\n\r\n" + body},
        {"a signed length", "Content-Length: +" + length + "\r\n\r\n" + body},
    };
    for (const auto &[what, rest] : cases) {
        RawClient c(srv.port());
        c.send(start + rest);
        const QByteArray answer = c.waitFor("}", 3000);
        EXPECT_EQ(statusLine(answer).left(12), "HTTP/1.1 400")
            << what.toStdString() << ": " << answer.toStdString();
        EXPECT_TRUE(c.waitClosed(2000)) << what.toStdString();
    }
    {
        RawClient c(srv.port());
        c.send("GET /api/v1/info HTTP/1.1\nHost: x\n\n");
        EXPECT_EQ(statusLine(c.waitFor("}", 3000)).left(12), "HTTP/1.1 400") << "bare LF line endings";
    }
    const HttpResult runs = srv.post(u"/runs/query"_s, QJsonObject{{u"limit"_s, 100}});
    EXPECT_FALSE(runs.body.contains("smuggled")) << "nothing refused was stored";
}

// Finding 9: a body is not read for a request whose key is refused.
TEST_F(HttpSecurity, ABadKeyIsRefusedBeforeTheBodyIsRead)
{
    RawClient c(srv.port());
    c.send("POST /api/v1/runs/batch HTTP/1.1\r\nHost: x\r\nx-api-key: wrong-key\r\nContent-Length: "
           "10000000\r\n\r\n{\"post\":[");
    const QByteArray answer = c.waitFor("}", 1500);
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 401 "))
        << "answered without waiting for 10 MB: " << answer.toStdString();
    RawClient none(srv.port());
    none.send(
        "POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n");
    const QByteArray noKey = none.waitFor("}", 1500);
    EXPECT_TRUE(noKey.startsWith("HTTP/1.1 401 ")) << noKey.toStdString();
    EXPECT_FALSE(noKey.contains("100 Continue")) << "no invitation to send a body that will be refused";
}

TEST(HttpSecurityBuffers, BytesBufferedAcrossConnectionsAreCapped)
{
    server::HttpLimits limits = shortLimits();
    limits.maxBufferedBytes = 1024 * 1024;
    ServerHarness srv(server::Dialect::Sqlite, {}, limits);
    ASSERT_TRUE(srv.started());
    std::vector<std::unique_ptr<RawClient>> clients;
    const QByteArray part(400 * 1024, ' ');
    for (int i = 0; i < 4; ++i) {
        clients.push_back(std::make_unique<RawClient>(srv.port()));
        clients.back()->send("POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nx-api-key: " + key() +
                             "\r\nContent-Length: 2000000\r\n\r\n" + part);
        spinFor(100);
    }
    int busy = 0;
    clients.front()->spinUntil(
        [&] {
            busy = 0;
            for (auto &c : clients) {
                c->received += c->socket.readAll();
                busy += c->received.startsWith("HTTP/1.1 503 ");
            }
            return busy > 0;
        },
        5000);
    EXPECT_GE(busy, 1) << "1.6 MB held for unfinished bodies against a cap of 1 MB";
    EXPECT_LE(srv.server().http().bufferedBytes(), limits.maxBufferedBytes);
    clients.clear();
    spinFor(300);
    RawClient after(srv.port());
    after.send("GET /api/v1/info HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(after.waitFor("}").startsWith("HTTP/1.1 200 ")) << "the budget is given back";
}

// A client that never reads, with a receive window of a few kilobytes (set before connecting, as a
// phone on a bad link would have): the server's answers back up after a few hundred requests however
// slowly the server works, so the test does not depend on how fast this machine is.
class NeverReadingClient {
public:
    explicit NeverReadingClient(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int window = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &window, sizeof window);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(port);
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::fcntl(m_fd, F_SETFL, O_NONBLOCK);
        ::connect(m_fd, reinterpret_cast<sockaddr *>(&to), sizeof to); // completes in the event loop
    }
    ~NeverReadingClient() { ::close(m_fd); }
    NeverReadingClient(const NeverReadingClient &) = delete;
    NeverReadingClient &operator=(const NeverReadingClient &) = delete;
    // Sends what the kernel takes now; returns how many bytes of `pending` are left.
    void push(QByteArray &pending)
    {
        const ssize_t sent = ::send(m_fd, pending.constData(), size_t(pending.size()), MSG_NOSIGNAL);
        if (sent > 0)
            pending.remove(0, sent);
    }

private:
    int m_fd = -1;
};

// Finding 8: a client that pipelines requests and never reads the answers is not answered without bound.
TEST(HttpSecurityBackpressure, AClientThatNeverReadsIsNotAnsweredWithoutBound)
{
    server::HttpLimits limits = shortLimits();
    limits.maxPendingOutputBytes = 64 * 1024;
    limits.writeTimeoutMs = 1500;
    ServerHarness srv(server::Dialect::Sqlite, {}, limits);
    ASSERT_TRUE(srv.started());
    NeverReadingClient c(srv.port());
    QByteArray pending;
    for (int i = 0; i < 40000; ++i)
        pending += "GET /api/v1/info HTTP/1.1\r\nHost: x\r\n\r\n";
    qint64 peak = 0;
    bool connected = false;
    QElapsedTimer t;
    t.start();
    bool closed = false;
    while (t.elapsed() < 20000 && !closed) {
        c.push(pending);
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        peak = std::max(peak, srv.server().http().bufferedBytes());
        connected = connected || srv.server().http().connectionCount() > 0;
        closed = connected && srv.server().http().connectionCount() == 0;
    }
    EXPECT_LT(peak, 4 * 1024 * 1024) << "40,000 answers of ~400 bytes were not all queued";
    EXPECT_TRUE(closed) << "a connection whose answers do not drain is closed after the write timeout";
}

// Finding 3: failures are rate-limited, successes are not.
TEST_F(HttpSecurity, AValidKeyIsNeverRefusedForOthersFailures)
{
    for (int i = 0; i < 30; ++i)
        (void)srv.request("GET", u"/sessions"_s, {}, "not-a-key-" + QByteArray::number(i));
    EXPECT_EQ(srv.request("GET", u"/sessions"_s, {}, "not-a-key").status, 429) << "failures are limited";
    EXPECT_EQ(srv.get(u"/sessions"_s).status, 200) << "a valid key from the same address is served";
    // Failures are audited (finding 16), but only those the limiter let through: no flooding the log.
    const qsizetype audited = srv.auditEntries(u"authentication_failed"_s).size();
    EXPECT_GE(audited, 20);
    EXPECT_LE(audited, 22);
}

namespace {

QByteArray withForwarded(const QByteArray &apiKey, const QByteArray &forwardedHeader)
{
    return "GET /api/v1/sessions HTTP/1.1\r\nHost: x\r\nx-api-key: " + apiKey + "\r\n" + forwardedHeader +
           "\r\n\r\n";
}

int statusOf(quint16 port, const QByteArray &req)
{
    RawClient c(port);
    c.send(req);
    const QByteArray answer = c.waitFor("\r\n\r\n", 3000);
    return answer.mid(9, 3).toInt();
}

} // namespace

TEST(HttpSecurityProxy, ATrustedProxysClientsAreLimitedOneByOne)
{
    server::HttpLimits limits = shortLimits();
    limits.maxConnectionsPerAddress = 4;
    ServerHarness srv(server::Dialect::Sqlite, {}, limits, [](server::ServerOptions &o) {
        o.trustedProxies = *server::TrustedProxies::parse({u"127.0.0.0/8"_s});
    });
    ASSERT_TRUE(srv.started());
    for (int i = 0; i < 30; ++i)
        (void)statusOf(srv.port(),
                       withForwarded("bad-" + QByteArray::number(i), "X-Forwarded-For: 203.0.113.7"));
    EXPECT_EQ(statusOf(srv.port(), withForwarded("bad", "X-Forwarded-For: 203.0.113.7")), 429);
    EXPECT_EQ(statusOf(srv.port(), withForwarded("bad", "X-Forwarded-For: 198.51.100.9")), 401)
        << "another client behind the same proxy is not blocked";
    EXPECT_EQ(statusOf(srv.port(), withForwarded("bad", "Forwarded: for=\"[2001:db8::1]:4711\"")), 401);
    EXPECT_EQ(statusOf(srv.port(), withForwarded("bad", "Forwarded: for=203.0.113.7;proto=https")), 429)
        << "Forwarded names the same client as X-Forwarded-For";
    EXPECT_EQ(statusOf(srv.port(), withForwarded("bad", "X-Forwarded-For: 203.0.113.7, 127.0.0.5")), 429)
        << "trusted hops on the right are skipped";
    EXPECT_EQ(statusOf(srv.port(), withForwarded("bad", "X-Forwarded-For: 203.0.113.7, 198.51.100.20")), 401)
        << "the client is the right-most address that is not a trusted proxy (the left part is the client's "
           "word)";

    // The proxy's connections are not capped per address: they carry many clients.
    std::vector<std::unique_ptr<RawClient>> open;
    for (int i = 0; i < 8; ++i) {
        open.push_back(std::make_unique<RawClient>(srv.port()));
        open.back()->send("GET /api/v1/info HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    for (auto &c : open)
        EXPECT_TRUE(c->waitFor("}").startsWith("HTTP/1.1 200 ")) << c->received.left(60).toStdString();
}

TEST_F(HttpSecurity, ForwardedHeadersFromAnUntrustedPeerAreIgnored)
{
    for (int i = 0; i < 30; ++i)
        (void)statusOf(srv.port(), withForwarded("bad", "X-Forwarded-For: 10.9.8." + QByteArray::number(i)));
    EXPECT_EQ(statusOf(srv.port(), withForwarded("bad", "X-Forwarded-For: 10.1.1.1")), 429)
        << "a client cannot pick a fresh address by sending a header";
}

TEST(HttpSecurityProxy, TrustedProxyRangesAreValidated)
{
    EXPECT_TRUE(server::TrustedProxies::parse({u"10.0.0.0/8"_s, u"::1"_s, u"192.168.1.7"_s}).ok());
    const auto bad = server::TrustedProxies::parse({u"10.0.0.0/33"_s});
    ASSERT_FALSE(bad.ok());
    EXPECT_TRUE(bad.error().message.contains(u"10.0.0.0/33"_s)) << bad.error().message.toStdString();
    EXPECT_FALSE(server::TrustedProxies::parse({u"proxy.example.com"_s}).ok());
}

// Finding 13: the rate limiter's memory and work per request are bounded however many addresses come.
TEST(RateLimiter, HoldsAtMostItsCapacityLeastRecentlyUsedFirstOut)
{
    server::RateLimiter limiter(1.0 / 60, 1, 1000);
    for (int i = 0; i < 20000; ++i) {
        const QString address = u"10.0.%1.%2"_s.arg(i / 256).arg(i % 256);
        (void)limiter.take(address);
        (void)limiter.take(address); // blocked now: such buckets never refill within the test
    }
    EXPECT_EQ(limiter.size(), 1000);
    EXPECT_TRUE(limiter.take(u"10.0.78.31"_s).has_value()) << "the most recent address is still limited";
    EXPECT_FALSE(limiter.take(u"10.0.0.1"_s).has_value()) << "the oldest made room";
}
