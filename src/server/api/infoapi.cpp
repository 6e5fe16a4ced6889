// GET /info: what the SDK reads to decide how to send runs (langsmith-api.md §2.1).

#include "apicontext.h"

#include "http/limits.h"

#include "assay/version.h"

namespace assay::server {

using namespace Qt::StringLiterals;

void registerInfoRoutes(Router &router, ApiContext &)
{
    router.add(
        u"GET"_s, u"/info"_s,
        [](HttpRequest &) {
            return HttpResponse::json(QJsonObject{
                // The LangSmith version whose API Assay answers, as the 0.12 SDK checks it (its sessions
                // resource wants 0.18.0; the routes Assay lacks answer 501). Assay's own version is separate.
                {"version"_L1, u"0.18.0"_s},
                {"assay_version"_L1, QStringLiteral(ASSAY_VERSION)},
                {"batch_ingest_config"_L1, QJsonObject{{"use_multipart_endpoint"_L1, false},
                                                       {"size_limit"_L1, 100},
                                                       {"size_limit_bytes"_L1, double(kMaxRequestBodyBytes)},
                                                       {"scale_up_qsize_trigger"_L1, 1000},
                                                       {"scale_up_nthreads_limit"_L1, 16},
                                                       {"scale_down_nempty_trigger"_L1, 4}}},
                {"instance_flags"_L1, QJsonObject{{"dataset_examples_multipart_enabled"_L1, true},
                                                  {"gzip_body_enabled"_L1, false},
                                                  {"zstd_compression_enabled"_L1, false}}},
            });
        },
        Access::Public);
}

} // namespace assay::server
