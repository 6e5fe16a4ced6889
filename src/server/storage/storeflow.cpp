// A queue's health: its traffic per day (queue_flow, written with each change it counts), its open
// items, and its reviewers' answers and leases.

#include "store.h"

namespace assay::server {

using namespace Qt::StringLiterals;

Status Store::addFlow(const Uuid &queueId, qint64 day, const QString &source, const QString &column, qint64 n)
{
    if (n == 0)
        return Ok{};
    // An empty source binds as NULL: COALESCE keeps it the empty text the key needs.
    auto q = exec(
        u"INSERT INTO queue_flow (queue_id, day, source, %1) VALUES (?, ?, COALESCE(?, ''), ?)"
        " ON CONFLICT (queue_id, day, source) DO UPDATE SET %1 = queue_flow.%1 + excluded.%1"_s.arg(column),
        {queueId.toString(), day, source, n});
    if (!q)
        return q.error();
    return Ok{};
}

Result<std::optional<qint64>> Store::itemReviewerCount(const Uuid &queueId, const Uuid &runId)
{
    auto row = firstRow(u"SELECT reviewers FROM queue_items WHERE queue_id = ? AND run_id = ?"_s,
                        {queueId.toString(), runId.toString()});
    if (!row)
        return row.error();
    return row->isEmpty() ? std::nullopt : std::optional(row->first().toLongLong());
}

Result<QList<QueueFlowDay>> Store::queueFlow(const Uuid &queueId, qint64 fromDay)
{
    auto q = exec(u"SELECT day, source, arrivals, completions, reopened, removed_open FROM queue_flow"
                  " WHERE queue_id = ? AND day >= ? ORDER BY day, source"_s,
                  {queueId.toString(), fromDay});
    if (!q)
        return q.error();
    QList<QueueFlowDay> days;
    while (q->next())
        days.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toLongLong(),
                     q->value(3).toLongLong(), q->value(4).toLongLong(), q->value(5).toLongLong()});
    return days;
}

Result<qint64> Store::openItemCount(const Uuid &queueId, qsizetype needed)
{
    // queue_items_to_review (queue_id, reviewers, ...) holds the count: a range of the index.
    return count(u"SELECT COUNT(*) FROM queue_items WHERE queue_id = ? AND reviewers < ?"_s,
                 {queueId.toString(), qint64(needed)});
}

Result<QHash<QString, ReviewerAnswers>> Store::reviewerAnswers(const Uuid &queueId, const Timestamp &today,
                                                               const Timestamp &weekStart)
{
    // One pass over annotations_by_reviewer_time in its order, aggregated in the database: a row per
    // reviewer and tenth of a second comes back (a few hundred), not one per answer — read row by row,
    // 100,000 answers took ~140 ms. An answer made without the app has no active time (0).
    auto q = exec(
        u"SELECT reviewer, active_ms / 100, COUNT(*), SUM(CASE WHEN submitted_at >= ? THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN submitted_at >= ? THEN 1 ELSE 0 END), SUM(active_ms) FROM annotations"
        " WHERE queue_id = ? AND status = 'applied' GROUP BY reviewer, active_ms / 100"_s,
        {today.micros(), weekStart.micros(), queueId.toString()});
    if (!q)
        return q.error();
    QHash<QString, ReviewerAnswers> out;
    while (q->next()) {
        ReviewerAnswers &r = out[q->value(0).toString()];
        const qint64 tenth = q->value(1).toLongLong(), n = q->value(2).toLongLong();
        r.total += n;
        r.since += q->value(3).toLongLong();
        r.sinceWeek += q->value(4).toLongLong();
        if (q->value(5).toLongLong() > 0) {
            r.timed += n;
            r.activeMs += q->value(5).toLongLong();
            r.activeTenths.insert(tenth, n);
        }
    }
    return out;
}

Result<QHash<QString, qint64>> Store::leasesByReviewer(const Uuid &queueId, const Timestamp &now)
{
    auto q = exec(
        u"SELECT reviewer, COUNT(*) FROM leases WHERE queue_id = ? AND expires_at > ? GROUP BY reviewer"_s,
        {queueId.toString(), now.micros()});
    if (!q)
        return q.error();
    QHash<QString, qint64> out;
    while (q->next())
        out.insert(q->value(0).toString(), q->value(1).toLongLong());
    return out;
}

Result<QHash<Uuid, qint64>> Store::liveLeaseCounts(const Timestamp &now)
{
    auto q = exec(u"SELECT queue_id, COUNT(*) FROM leases WHERE expires_at > ? GROUP BY queue_id"_s,
                  {now.micros()});
    if (!q)
        return q.error();
    QHash<Uuid, qint64> out;
    while (q->next())
        if (auto id = Uuid::parse(q->value(0).toString()))
            out.insert(*id, q->value(1).toLongLong());
    return out;
}

Result<std::optional<Timestamp>> Store::oldestUnusedAnswerAt(const Uuid &queueId)
{
    // annotations_by_use: the first row of the (queue, applied, NULL) range.
    auto row = firstRow(u"SELECT MIN(submitted_at) FROM annotations WHERE queue_id = ? AND status = 'applied'"
                        " AND used_at IS NULL"_s,
                        {queueId.toString()});
    if (!row)
        return row.error();
    return timeOrNothing(*row);
}

Result<std::optional<Timestamp>> Store::lastAnswerUseAt(const Uuid &queueId)
{
    auto row = firstRow(u"SELECT MAX(used_at) FROM annotations WHERE queue_id = ? AND status = 'applied'"_s,
                        {queueId.toString()});
    if (!row)
        return row.error();
    return timeOrNothing(*row);
}

} // namespace assay::server
