#include "runingest.h"

#include <QSet>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// The root a dotted order names: its first segment is "<start time>Z<root id>".
std::optional<Uuid> rootOfDottedOrder(const QString &dottedOrder)
{
    const QString first = dottedOrder.section(u'.', 0, 0);
    const qsizetype z = first.indexOf(u'Z');
    if (z < 0)
        return std::nullopt;
    auto id = Uuid::parse(first.mid(z + 1));
    return id ? std::optional(*id) : std::nullopt;
}

// A child posted without trace_id belongs to its parent's trace: the parent's in this batch or stored,
// else the root its dotted order names, else (the parent not here yet) the parent as the best guess.
Result<Uuid> traceOfChild(Store &store, const QHash<Uuid, Run> &batch, const Run &run)
{
    const auto parent = batch.constFind(*run.parentRunId);
    if (parent != batch.cend() && !parent->traceId.isNull())
        return parent->traceId;
    auto stored = store.runHeads({*run.parentRunId});
    if (!stored)
        return stored.error();
    if (const auto head = stored->constFind(*run.parentRunId); head != stored->cend() && head->traceId)
        return *head->traceId;
    if (auto root = rootOfDottedOrder(run.dottedOrder))
        return *root;
    return *run.parentRunId;
}

} // namespace

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
            auto trace = traceOfChild(store, runs, run);
            if (!trace)
                return trace.error();
            run.traceId = *trace;
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
