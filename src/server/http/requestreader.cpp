#include "requestreader.h"

#include <QUrl>

#include <cstring>

namespace assay::server {

using namespace Qt::StringLiterals;

QString apiPath(const QString &urlPath); // httpserver.cpp

namespace {

constexpr qsizetype kMaxChunkSizeLine = 1024;

// RFC 9110 token characters: what a method and a header name consist of.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text)
        if (!isTokenChar(c))
            return false;
    return true;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Headers a request may carry once: a second one is how smuggling and key confusion start.
bool isSingleton(const QByteArray &lowerName)
{
    return lowerName == "content-length" || lowerName == "transfer-encoding" || lowerName == "host" ||
           lowerName == "x-api-key" || lowerName == "expect";
}

bool hasControlCharacters(QByteArrayView value)
{
    for (char c : value)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
            return true;
    return false;
}

} // namespace

HttpRequestReader::HttpRequestReader(const HttpLimits &limits)
    : m_limits(limits)
{
}

void HttpRequestReader::append(QByteArrayView bytes)
{
    if (m_state == State::Refused)
        return;
    if (m_consumed > 0 && (m_consumed == m_buffer.size() || m_consumed >= 4096))
        compact();
    m_buffer.append(bytes);
}

void HttpRequestReader::compact()
{
    m_buffer.remove(0, m_consumed);
    m_scanFrom -= m_consumed;
    m_lineStart -= m_consumed;
    m_consumed = 0;
}

qsizetype HttpRequestReader::findLineEnd()
{
    const qsizetype from = std::max(m_scanFrom, m_consumed);
    const char *start = m_buffer.constData() + from;
    const void *hit = std::memchr(start, '\n', size_t(m_buffer.size() - from));
    if (!hit) {
        m_scanned += m_buffer.size() - from;
        m_scanFrom = m_buffer.size();
        return -1;
    }
    const qsizetype at = static_cast<const char *>(hit) - m_buffer.constData();
    m_scanned += at + 1 - from;
    m_scanFrom = at + 1;
    return at;
}

ReadStep HttpRequestReader::next()
{
    switch (m_state) {
    case State::Headers:
        return readHeaders();
    case State::Body:
        return readBody();
    case State::ChunkSize:
        return readChunkSize();
    case State::ChunkData:
        return readChunkData();
    case State::Trailers:
        return readTrailers();
    case State::Complete:
        return {ReadStep::Request};
    case State::Refused:
        return {ReadStep::Refuse, 400, u"the connection was refused"_s};
    }
    return {};
}

ReadStep HttpRequestReader::refuse(int status, const QString &detail, qint64 discard)
{
    m_state = State::Refused;
    m_buffer.clear();
    m_body.clear();
    m_consumed = m_scanFrom = m_lineStart = 0;
    return {ReadStep::Refuse, status, detail, discard};
}

ReadStep HttpRequestReader::readHeaders()
{
    if (m_headLines == 0)
        m_lineStart = std::max(m_lineStart, m_consumed);
    while (true) {
        // The size checks look at what is known of the line whether or not its end has arrived, so a
        // stream gives the same answer however it is split (the fuzzer checks this).
        const qsizetype lf = findLineEnd();
        const qsizetype lineEnd = lf < 0 ? m_buffer.size() : lf;
        if (m_headLines == 0 && lineEnd - m_consumed > m_limits.maxUrlBytes + 64)
            return refuse(414, u"the request line is longer than %1 bytes"_s.arg(m_limits.maxUrlBytes));
        if ((lf < 0 ? m_buffer.size() : lf + 1) - m_consumed > m_limits.maxHeaderBytes)
            return refuse(431,
                          u"the request headers are larger than %1 bytes"_s.arg(m_limits.maxHeaderBytes));
        if (lf < 0)
            return {ReadStep::NeedMore};
        if (lf == m_lineStart || m_buffer[lf - 1] != '\r')
            return refuse(400, u"a line of the request ends in a bare LF; HTTP needs CRLF"_s);
        const bool emptyLine = lf - 1 == m_lineStart;
        m_lineStart = lf + 1;
        if (emptyLine && m_headLines == 0) {
            m_consumed = lf + 1; // a stray CRLF between requests (RFC 9112 §2.2 allows ignoring it)
            continue;
        }
        if (emptyLine)
            return parseHead(lf + 1);
        if (++m_headLines - 1 > m_limits.maxHeaders)
            return refuse(431, u"more than %1 request headers"_s.arg(m_limits.maxHeaders));
    }
}

ReadStep HttpRequestReader::parseHead(qsizetype end)
{
    const QByteArray head = m_buffer.mid(m_consumed, end - m_consumed - 4); // without the final CRLFCRLF
    m_consumed = end;
    m_scanFrom = end;
    m_lineStart = end;
    m_headLines = 0;
    const QList<QByteArray> lines = head.split('\n');
    QByteArray requestLine = lines.first();
    requestLine.chop(requestLine.endsWith('\r') ? 1 : 0);
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty() ||
        (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0"))
        return refuse(400, u"malformed request line: expected METHOD TARGET HTTP/1.1"_s);
    if (parts[1].size() > m_limits.maxUrlBytes)
        return refuse(414, u"the URL is longer than %1 bytes"_s.arg(m_limits.maxUrlBytes));

    m_request = HttpRequest{};
    m_request.method = QString::fromLatin1(parts[0]);
    const QUrl url = QUrl::fromEncoded(parts[1]);
    m_request.path = apiPath(url.path(QUrl::FullyDecoded));
    m_request.query = QUrlQuery(url);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        line.chop(line.endsWith('\r') ? 1 : 0); // the CR (bare LFs were refused while scanning)
        if (line.startsWith(' ') || line.startsWith('\t'))
            return refuse(400, u"header line %1 is folded (starts with white space)"_s.arg(i));
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return refuse(
                400,
                u"header line %1 is malformed: expected Name: value, with no space before the colon"_s.arg(
                    i));
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (hasControlCharacters(value))
            return refuse(400, u"header %1 has control characters"_s.arg(QString::fromLatin1(name)));
        auto existing = m_request.headers.find(name);
        if (existing == m_request.headers.end())
            m_request.headers.insert(name, value);
        else if (isSingleton(name))
            return refuse(400, u"more than one %1 header"_s.arg(QString::fromLatin1(name)));
        else
            *existing += ", " + value; // RFC 9110 §5.3: repeated fields are one comma-separated list
    }

    const QByteArray connection = m_request.header("connection").toLower();
    m_keepAlive = parts[2] == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive");
    m_expectContinue = m_request.header("expect").toLower() == "100-continue";
    const bool hasLength = m_request.headers.contains("content-length");
    const bool hasEncoding = m_request.headers.contains("transfer-encoding");
    if (hasLength && hasEncoding)
        return refuse(400, u"a request may not carry both Content-Length and Transfer-Encoding"_s);
    if (hasEncoding) {
        if (m_request.header("transfer-encoding").toLower() != "chunked")
            return refuse(400, u"Transfer-Encoding must be exactly 'chunked'"_s);
        m_body.clear();
        m_state = State::ChunkSize;
        return {ReadStep::Head};
    }
    m_contentLength = 0;
    if (hasLength) {
        const QByteArray text = m_request.header("content-length");
        if (text.isEmpty() || text.size() > 18)
            return refuse(400, u"invalid Content-Length"_s);
        for (char c : text) {
            if (c < '0' || c > '9')
                return refuse(400, u"invalid Content-Length: digits only"_s);
            m_contentLength = m_contentLength * 10 + (c - '0');
        }
    }
    if (m_contentLength > m_limits.maxBodyBytes) {
        // Without 100-continue the client sends the body anyway: the caller drops it unread, then closes.
        const qint64 discard = m_expectContinue ? 0 : m_contentLength - (m_buffer.size() - m_consumed);
        return refuse(413,
                      u"the request body has %1 bytes; the limit is %2"_s.arg(m_contentLength)
                          .arg(m_limits.maxBodyBytes),
                      discard);
    }
    m_body.clear();
    m_state = m_contentLength > 0 ? State::Body : State::Complete;
    return {ReadStep::Head};
}

ReadStep HttpRequestReader::readBody()
{
    const qint64 take = std::min<qint64>(m_contentLength - m_body.size(), m_buffer.size() - m_consumed);
    m_body.append(QByteArrayView(m_buffer).sliced(m_consumed, take));
    m_consumed += take;
    m_scanFrom = m_consumed;
    if (m_body.size() < m_contentLength)
        return {ReadStep::NeedMore};
    return complete();
}

ReadStep HttpRequestReader::complete()
{
    m_state = State::Complete;
    return {ReadStep::Request};
}

ReadStep HttpRequestReader::readChunkSize()
{
    const qsizetype lf = findLineEnd();
    const QByteArrayView line =
        QByteArrayView(m_buffer).sliced(m_consumed, (lf < 0 ? m_buffer.size() : lf) - m_consumed);
    // The size is checked digit by digit, so a huge one is refused before its line even ends and the
    // arithmetic never leaves [0, maxBodyBytes].
    const qint64 room = m_limits.maxBodyBytes - m_body.size();
    qint64 size = 0;
    qsizetype digits = 0;
    for (; digits < line.size() && hexValue(line[digits]) >= 0; ++digits) {
        size = size * 16 + hexValue(line[digits]);
        if (size > room)
            return refuse(
                413, u"the request body is larger than the limit of %1 bytes"_s.arg(m_limits.maxBodyBytes));
    }
    if (line.size() > kMaxChunkSizeLine)
        return refuse(400, u"a chunk size line is longer than %1 bytes"_s.arg(kMaxChunkSizeLine));
    if (lf < 0) {
        if (digits == line.size() || line[digits] == ';' || line[digits] == ' ' || line[digits] == '\t' ||
            line[digits] == '\r')
            return {ReadStep::NeedMore};
        return refuse(400, u"malformed chunk size"_s);
    }
    if (!line.endsWith('\r'))
        return refuse(400, u"a chunk size line ends in a bare LF; HTTP needs CRLF"_s);
    // After the digits: nothing, or chunk extensions (`;name=value`, ignored), with optional white space.
    QByteArrayView rest = line.sliced(digits).chopped(1);
    while (!rest.isEmpty() && (rest.front() == ' ' || rest.front() == '\t'))
        rest = rest.sliced(1);
    if (digits == 0 || (!rest.isEmpty() && rest.front() != ';'))
        return refuse(400, u"malformed chunk size"_s);
    m_consumed = lf + 1;
    if (size == 0) {
        m_trailerBytes = 0;
        m_state = State::Trailers;
        return readTrailers();
    }
    m_chunkLeft = size;
    m_state = State::ChunkData;
    return readChunkData();
}

ReadStep HttpRequestReader::readChunkData()
{
    const qint64 take = std::min<qint64>(m_chunkLeft, m_buffer.size() - m_consumed);
    m_body.append(QByteArrayView(m_buffer).sliced(m_consumed, take));
    m_consumed += take;
    m_chunkLeft -= take;
    m_scanFrom = m_consumed;
    if (m_chunkLeft > 0 || m_buffer.size() - m_consumed < 2)
        return {ReadStep::NeedMore};
    if (m_buffer[m_consumed] != '\r' || m_buffer[m_consumed + 1] != '\n')
        return refuse(400, u"a chunk's data is not followed by CRLF"_s);
    m_consumed += 2;
    m_scanFrom = m_consumed;
    m_state = State::ChunkSize;
    return readChunkSize();
}

ReadStep HttpRequestReader::readTrailers()
{
    while (true) {
        const qsizetype lf = findLineEnd();
        const qint64 lineBytes = (lf < 0 ? m_buffer.size() : lf + 1) - m_consumed;
        if (m_trailerBytes + lineBytes > m_limits.maxHeaderBytes)
            return refuse(
                431, u"the chunked body's trailers are larger than %1 bytes"_s.arg(m_limits.maxHeaderBytes));
        if (lf < 0)
            return {ReadStep::NeedMore};
        const QByteArrayView line = QByteArrayView(m_buffer).sliced(m_consumed, lf - m_consumed);
        if (!line.endsWith('\r'))
            return refuse(400, u"a trailer line ends in a bare LF; HTTP needs CRLF"_s);
        m_trailerBytes += lineBytes;
        m_consumed = lf + 1;
        if (line.size() == 1)
            return complete(); // trailers are read and dropped: none of them means anything here
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon)))
            return refuse(400, u"malformed trailer line"_s);
    }
}

HttpRequest HttpRequestReader::takeRequest()
{
    HttpRequest request = std::move(m_request);
    request.body = std::move(m_body);
    m_request = HttpRequest{};
    m_body = QByteArray();
    m_contentLength = 0;
    m_state = State::Headers;
    m_lineStart = m_consumed;
    m_scanFrom = std::max(m_scanFrom, m_consumed);
    return request;
}

qint64 HttpRequestReader::bodyBytesOutstanding() const
{
    if (m_state != State::Body)
        return 0;
    return std::max<qint64>(0, m_contentLength - m_body.size() - (m_buffer.size() - m_consumed));
}

} // namespace assay::server
