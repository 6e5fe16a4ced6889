#pragma once

// The demo project a newcomer reviews first (`assay-server serve --demo`): a RAG help bot's traces with
// their retrieved articles, the seed's queue, rubric and routing rules, and a reviewer with a known key.
// Everything goes in through the server's own REST routes, as an app and an admin would send it, so the
// routing rules put the runs into the queue exactly as they would in production.

#include "assayserver.h"

namespace assay::server {

struct DemoOptions {
    QString adminKey;    // an admin key the server knows (its bootstrap key)
    QString reviewerKey; // the demo reviewer's key, made to exist
};

struct DemoResult {
    bool created = false; // false: the demo queue was there already
    QString queueId;
    int items = 0; // in the demo queue
};

// Idempotent: a second call finds the queue and only makes sure the reviewer key exists.
Result<DemoResult> addDemoProject(AssayServer &server, const DemoOptions &options);

} // namespace assay::server
