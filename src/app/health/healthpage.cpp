#include "healthpage.h"

#include "healthcharts.h"
#include "lead/queuepicker.h"

#include "health/reviewerhealthmodel.h"
#include "health/tablecsv.h"

#include <QApplication>
#include <QChartView>
#include <QClipboard>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace assay::app {

namespace {

QString number(const std::optional<double> &v, int decimals = 1)
{
    return v ? QLocale().toString(*v, 'f', decimals) : QStringLiteral("—");
}

enum PlannerColumn { RuleName, RateNow, RoutedPerDay, TryRate };

} // namespace

HealthPage::HealthPage(client::ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_picker(new QueuePicker(api, this))
    , m_banner(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_planner(new QTableWidget(0, 4, this))
    , m_plannerResult(new QLabel(this))
    , m_reviewerModel(new client::ReviewerHealthModel(this))
    , m_reviewers(new QTableView(this))
    , m_status(new QLabel(this))
{
    auto *top = new QHBoxLayout;
    auto *queueLabel = new QLabel(tr("&Queue:"), this);
    queueLabel->setBuddy(m_picker);
    auto *reload = new QPushButton(tr("Reloa&d"), this);
    top->addWidget(queueLabel);
    top->addWidget(m_picker, 1);
    top->addWidget(reload);

    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #611a15; padding: 6px; "
                                           "border: 1px solid #f5c2c0; }"));
    m_banner->hide();
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *charts = new QTabWidget(this);
    const QStringList chartNames{tr("Backlog"), tr("Arrivals and completions"), tr("Reviewers")};
    for (const QString &name : chartNames) {
        auto *view = new QChartView(this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(220);
        m_charts.append(view);
        charts->addTab(view, name);
    }

    auto *plannerBox = new QGroupBox(tr("Planner: reviewer-hours a day"), this);
    m_planner->setHorizontalHeaderLabels({tr("Rule"), tr("Sampling now"), tr("Routed a day"), tr("Try sampling")});
    m_planner->horizontalHeader()->setSectionResizeMode(RuleName, QHeaderView::Stretch);
    m_planner->verticalHeader()->hide();
    m_planner->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_plannerResult->setWordWrap(true);
    auto *plannerLayout = new QVBoxLayout(plannerBox);
    plannerLayout->addWidget(m_planner);
    plannerLayout->addWidget(m_plannerResult);

    auto *reviewerBox = new QGroupBox(tr("Reviewers"), this);
    m_reviewers->setModel(m_reviewerModel);
    m_reviewers->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_reviewers->verticalHeader()->hide();
    m_reviewers->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto *copy = new QPushButton(tr("Copy as &CSV"), this);
    auto *reviewerLayout = new QVBoxLayout(reviewerBox);
    reviewerLayout->addWidget(m_reviewers);
    reviewerLayout->addWidget(copy, 0, Qt::AlignRight);

    auto *lower = new QSplitter(this);
    lower->addWidget(plannerBox);
    lower->addWidget(reviewerBox);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(m_summary);
    layout->addWidget(charts, 3);
    layout->addWidget(lower, 2);
    layout->addWidget(m_status);

    connect(reload, &QPushButton::clicked, this, &HealthPage::refresh);
    connect(copy, &QPushButton::clicked, this, &HealthPage::copyReviewersAsCsv);
    connect(m_picker, &QueuePicker::queueChosen, this, &HealthPage::load);
    connect(m_picker, &QueuePicker::failed, m_status, &QLabel::setText);
}

void HealthPage::refresh()
{
    m_picker->reload();
    if (auto queue = m_picker->currentQueue())
        load(*queue);
}

void HealthPage::load(const Uuid &queue)
{
    const quint64 generation = ++m_generation;
    m_status->setText(tr("Loading…"));
    client::fetchQueueHealth(m_api, queue, [this, generation](Result<client::QueueHealthData> health) {
        if (generation != m_generation)
            return; // another queue was chosen meanwhile
        if (!health) {
            m_status->setText(tr("Could not load the queue's health: %1").arg(health.error().message));
            return;
        }
        m_status->clear();
        show(*health);
        emit loaded();
    });
}

void HealthPage::show(const client::QueueHealthData &health)
{
    m_health = health;
    const QStringList alarms = client::healthAlarms(health);
    m_banner->setText(alarms.join(QStringLiteral("\n\n")));
    m_banner->setVisible(!alarms.isEmpty());
    m_summary->setText(tr("%n open item(s) · %1 days of backlog (the alarm is at %2) · %3 completions a day · "
                          "%4 s per answer, %5 answers per reviewer-hour",
                          "", int(health.depth))
                           .arg(number(health.backlogDays), QLocale().toString(health.alarmDays),
                                number(health.completionsPerDay, 2), number(health.secondsPerAnswer),
                                number(health.answersPerReviewerHour)));
    const QList<QChart *> built{HealthCharts::depthAndBacklog(health), HealthCharts::arrivalsAndCompletions(health),
                                HealthCharts::reviewerThroughput(health)};
    for (qsizetype i = 0; i < m_charts.size(); ++i) {
        QChart *old = m_charts[i]->chart();
        m_charts[i]->setChart(built[i]);
        delete old; // the view gives up a chart it is handed a new one for
    }
    m_reviewerModel->setReviewers(health.reviewers);
    fillPlanner();
}

void HealthPage::fillPlanner()
{
    m_planner->setRowCount(int(m_health.rules.size()));
    for (int row = 0; row < m_health.rules.size(); ++row) {
        const client::HealthRule &rule = m_health.rules[row];
        m_planner->setItem(row, RuleName, new QTableWidgetItem(rule.name));
        m_planner->setItem(row, RateNow, new QTableWidgetItem(QLocale().toString(rule.samplingRate * 100, 'f', 1) +
                                                              QStringLiteral(" %")));
        m_planner->setItem(row, RoutedPerDay, new QTableWidgetItem(number(rule.routedPerDay, 1)));
        auto *rate = new QDoubleSpinBox(m_planner);
        rate->setRange(0, 100);
        rate->setDecimals(1);
        rate->setSuffix(QStringLiteral(" %"));
        rate->setValue(rule.samplingRate * 100);
        rate->setAccessibleName(tr("Try sampling for %1").arg(rule.name));
        connect(rate, &QDoubleSpinBox::valueChanged, this, &HealthPage::plannerChanged);
        m_planner->setCellWidget(row, TryRate, rate);
    }
    plannerChanged();
}

void HealthPage::plannerChanged()
{
    QHash<QString, double> rates;
    for (int row = 0; row < m_health.rules.size(); ++row)
        if (auto *spin = qobject_cast<QDoubleSpinBox *>(m_planner->cellWidget(row, TryRate)))
            rates.insert(m_health.rules[row].id, spin->value() / 100);
    const auto tried = client::plannedReviewerHours(m_health, rates);
    if (!tried) {
        m_plannerResult->setText(tr("No answers with a measured time yet: the planner needs a time per answer."));
        return;
    }
    m_plannerResult->setText(
        tr("%1 runs a day, %2 items a day into this queue (%3 by rules), %4 reviewer(s) per item at %5 s: "
           "%6 reviewer-hours a day now; with the rates above: %7.")
            .arg(number(m_health.runsPerDay, 0), number(m_health.arrivalsPerDay, 1), number(m_health.routedPerDay, 1))
            .arg(m_health.reviewersNeeded)
            .arg(number(m_health.secondsPerAnswer), number(m_health.reviewerHoursPerDay, 2), number(tried, 2)));
}

void HealthPage::copyReviewersAsCsv()
{
    QApplication::clipboard()->setText(client::tableToCsv(*m_reviewerModel));
    m_status->setText(tr("The reviewers' table is on the clipboard as CSV."));
}

} // namespace assay::app
