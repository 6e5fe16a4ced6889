#pragma once

// "Add to queue" from the traces page (the seed's Option A): chosen runs, or every run matching the
// table's filter — counted by the server first (how many match, how many the queue holds already), so
// the lead sees the number before anything is added, and exactly those runs are added. A reason goes
// with them; the reviewer reads it as "Why it is here". Runs already queued are reported, never added
// twice.

#include "api/apiclient.h"
#include "models/runtablemodel.h"

#include <functional>

namespace assay::client {

struct MatchCount {
    qint64 matching = 0;      // runs the query matches
    qint64 alreadyQueued = 0; // of those, in the queue already
    QList<Uuid> toAdd;        // the others
    bool truncated = false;   // more than `limit` match: nothing is listed
    qint64 limit = 0;
};

struct AddOutcome {
    qint64 added = 0;
    qint64 alreadyQueued = 0; // asked for but in the queue already
    // "2 runs added to “Low scores”; 1 was already in it."
    QString summary(const QString &queueName) const;
};

void countMatching(ApiClient &api, const Uuid &queueId, const RunTableQuery &query,
                   std::function<void(Result<MatchCount>)> done);
// Adds the runs with the reason (empty: none), 500 a request.
void addRunsToQueue(ApiClient &api, const Uuid &queueId, const QList<Uuid> &runIds, const QString &reason,
                    std::function<void(Result<AddOutcome>)> done);

} // namespace assay::client
