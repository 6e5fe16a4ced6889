// Routes of LangSmith's API that the SDKs call and Assay does not implement: each answers 501 saying
// what is missing and what to use instead (with x-should-retry: false), rather than a bare 404 that
// reads like a wrong URL. docs/rest-api.md lists them.

#include "apicontext.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

struct Missing {
    const char *method;
    const char *pattern;
    const char *what;
    const char *instead;
};

constexpr Missing kMissing[] = {
    {"GET", "/api/v2/runs/{id}/url", "a run's web URL",
     "Assay has no web UI; open the run in the assay desktop app"},
    {"POST", "/api/v2/runs/{id}/share", "sharing a run publicly", "send a presigned feedback link instead"},
    {"DELETE", "/api/v2/runs/{id}/share", "sharing a run publicly", "nothing is shared"},
    {"GET", "/api/v2/datasets/{id}/experiment-runs", "experiments", "list the dataset's examples"},
    {"PATCH", "/platform/datasets/{id}/examples/metadata", "bulk example metadata updates",
     "update the examples with PATCH /platform/datasets/{id}/examples"},
    {"GET", "/sessions/resolutions", "project resolution", "look projects up with GET /sessions?name="},
    {"POST", "/sessions/{id}/dashboard", "project dashboards", "query runs with POST /runs/query"},
};

} // namespace

void registerNotImplementedRoutes(Router &router)
{
    for (const Missing &m : kMissing) {
        const QString message = u"%1 is not implemented by Assay; %2"_s.arg(QString::fromLatin1(m.what),
                                                                            QString::fromLatin1(m.instead));
        router.add(QString::fromLatin1(m.method), QString::fromLatin1(m.pattern),
                   [message](HttpRequest &) { return HttpResponse::error(501, message); });
    }
}

} // namespace assay::server
