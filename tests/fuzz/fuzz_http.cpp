// libFuzzer entry point for the HTTP reader: any bytes, as a stream of pipelined requests, read once in
// one piece and once split where the first input byte says. Both readings must give the same requests
// (or the same refusal), no body may pass the limit, nothing may be scanned twice, and a refusal must
// carry a status and words. Crashes, hangs (-timeout) and sanitizer reports are the other failures.

#include "http/requestreader.h"

#include <cstdlib>

using namespace assay::server;

namespace {

struct Reading {
    QList<QByteArray> requests; // method, path and body of each, in order
    int refusal = 0;
};

HttpLimits smallLimits()
{
    HttpLimits limits; // small, so the fuzzer reaches every limit quickly
    limits.maxBodyBytes = 4096;
    limits.maxHeaderBytes = 2048;
    limits.maxHeaders = 16;
    limits.maxUrlBytes = 256;
    return limits;
}

Reading read(QByteArrayView stream, qsizetype piece)
{
    const HttpLimits limits = smallLimits();
    HttpRequestReader reader(limits);
    Reading out;
    for (qsizetype at = 0; at < stream.size() && out.refusal == 0; at += piece) {
        reader.append(stream.sliced(at, std::min(piece, stream.size() - at)));
        for (int steps = 0;; ++steps) {
            if (steps > 100000)
                std::abort(); // a reader that never asks for more bytes is spinning
            const ReadStep step = reader.next();
            if (step.kind == ReadStep::NeedMore)
                break;
            if (step.kind == ReadStep::Refuse) {
                if (step.status < 400 || step.status > 599 || step.detail.isEmpty() || step.discardBytes < 0)
                    std::abort();
                out.refusal = step.status;
                break;
            }
            if (step.kind == ReadStep::Request) {
                const HttpRequest r = reader.takeRequest();
                if (r.body.size() > limits.maxBodyBytes)
                    std::abort();
                out.requests.append(r.method.toLatin1() + ' ' + r.path.toUtf8() + '\n' + r.body);
            }
        }
        if (reader.bufferedBytes() < 0 || reader.bufferedBytes() > stream.size())
            std::abort();
    }
    if (reader.scannedBytes() > stream.size())
        std::abort();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype piece = 1 + data[0] % 17;
    const QByteArrayView stream(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const Reading whole = read(stream, std::max<qsizetype>(1, stream.size()));
    const Reading split = read(stream, piece);
    if (whole.requests != split.requests || whole.refusal != split.refusal)
        std::abort();
    return 0;
}
