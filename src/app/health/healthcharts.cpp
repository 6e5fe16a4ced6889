#include "healthcharts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace assay::app {

namespace {

qreal msecs(const QDate &day)
{
    return qreal(day.startOfDay(Qt::UTC).toMSecsSinceEpoch());
}

QDateTimeAxis *dayAxis(QChart *chart)
{
    auto *axis = new QDateTimeAxis;
    axis->setFormat(QStringLiteral("dd.MM."));
    axis->setTickCount(7);
    chart->addAxis(axis, Qt::AlignBottom);
    return axis;
}

// A step of 1, 2 or 5 × 10^k that cuts 0..max into at most about five parts (at least 1: counts).
double niceStep(double max)
{
    const double raw = std::max(1.0, max / 5);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0})
        if (m * magnitude >= raw)
            return m * magnitude;
    return 10 * magnitude;
}

QValueAxis *valueAxis(QChart *chart, const QString &title, Qt::Alignment side, double max)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setLabelFormat(QStringLiteral("%.0f"));
    const double step = niceStep(max);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setRange(0, step * std::max(1.0, std::ceil(max * 1.05 / step)));
    chart->addAxis(axis, side);
    return axis;
}

// The days worth drawing: from the queue's first traffic or open item (at least the last two weeks).
QList<client::HealthDay> activeDays(const QList<client::HealthDay> &days)
{
    constexpr qsizetype kAtLeast = 14;
    qsizetype first = std::max<qsizetype>(0, days.size() - kAtLeast);
    for (qsizetype i = 0; i < first; ++i)
        if (days[i].depth || days[i].arrivals || days[i].completions) {
            first = i;
            break;
        }
    return days.mid(first);
}

void attach(QChart *chart, QAbstractSeries *series, QAbstractAxis *x, QAbstractAxis *y)
{
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

QChart *newChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

} // namespace

QChart *HealthCharts::depthAndBacklog(const client::QueueHealthData &health)
{
    QChart *chart = newChart(tr("Open items and days of backlog"));
    auto *depth = new QLineSeries;
    depth->setName(tr("Open items"));
    auto *backlog = new QLineSeries;
    backlog->setName(tr("Days of backlog"));
    auto *alarm = new QLineSeries;
    alarm->setName(tr("Alarm (%1 days)").arg(health.alarmDays));
    const auto allBacklog = client::backlogDaysPerDay(health.days); // over every day: a week back counts
    const QList<client::HealthDay> days = activeDays(health.days);
    const auto backlogDays = allBacklog.mid(allBacklog.size() - days.size());
    double maxDepth = 0, maxBacklog = health.alarmDays;
    for (qsizetype i = 0; i < days.size(); ++i) {
        const qreal x = msecs(days[i].date);
        depth->append(x, qreal(days[i].depth));
        maxDepth = std::max(maxDepth, double(days[i].depth));
        if (backlogDays[i]) { // a day with open items and no completions has no backlog in days
            backlog->append(x, *backlogDays[i]);
            maxBacklog = std::max(maxBacklog, *backlogDays[i]);
        }
        alarm->append(x, health.alarmDays);
    }
    QDateTimeAxis *x = dayAxis(chart);
    attach(chart, depth, x, valueAxis(chart, tr("items"), Qt::AlignLeft, maxDepth));
    QValueAxis *dayScale = valueAxis(chart, tr("days"), Qt::AlignRight, maxBacklog);
    attach(chart, backlog, x, dayScale);
    attach(chart, alarm, x, dayScale);
    QPen dashed = alarm->pen();
    dashed.setStyle(Qt::DashLine);
    dashed.setColor(Qt::red);
    alarm->setPen(dashed);
    return chart;
}

QChart *HealthCharts::arrivalsAndCompletions(const client::QueueHealthData &health)
{
    QChart *chart = newChart(tr("Arrivals and completions per day"));
    auto *arrivals = new QLineSeries;
    arrivals->setName(tr("Arrivals"));
    auto *completions = new QLineSeries;
    completions->setName(tr("Completions"));
    double max = 0;
    for (const client::HealthDay &d : activeDays(health.days)) {
        arrivals->append(msecs(d.date), qreal(d.arrivals));
        completions->append(msecs(d.date), qreal(d.completions));
        max = std::max({max, double(d.arrivals), double(d.completions)});
    }
    QDateTimeAxis *x = dayAxis(chart);
    QValueAxis *y = valueAxis(chart, tr("items"), Qt::AlignLeft, max);
    attach(chart, arrivals, x, y);
    attach(chart, completions, x, y);
    return chart;
}

QChart *HealthCharts::reviewerThroughput(const client::QueueHealthData &health)
{
    QChart *chart = newChart(tr("Answers per reviewer"));
    auto *week = new QBarSet(tr("This week"));
    auto *total = new QBarSet(tr("In all"));
    QStringList names;
    double max = 0;
    for (const client::HealthReviewer &r : health.reviewers) {
        names.append(r.name);
        *week << qreal(r.thisWeek);
        *total << qreal(r.total);
        max = std::max(max, double(r.total));
    }
    auto *series = new QBarSeries;
    series->append(week);
    series->append(total);
    auto *x = new QBarCategoryAxis;
    x->append(names);
    chart->addAxis(x, Qt::AlignBottom);
    attach(chart, series, x, valueAxis(chart, tr("answers"), Qt::AlignLeft, max));
    return chart;
}

} // namespace assay::app
