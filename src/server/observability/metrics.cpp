#include "metrics.h"

#include <QMutexLocker>

#include <algorithm>

namespace assay::server {

using namespace Qt::StringLiterals;

QString routeFamily(const QString &pattern)
{
    const QStringList segments = pattern.split(u'/', Qt::SkipEmptyParts);
    if (segments.isEmpty())
        return u"unmatched"_s;
    if (segments.first() == u"platform" && segments.size() > 1)
        return segments.at(0) + u'/' + segments.at(1);
    return segments.first();
}

void Metrics::recordRequest(const QString &family, int status, double seconds, double databaseSeconds)
{
    const auto bucket = std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds);
    QMutexLocker lock(&m_mutex);
    Family &f = m_families[family];
    ++f.byStatus[status];
    if (bucket != kLatencyBuckets.end())
        ++f.buckets[size_t(bucket - kLatencyBuckets.begin())];
    ++f.count;
    f.seconds += seconds;
    f.databaseSeconds += databaseSeconds;
}

QByteArray Metrics::render() const
{
    QHash<QString, Family> families;
    {
        QMutexLocker lock(&m_mutex);
        families = m_families;
    }
    QStringList names = families.keys();
    names.sort();
    PrometheusText text;
    text.family("assay_http_requests_total", "counter", "Requests answered, by route family and status.");
    for (const QString &name : names) {
        const Family &f = families[name];
        QList<int> statuses = f.byStatus.keys();
        std::sort(statuses.begin(), statuses.end());
        for (int status : statuses)
            text.sample("assay_http_requests_total", {{"route", name}, {"code", QString::number(status)}},
                        double(f.byStatus[status]));
    }
    text.family("assay_http_request_duration_seconds", "histogram",
                "Time from a request's dispatch to its answer (waiting for a worker included).");
    for (const QString &name : names) {
        const Family &f = families[name];
        qint64 cumulative = 0;
        for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
            cumulative += f.buckets[i];
            text.sample("assay_http_request_duration_seconds_bucket",
                        {{"route", name}, {"le", QString::number(kLatencyBuckets[i])}}, double(cumulative));
        }
        text.sample("assay_http_request_duration_seconds_bucket", {{"route", name}, {"le", u"+Inf"_s}},
                    double(f.count));
        text.sample("assay_http_request_duration_seconds_sum", {{"route", name}}, f.seconds);
        text.sample("assay_http_request_duration_seconds_count", {{"route", name}}, double(f.count));
    }
    text.family("assay_database_seconds_total", "counter",
                "Time requests spent in database calls (statements, fetching, begin and commit).");
    for (const QString &name : names)
        text.sample("assay_database_seconds_total", {{"route", name}}, families[name].databaseSeconds);
    text.family("assay_runs_ingested_total", "counter",
                "Runs accepted from POST/PATCH /runs and /runs/batch.");
    text.sample("assay_runs_ingested_total", {}, double(m_runsIngested.load(std::memory_order_relaxed)));
    text.family("assay_rule_errors_total", "counter",
                "Routing rule evaluations that failed (a filter that no longer compiles, a failed write).");
    text.sample("assay_rule_errors_total", {}, double(m_ruleErrors.load(std::memory_order_relaxed)));
    return text.take();
}

PrometheusText &PrometheusText::family(const char *name, const char *type, const char *help)
{
    m_text += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    return *this;
}

PrometheusText &PrometheusText::sample(const char *name,
                                       const QList<std::pair<const char *, QString>> &labels, double value)
{
    m_text += name;
    if (!labels.isEmpty()) {
        m_text += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            QByteArray escaped = labels[i].second.toUtf8();
            escaped.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
            m_text += (i ? "," : "") + QByteArray(labels[i].first) + "=\"" + escaped + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + QByteArray::number(value, 'g', 15) + '\n';
    return *this;
}

} // namespace assay::server
