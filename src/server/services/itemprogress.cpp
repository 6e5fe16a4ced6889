#include "itemprogress.h"

namespace assay::server {

using namespace Qt::StringLiterals;

Result<ItemProgress> ItemProgress::before(Store &store, const Uuid &queueId, const Uuid &runId,
                                          qsizetype needed)
{
    auto count = store.itemReviewerCount(queueId, runId);
    if (!count)
        return count.error();
    return ItemProgress(store, queueId, runId, needed, *count);
}

Status ItemProgress::after(const Timestamp &day)
{
    auto count = m_store.itemReviewerCount(m_queueId, m_runId);
    if (!count)
        return count.error();
    if (!m_before || !*count) // not in the queue (an answer to a removed item)
        return Ok{};
    if (*m_before < m_needed && **count >= m_needed)
        return m_store.addFlow(m_queueId, Store::dayOf(day), QString(), u"completions"_s, 1);
    if (*m_before >= m_needed && **count < m_needed)
        return m_store.addFlow(m_queueId, Store::dayOf(Timestamp::now()), QString(), u"reopened"_s, 1);
    return Ok{};
}

} // namespace assay::server
