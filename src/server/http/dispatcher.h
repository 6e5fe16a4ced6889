#pragma once

// Where the HTTP layer hands requests over to be worked on. The HTTP thread only reads, parses and
// writes; whoever implements this (the worker pool) does the work elsewhere and calls `done` later,
// from any thread, exactly once — or never, when the server stops first.

#include "httpmessage.h"

#include <functional>
#include <optional>

namespace assay::server {

// Whether a request whose headers are in may send its body: a refusal (401, 403, 429...) is answered
// before a byte of the body is read; otherwise the principal its key names.
struct Admission {
    std::optional<HttpResponse> refused;
    Principal principal;
};

class RequestDispatcher {
public:
    virtual ~RequestDispatcher() = default;
    virtual void admit(HttpRequest head, std::function<void(Admission)> done) = 0;
    virtual void dispatch(HttpRequest request, std::function<void(HttpResponse)> done) = 0;
    // The next piece of a response's stream (HttpResponse::stream); asked for one at a time.
    virtual void pull(std::shared_ptr<BodyStream> stream, std::function<void(BodyPiece)> done) = 0;
};

} // namespace assay::server
