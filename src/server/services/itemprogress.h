#pragma once

// Counts an item's completion (or reopening) for its queue's health: the item's count of reviewers with a
// current answer before a change (an answer, an answer superseded and replaced, one taken back) against
// the count after it. Taken around the whole change, so superseding one's own answer counts nothing.

#include "storage/store.h"

namespace assay::server {

class ItemProgress {
public:
    // `needed`: reviewers that complete an item of the queue (ReviewState::reviewersNeeded).
    static Result<ItemProgress> before(Store &store, const Uuid &queueId, const Uuid &runId,
                                       qsizetype needed);
    // A completion on `day`'s date when the count reached `needed`; reopened (today) when it fell below.
    Status after(const Timestamp &day);

private:
    ItemProgress(Store &store, Uuid queueId, Uuid runId, qsizetype needed, std::optional<qint64> count)
        : m_store(store)
        , m_queueId(queueId)
        , m_runId(runId)
        , m_needed(needed)
        , m_before(count)
    {
    }
    Store &m_store;
    Uuid m_queueId, m_runId;
    qsizetype m_needed;
    std::optional<qint64> m_before;
};

} // namespace assay::server
