#pragma once

// Reads HTTP/1.1 requests out of a byte stream, with no socket: what HttpConnection feeds from the
// network and the fuzzer feeds from libFuzzer. Strict where a lenient reading could let a proxy and this
// server see different requests (request smuggling): one Content-Length of digits only, a
// Transfer-Encoding of exactly "chunked", never both, CRLF line endings, no space before a header's
// colon, no folded lines. Every size is checked as bytes arrive, with overflow-safe arithmetic, and
// every byte is scanned once however the stream is split.

#include "httpmessage.h"
#include "limits.h"

namespace assay::server {

struct ReadStep {
    enum Kind {
        NeedMore, // feed more bytes
        Head,     // the request line and headers are in: request() may be inspected before the body
        Request,  // a whole request is in: takeRequest()
        Refuse,   // answer `status` with `detail` and close; the client may still send `discardBytes`
    };
    ReadStep(Kind k = NeedMore, int s = 0, QString d = {}, qint64 discard = 0)
        : kind(k)
        , status(s)
        , detail(std::move(d))
        , discardBytes(discard)
    {
    }
    Kind kind;
    int status;
    QString detail;
    qint64 discardBytes;
};

class HttpRequestReader {
public:
    explicit HttpRequestReader(const HttpLimits &limits);

    void append(QByteArrayView bytes);
    // Advances as far as the bytes allow. After Refuse the reader stays refused.
    ReadStep next();

    HttpRequest &request() { return m_request; }
    HttpRequest takeRequest();
    bool keepAlive() const { return m_keepAlive; }
    bool expectsContinue() const { return m_expectContinue; }
    // Whether the request whose head was just read has a body to come.
    bool hasBody() const { return m_state == State::Body || m_state == State::ChunkSize; }
    // Body bytes the client announced and has not sent yet (0 for chunked bodies: unknown).
    qint64 bodyBytesOutstanding() const;
    // Bytes held: unparsed input plus the body read so far.
    qint64 bufferedBytes() const { return m_buffer.size() - m_consumed + m_body.size(); }
    // Bytes looked at by the scanners since the start, to show that no byte is scanned twice.
    qint64 scannedBytes() const { return m_scanned; }

private:
    enum class State { Headers, Body, ChunkSize, ChunkData, Trailers, Complete, Refused };

    ReadStep readHeaders();
    ReadStep parseHead(qsizetype end);
    ReadStep readBody();
    ReadStep readChunkSize();
    ReadStep readChunkData();
    ReadStep readTrailers();
    ReadStep refuse(int status, const QString &detail, qint64 discard = 0);
    ReadStep complete();
    // The index of the next "\r\n" at or after m_consumed, scanning only bytes not scanned before.
    qsizetype findLineEnd();
    void compact();

    HttpLimits m_limits;
    QByteArray m_buffer;
    qsizetype m_consumed = 0; // bytes of m_buffer already parsed
    qsizetype m_scanFrom = 0; // where the next line-end scan resumes
    qint64 m_scanned = 0;
    qsizetype m_lineStart = 0; // the head's current line
    int m_headLines = 0;
    State m_state = State::Headers;
    HttpRequest m_request;
    bool m_keepAlive = true;
    bool m_expectContinue = false;
    qint64 m_contentLength = 0;
    qint64 m_chunkLeft = 0;
    qint64 m_trailerBytes = 0;
    QByteArray m_body;
};

} // namespace assay::server
