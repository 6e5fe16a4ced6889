#pragma once

// The review protocol's answers (docs/rest-api.md, "Review protocol") read into the client's types.
// Each reader says what was wrong with an answer that does not follow the protocol.

#include "store/cachedb.h"
#include "store/workdb.h"

#include <QJsonArray>
#include <QJsonObject>

namespace assay::client {

struct MeQueue {
    CachedQueue queue;
    qint64 answeredByMe = 0;
};

struct ChangesPage {
    QJsonArray events;
    qint64 cursor = 0;
    bool reset = false; // the server is behind my cursor: restored from an older backup
};

Result<QList<MeQueue>> readMe(const QJsonObject &body);
// The items of a checkout answer, stamped with when they were checked out.
Result<QList<CachedItem>> readCheckout(const QJsonObject &body, const Timestamp &now);
Result<QList<SubmitOutcome>> readSubmitResults(const QJsonObject &body);
Result<ChangesPage> readChanges(const QJsonObject &body);

// Applies a page of change events to the cache (the caller's transaction).
Status applyChanges(CacheDb &cache, const QJsonArray &events);

} // namespace assay::client
