#include "runingest.h"

#include <QSet>

namespace assay::server {

using namespace Qt::StringLiterals;

Status ingestRuns(Store &store, RuleEngine &rules, QList<RunUpsert> writes)
{
    QList<Uuid> ids;
    ids.reserve(writes.size());
    for (RunUpsert &w : writes) {
        if (!w.id)
            w.id = Uuid::v7();
        ids.append(*w.id);
    }
    auto stored = store.runsByIds(ids);
    if (!stored)
        return stored.error();
    QHash<Uuid, Run> &runs = *stored;
    // What the query side index holds of each stored run, to rewrite only the runs whose tags or
    // metadata change (most patches only complete a run).
    QHash<Uuid, std::pair<QStringList, QJsonObject>> indexedBefore;
    for (auto it = runs.cbegin(); it != runs.cend(); ++it)
        indexedBefore.insert(it.key(), {it->tags, it->metadata()});
    QList<Uuid> order; // first-seen order, so the batch writes rows in the order they came
    QSet<Uuid> ordered;
    for (const RunUpsert &w : writes) {
        auto it = runs.find(*w.id);
        if (it == runs.end())
            it = runs.insert(*w.id, Run{});
        if (!ordered.contains(*w.id)) {
            ordered.insert(*w.id);
            order.append(*w.id);
        }
        applyRunUpsert(*it, w);
    }
    QList<Run> out;
    out.reserve(order.size());
    for (const Uuid &id : order) {
        Run &run = runs[id];
        if (!run.sessionId) {
            auto project = store.projectIdForName(run.sessionName.isEmpty() ? u"default"_s : run.sessionName);
            if (!project)
                return project.error();
            run.sessionId = *project;
        }
        if (run.traceId.isNull() && run.parentRunId) {
            // A child posted without trace_id belongs to its parent's trace.
            const auto parent = runs.constFind(*run.parentRunId);
            run.traceId =
                parent != runs.cend() && !parent->traceId.isNull() ? parent->traceId : *run.parentRunId;
        }
        completeDerivedFields(run);
        out.append(run);
    }
    if (auto written = store.upsertRuns(out); !written)
        return written;
    QList<Run> reindex;
    for (const Run &run : std::as_const(out)) {
        const auto before = indexedBefore.constFind(run.id);
        if (before == indexedBefore.cend() || before->first != run.tags || before->second != run.metadata())
            reindex.append(run);
    }
    if (auto queued = store.queueRunFacets(reindex); !queued)
        return queued;
    if (auto queued = store.queueRunText(out); !queued)
        return queued;
    return rules.onRunsWritten(out);
}

} // namespace assay::server
