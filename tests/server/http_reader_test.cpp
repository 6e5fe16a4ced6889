// HttpRequestReader on its own: however a stream is split, the same requests come out, and no byte is
// scanned twice (a request trickling in one byte at a time costs what it costs in one piece).

#include "http/requestreader.h"

#include <printers.h>

#include <gtest/gtest.h>

using namespace assay::server;
using namespace Qt::StringLiterals;

namespace {

struct Outcome {
    QList<HttpRequest> requests;
    int refusedWith = 0;
};

Outcome readAll(const QByteArray &stream, qsizetype piece, HttpRequestReader &reader)
{
    Outcome out;
    for (qsizetype at = 0; at < stream.size() && !out.refusedWith; at += piece) {
        reader.append(QByteArrayView(stream).sliced(at, std::min(piece, stream.size() - at)));
        for (ReadStep step = reader.next(); step.kind != ReadStep::NeedMore; step = reader.next()) {
            if (step.kind == ReadStep::Refuse) {
                out.refusedWith = step.status;
                break;
            }
            if (step.kind == ReadStep::Request)
                out.requests.append(reader.takeRequest());
        }
    }
    return out;
}

const QByteArray kPipeline =
    "POST /api/v1/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
    "\r\n" // a stray CRLF between requests is allowed
    "POST /runs/batch HTTP/1.1\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\nX-A: 2\r\n\r\n"
    "3;name=v\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n"
    "GET /api/v1/info?x=%20y HTTP/1.0\r\n\r\n";

} // namespace

TEST(HttpRequestReader, TheSameRequestsWhateverTheSplit)
{
    for (qsizetype piece : {qsizetype(1), qsizetype(2), qsizetype(7), qsizetype(64), kPipeline.size()}) {
        HttpRequestReader reader{HttpLimits{}};
        const Outcome out = readAll(kPipeline, piece, reader);
        ASSERT_EQ(out.refusedWith, 0) << piece;
        ASSERT_EQ(out.requests.size(), 3) << piece;
        EXPECT_EQ(out.requests[0].path, u"/runs"_s);
        EXPECT_EQ(out.requests[0].body, "hello");
        EXPECT_EQ(out.requests[1].body, "abcde");
        EXPECT_EQ(out.requests[1].header("x-a"), "1, 2") << "repeated fields are one list";
        EXPECT_EQ(out.requests[2].method, u"GET"_s);
        EXPECT_EQ(out.requests[2].queryValue(u"x"_s), u" y"_s);
        EXPECT_FALSE(reader.keepAlive()) << "HTTP/1.0 without keep-alive";
    }
}

TEST(HttpRequestReader, EveryByteIsScannedOnce)
{
    QByteArray head = "POST /runs HTTP/1.1\r\n";
    for (int i = 0; i < 60; ++i)
        head += "X-Header-" + QByteArray::number(i) + ": " + QByteArray(900, 'v') + "\r\n";
    head += "Transfer-Encoding: chunked\r\n\r\n";
    QByteArray stream = head + "4\r\nbody\r\n0\r\n";
    for (int i = 0; i < 60; ++i)
        stream += "T-" + QByteArray::number(i) + ": " + QByteArray(900, 't') + "\r\n";
    stream += "\r\n";
    HttpRequestReader reader{HttpLimits{}};
    const Outcome out = readAll(stream, 1, reader);
    ASSERT_EQ(out.refusedWith, 0);
    ASSERT_EQ(out.requests.size(), 1);
    EXPECT_LE(reader.scannedBytes(), stream.size()) << "one byte at a time must not rescan what came before";
}

TEST(HttpRequestReader, SizesAreRefusedAsSoonAsTheyAreTooLarge)
{
    HttpLimits limits;
    limits.maxBodyBytes = 100;
    {
        HttpRequestReader reader(limits);
        reader.append("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n65"); // 0x65 = 101, no CRLF yet
        EXPECT_EQ(reader.next().kind, ReadStep::Head);
        const ReadStep step = reader.next();
        EXPECT_EQ(step.kind, ReadStep::Refuse);
        EXPECT_EQ(step.status, 413);
    }
    {
        HttpRequestReader reader(limits);
        reader.append("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n32\r\n" + QByteArray(50, 'a') +
                      "\r\n33\r\n");
        EXPECT_EQ(reader.next().kind, ReadStep::Head);
        EXPECT_EQ(reader.next().status, 413) << "50 + 51 bytes over a limit of 100";
    }
    {
        HttpRequestReader reader(limits);
        reader.append("POST /x HTTP/1.1\r\nContent-Length: 999999999999999999999\r\n\r\n");
        EXPECT_EQ(reader.next().status, 400) << "a length past 64 bits is malformed, not wrapped";
    }
    {
        HttpRequestReader reader(limits);
        reader.append("POST /x HTTP/1.1\r\nContent-Length: 101\r\n\r\nabc");
        const ReadStep step = reader.next();
        EXPECT_EQ(step.status, 413);
        EXPECT_EQ(step.discardBytes, 98) << "what the client will still send, dropped unread";
    }
}

TEST(HttpRequestReader, HeldBytesFollowTheRequest)
{
    HttpRequestReader reader{HttpLimits{}};
    reader.append("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\n12345");
    EXPECT_EQ(reader.next().kind, ReadStep::Head);
    EXPECT_TRUE(reader.hasBody());
    EXPECT_EQ(reader.next().kind, ReadStep::NeedMore);
    EXPECT_EQ(reader.bodyBytesOutstanding(), 5);
    reader.append("67890");
    EXPECT_EQ(reader.next().kind, ReadStep::Request);
    EXPECT_EQ(reader.takeRequest().body, "1234567890");
    EXPECT_EQ(reader.bufferedBytes(), 0);
}
