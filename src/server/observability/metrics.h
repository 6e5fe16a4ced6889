#pragma once

// What assay-server counts about itself, for GET /metrics (Prometheus' text format): requests and their
// latency per route family, database time, runs ingested, rule errors. Gauges that live in the database
// (queue depth, open leases, rule counters) are read when scraped (services/metricsreport.h). Thread-safe:
// every worker records into the one instance the server state holds.

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <array>
#include <atomic>

namespace assay::server {

// "/annotation-queues/{id}/runs" -> "annotation-queues"; "/platform/datasets/{id}" -> "platform/datasets";
// no route -> "unmatched". A handful of values, so a label Prometheus can keep.
QString routeFamily(const QString &pattern);

class Metrics {
public:
    // Upper bounds (seconds) of the latency histogram's buckets, besides +Inf.
    static constexpr std::array<double, 11> kLatencyBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                            0.5,   1,    2.5,   5,    10};

    // One answered request: `seconds` from its dispatch (queue wait included) to its answer;
    // `databaseSeconds` spent in database calls while it ran.
    void recordRequest(const QString &family, int status, double seconds, double databaseSeconds);
    void addRunsIngested(qint64 runs) { m_runsIngested.fetch_add(runs, std::memory_order_relaxed); }
    void addRuleErrors(qint64 errors) { m_ruleErrors.fetch_add(errors, std::memory_order_relaxed); }

    // The counters and histograms in Prometheus' text exposition format (0.0.4).
    QByteArray render() const;

private:
    struct Family {
        QHash<int, qint64> byStatus;
        std::array<qint64, kLatencyBuckets.size()> buckets{}; // not cumulative; render() sums them
        qint64 count = 0;
        double seconds = 0;
        double databaseSeconds = 0;
    };
    mutable QMutex m_mutex;
    QHash<QString, Family> m_families;
    std::atomic<qint64> m_runsIngested{0};
    std::atomic<qint64> m_ruleErrors{0};
};

// Builds one metric family of Prometheus' text format: "# HELP", "# TYPE", then samples.
class PrometheusText {
public:
    PrometheusText &family(const char *name, const char *type, const char *help);
    // `labels` as name/value pairs; values are escaped.
    PrometheusText &sample(const char *name, const QList<std::pair<const char *, QString>> &labels,
                           double value);
    QByteArray take() { return std::move(m_text); }

private:
    QByteArray m_text;
};

} // namespace assay::server
