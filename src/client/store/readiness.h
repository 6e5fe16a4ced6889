#pragma once

// Where each cached item stands for me, from both databases: to review, answered and waiting to be
// sent, sent, rejected, or answered on another device. The sync engine (to keep enough ready) and the
// models (to show it) ask the same question here.

#include "localstore.h"

namespace assay::client {

enum class ItemStatus {
    ToReview,       // checked out, lease live, no answer of mine
    Expired,        // checked out, but the lease ran out before I answered
    Removed,        // taken out of the queue on the server before I answered
    Unsent,         // my answer waits in the outbox
    NeedsAttention, // my answer was rejected
    Answered,       // the server has my answer (from this device or another)
};

struct ItemStatuses {
    QList<CachedItem> items;  // light, in queue order
    QList<ItemStatus> status; // one per item
};

// How many items are ready to review (the sync engine's and the queue list's question): answered with
// queries that return only candidates, never every item.
Result<int> readyCount(LocalStore &store, const Uuid &queueId, const Timestamp &now);

// Removed and expired items stay listed (an answer to them is still sent) but are not ready.
Result<ItemStatuses> statusesOf(LocalStore &store, const Uuid &queueId, const Timestamp &now);

} // namespace assay::client
