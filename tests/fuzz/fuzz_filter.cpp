// libFuzzer entry point: any bytes, as a filter, a timestamp and a UUID. Compilation must either
// succeed or explain itself with a line:column; evaluation must be deterministic. Crashes, hangs
// (-timeout) and sanitizer reports are the failures libFuzzer looks for.

#include "core/filter/compiledfilter.h"
#include "core/timestamp.h"
#include "core/uuid.h"

#include <samplecorpus.h>

#include <cstdlib>

using namespace assay;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QList<test::SampleRun> corpus = test::makeRagCorpus(3, 5);
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    auto compiled = filter::CompiledFilter::compile(text);
    if (compiled) {
        for (const auto &s : corpus) {
            const filter::RunView view(s.run, s.feedback);
            if (compiled->matches(view) != compiled->matches(view))
                std::abort();
        }
    } else if (compiled.error().where.isEmpty() || compiled.error().message.isEmpty()) {
        std::abort();
    }

    if (auto t = Timestamp::parseIso(text); t && Timestamp::parseIso(t->toIso())->micros() != t->micros())
        std::abort();
    if (auto u = Uuid::parse(text); u && Uuid::parse(u->toString())->toString() != u->toString())
        std::abort();
    return 0;
}
