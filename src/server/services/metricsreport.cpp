#include "metricsreport.h"

#include "observability/metrics.h"
#include "reviewstate.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// Every queue, a page at a time (listQueues pages like the REST listing).
Result<QList<Queue>> allQueues(Store &store)
{
    QList<Queue> all;
    ListQuery query;
    query.limit = 1000;
    while (true) {
        auto page = store.listQueues(query);
        if (!page)
            return page.error();
        all += *page;
        if (page->size() < query.limit)
            return all;
        query.offset += query.limit;
    }
}

} // namespace

Result<QByteArray> databaseMetrics(Store &store, const Timestamp &now)
{
    auto queues = allQueues(store);
    if (!queues)
        return queues.error();
    auto leases = store.liveLeaseCounts(now);
    if (!leases)
        return leases.error();
    PrometheusText text;
    text.family("assay_queue_open_items", "gauge",
                "Items of a queue that still need an answer (fewer answers than the queue asks for).");
    for (const Queue &queue : *queues) {
        auto needed = ReviewState::reviewersNeeded(store, queue);
        if (!needed)
            return needed.error();
        auto open = store.openItemCount(queue.id, *needed);
        if (!open)
            return open.error();
        text.sample("assay_queue_open_items", {{"queue_id", queue.id.toString()}, {"queue", queue.name}},
                    double(*open));
    }
    text.family("assay_queue_open_leases", "gauge",
                "Items checked out by a reviewer whose lease has not expired.");
    for (const Queue &queue : *queues)
        text.sample("assay_queue_open_leases", {{"queue_id", queue.id.toString()}, {"queue", queue.name}},
                    double(leases->value(queue.id)));

    auto rules = store.listRules(false);
    if (!rules)
        return rules.error();
    QList<std::pair<RoutingRule, RuleStats>> stats;
    for (const RoutingRule &rule : *rules) {
        auto s = store.ruleStats(rule.id);
        if (!s)
            return s.error();
        stats.append({rule, *s});
    }
    auto ruleFamily = [&](const char *name, const char *help, qint64 RuleStats::*field) {
        text.family(name, "counter", help);
        for (const auto &[rule, s] : stats)
            text.sample(
                name,
                {{"rule_id", rule.id.toString()}, {"rule", rule.name}, {"queue_id", rule.queueId.toString()}},
                double(s.*field));
    };
    ruleFamily("assay_rule_evaluated_runs_total", "Runs a routing rule's filter was evaluated on.",
               &RuleStats::evaluated);
    ruleFamily("assay_rule_matched_runs_total", "Runs a routing rule's filter matched.", &RuleStats::matched);
    ruleFamily("assay_rule_added_items_total", "Runs a routing rule put into its queue.", &RuleStats::added);
    return text.take();
}

} // namespace assay::server
