// Run retention (--retain-runs-days): whole traces go once every run in them started before the cutoff,
// unless one of their runs is queued, answered in a queue, has feedback or is the source of a dataset
// example — what a review program still needs. A trace is kept or deleted whole, so the review screen
// never shows a run without its retrieval and model calls.

#include "store.h"

namespace assay::server {

using namespace Qt::StringLiterals;

Result<RetentionStep> Store::deleteExpiredTraces(const Timestamp &cutoff,
                                                 const std::optional<ListPosition> &after, qsizetype batch)
{
    // The next runs of the walk, oldest first (runs without a start time are a patch waiting for its
    // post: never expired).
    QVariantList binds{cutoff.micros()};
    QString sql = u"SELECT id, COALESCE(start_time, 0), COALESCE(trace_id, id) FROM runs"
                  " WHERE COALESCE(start_time, 0) < ? AND start_time IS NOT NULL"_s;
    if (after) {
        sql += afterPositionSql(u"COALESCE(start_time, 0)"_s, true);
        binds << after->first << after->first << after->second.toString();
    }
    sql += u" ORDER BY COALESCE(start_time, 0), id LIMIT ?"_s;
    binds << batch;
    auto q = exec(sql, binds);
    if (!q)
        return q.error();
    RetentionStep step;
    QSet<QString> traces;
    qsizetype seen = 0;
    while (q->next()) {
        auto id = Uuid::parse(q->value(0).toString());
        if (!id)
            return id.error();
        step.next = ListPosition{q->value(1).toLongLong(), *id};
        traces.insert(q->value(2).toString());
        ++seen;
    }
    q->finish();
    if (seen < batch)
        step.next.reset(); // the walk is done
    if (traces.isEmpty())
        return step;

    // Traces with a run that is not expired or that the review program still needs.
    const QStringList traceList(traces.begin(), traces.end());
    QVariantList keepBinds;
    const QString in = inStrings(traceList, keepBinds);
    keepBinds.append(keepBinds); // the list twice: by trace id and by run id (a root without trace_id)
    keepBinds << cutoff.micros();
    auto kept = firstColumn(
        u"SELECT DISTINCT COALESCE(r.trace_id, r.id) FROM runs r WHERE (r.trace_id IN %1 OR r.id IN %1) AND ("
        " r.start_time IS NULL OR r.start_time >= ?"
        " OR EXISTS (SELECT 1 FROM queue_items x WHERE x.run_id = r.id)"
        " OR EXISTS (SELECT 1 FROM annotations x WHERE x.run_id = r.id)"
        " OR EXISTS (SELECT 1 FROM feedback x WHERE x.run_id = r.id)"
        " OR EXISTS (SELECT 1 FROM examples x WHERE x.source_run_id = r.id))"_s.arg(in),
        keepBinds);
    if (!kept)
        return kept.error();
    for (const QString &trace : std::as_const(*kept))
        traces.remove(trace);
    if (traces.isEmpty())
        return step;

    const QStringList expired(traces.begin(), traces.end());
    QVariantList runBinds;
    const QString expiredIn = inStrings(expired, runBinds);
    runBinds.append(runBinds);
    auto runIds =
        firstColumn(u"SELECT id FROM runs WHERE trace_id IN %1 OR id IN %1"_s.arg(expiredIn), runBinds);
    if (!runIds)
        return runIds.error();
    for (qsizetype start = 0; start < runIds->size(); start += 500) {
        QVariantList ids;
        const QString idsIn = inStrings(runIds->mid(start, 500), ids);
        for (const char *table : {"run_facets", "unindexed_runs", "feedback_links"})
            if (auto d =
                    exec(u"DELETE FROM %1 WHERE run_id IN %2"_s.arg(QLatin1StringView(table), idsIn), ids);
                !d)
                return d.error();
        if (Status forgotten = forgetRunText(idsIn, ids); !forgotten)
            return forgotten.error();
        if (auto d = exec(u"DELETE FROM runs WHERE id IN "_s + idsIn, ids); !d)
            return d.error();
    }
    step.deletedRuns = runIds->size();
    step.deletedTraces = expired.size();
    return step;
}

} // namespace assay::server
