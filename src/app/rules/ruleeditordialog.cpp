#include "ruleeditordialog.h"

#include "health/queuehealthdata.h"

#include "rules/ruleadmin.h"
#include "traces/filtercheck.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

namespace {

constexpr int kDryRunRuns = 1000;

} // namespace

RuleEditorDialog::RuleEditorDialog(client::ApiClient &api, const RoutingRule &rule, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_rule(rule)
    , m_name(new QLineEdit(rule.name, this))
    , m_filter(new QLineEdit(rule.filter, this))
    , m_percent(new QDoubleSpinBox(this))
    , m_problem(new QLabel(this))
    , m_dryRun(new QPushButton(tr("&Dry run"), this))
    , m_summary(new QLabel(this))
    , m_runs(new QListWidget(this))
    , m_verdict(new QLabel(this))
    , m_save(new QPushButton(rule.id.isNull() ? tr("&Add rule") : tr("&Save"), this))
{
    setWindowTitle(rule.id.isNull() ? tr("New routing rule") : tr("Routing rule “%1”").arg(rule.name));
    resize(720, 560);
    m_name->setPlaceholderText(tr("e.g. Low eval scores"));
    m_filter->setPlaceholderText(u"metadata.eval_score < 0.5"_s);
    m_percent->setRange(0.01, 100);
    m_percent->setDecimals(2);
    m_percent->setSuffix(u" %"_s);
    m_percent->setValue(rule.samplingRate * 100);
    m_problem->setStyleSheet(u"color:#c53030;"_s);
    m_problem->setWordWrap(true);
    m_summary->setWordWrap(true);
    m_verdict->setStyleSheet(u"color:#c53030;"_s);
    m_verdict->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Filter:"), m_filter);
    form->addRow(QString(), m_problem);
    form->addRow(tr("&Sampling:"), m_percent);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_dryRun, QDialogButtonBox::ActionRole);
    buttons->addButton(m_save, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(
        new QLabel(tr("Dry run over the last %1 runs (nothing is saved):").arg(kDryRunRuns), this));
    layout->addWidget(m_summary);
    layout->addWidget(m_runs, 1);
    layout->addWidget(m_verdict);
    layout->addWidget(buttons);

    connect(m_filter, &QLineEdit::textChanged, this, &RuleEditorDialog::check);
    connect(m_name, &QLineEdit::textChanged, this, &RuleEditorDialog::check);
    connect(m_dryRun, &QPushButton::clicked, this, &RuleEditorDialog::dryRun);
    connect(m_save, &QPushButton::clicked, this, &RuleEditorDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    check();
}

RoutingRule RuleEditorDialog::edited() const
{
    RoutingRule r = m_rule;
    r.name = m_name->text().trimmed();
    r.filter = m_filter->text().trimmed();
    r.samplingRate = m_percent->value() / 100;
    return r;
}

void RuleEditorDialog::check()
{
    const auto problem = client::checkFilter(m_filter->text());
    const bool empty = m_filter->text().trimmed().isEmpty();
    m_problem->setText(problem ? problem->toString() : QString());
    m_problem->setVisible(bool(problem));
    m_dryRun->setEnabled(!problem && !empty);
    m_save->setEnabled(!problem && !empty && !m_name->text().trimmed().isEmpty());
}

void RuleEditorDialog::dryRun()
{
    m_summary->setText(tr("Running…"));
    m_runs->clear();
    client::dryRunRule(m_api, edited(), kDryRunRuns, [this](Result<client::DryRunResult> result) {
        if (!result) {
            m_summary->setText(result.error().message);
        } else {
            m_summary->setText(result->summary());
            showCost(*result);
            for (const client::DryRunRun &run : std::as_const(result->runs)) {
                auto *item = new QListWidgetItem(
                    u"%1    %2%3"_s.arg(run.startTime.left(19).replace(u'T', u' '), run.name,
                                        run.alreadyQueued ? tr("    (already queued)") : QString()),
                    m_runs);
                if (run.alreadyQueued)
                    item->setForeground(palette().placeholderText());
            }
        }
        emit dryRunDone();
    });
}

void RuleEditorDialog::showCost(const client::DryRunResult &dry)
{
    // The planner for a draft: its share of the runs, at the queue's measured pace (docs/health.md). The
    // dialog may be closed before the queue's health comes.
    const QString summary = dry.summary();
    client::fetchQueueHealth(m_api, edited().queueId,
                             [self = QPointer(this), dry, summary](Result<client::QueueHealthData> health) {
                                 if (self && health)
                                     self->showCost(dry, summary, *health);
                             });
}

void RuleEditorDialog::showCost(const client::DryRunResult &dry, const QString &summary,
                                const client::QueueHealthData &health)
{
    if (m_summary->text() != summary)
        return; // another dry run meanwhile
    const client::DraftRuleCost cost = client::draftRuleCost(health, dry.evaluated, dry.sampledIn);
    const QString runs = QLocale().toString(health.runsPerDay, 'f', 0);
    const QString items = QLocale().toString(cost.itemsPerDay, 'f', 1);
    const QString line =
        cost.reviewerHoursPerDay
            ? tr("At %1 runs a day that is about %2 items a day: %3 reviewer-hours a day at the queue's pace "
                 "(%4 s per answer).")
                  .arg(runs, items, QLocale().toString(*cost.reviewerHoursPerDay, 'f', 2),
                       QLocale().toString(*health.secondsPerAnswer, 'f', 0))
            : tr("At %1 runs a day that is about %2 items a day (the queue has no measured time per answer "
                 "yet "
                 "to turn it into reviewer-hours).")
                  .arg(runs, items);
    m_summary->setText(summary + u"\n"_s + line);
    emit costShown();
}

void RuleEditorDialog::save()
{
    m_save->setEnabled(false);
    client::saveRule(m_api, edited(), [this](Result<RoutingRule> saved) {
        m_save->setEnabled(true);
        if (!saved) {
            m_verdict->setText(saved.error().message);
            return;
        }
        m_saved = *saved;
        accept();
    });
}

} // namespace assay::app
