#include "rulespanel.h"

#include "ruleeditordialog.h"

#include "rules/ruleadmin.h"
#include "rules/rulelistmodel.h"

#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

RulesPanel::RulesPanel(client::ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_rules(new client::RuleListModel(api, this))
    , m_table(new QTableView(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_refresh(new QTimer(this))
{
    m_table->setModel(m_rules);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(client::RuleListModel::Filter, fontMetrics().horizontalAdvance(u'M') * 18);
    m_progress->hide();
    m_status->setWordWrap(true);

    auto *add = new QPushButton(tr("New ru&le…"), this);
    auto *edit = new QPushButton(tr("Ed&it rule…"), this);
    auto *toggle = new QPushButton(tr("On / o&ff"), this);
    auto *remove = new QPushButton(tr("Dele&te rule"), this);
    auto *fill = new QPushButton(tr("&Backfill…"), this);
    m_needQueue = {add, edit, toggle, remove, fill};
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : std::as_const(m_needQueue))
        buttons->addWidget(b);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);

    connect(add, &QPushButton::clicked, this, &RulesPanel::newRule);
    connect(edit, &QPushButton::clicked, this, &RulesPanel::editRule);
    connect(m_table, &QTableView::activated, this, &RulesPanel::editRule);
    connect(toggle, &QPushButton::clicked, this, &RulesPanel::toggleRule);
    connect(remove, &QPushButton::clicked, this, &RulesPanel::deleteRule);
    connect(fill, &QPushButton::clicked, this, &RulesPanel::backfill);
    connect(m_rules, &client::RuleListModel::failed, m_status, &QLabel::setText);
    // Counters move as runs arrive: read them again while the panel is shown.
    m_refresh->setInterval(5000);
    connect(m_refresh, &QTimer::timeout, this, [this] {
        if (isVisible())
            m_rules->reload();
    });
    m_refresh->start();
    confirm = [this](const QString &question) {
        return QMessageBox::question(this, tr("Routing rules"), question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
    setQueue(std::nullopt, {});
}

void RulesPanel::setQueue(const std::optional<Uuid> &queueId, const QString &queueName)
{
    m_queue = queueId;
    m_queueName = queueName;
    for (QPushButton *b : std::as_const(m_needQueue))
        b->setEnabled(bool(queueId));
    m_rules->setQueue(queueId);
}

int RulesPanel::currentRow() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void RulesPanel::newRule()
{
    if (!m_queue)
        return;
    RoutingRule rule;
    rule.queueId = *m_queue;
    openEditor(rule);
}

void RulesPanel::editRule()
{
    if (const int row = currentRow(); row >= 0)
        openEditor(m_rules->rowAt(row).rule);
}

void RulesPanel::openEditor(const RoutingRule &rule)
{
    RuleEditorDialog dialog(m_api, rule, this);
    if (onEditor)
        onEditor(dialog);
    else
        dialog.exec();
    if (dialog.result() == QDialog::Accepted) {
        m_status->setText(tr("Rule “%1” saved.").arg(dialog.saved().name));
        m_rules->reload();
    }
}

void RulesPanel::toggleRule()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const RoutingRule rule = m_rules->rowAt(row).rule;
    client::setRuleEnabled(m_api, rule.id, !rule.enabled, [this, rule](Status s) {
        m_status->setText(!s ? s.error().message
                          : rule.enabled
                              ? tr("Rule “%1” is off: it routes nothing until switched on.").arg(rule.name)
                              : tr("Rule “%1” is on.").arg(rule.name));
        m_rules->reload();
    });
}

void RulesPanel::deleteRule()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const RoutingRule rule = m_rules->rowAt(row).rule;
    if (!confirm(tr("Delete the rule “%1”? The runs it added stay in the queue.").arg(rule.name)))
        return;
    client::deleteRule(m_api, rule.id, [this, rule](Status s) {
        m_status->setText(s ? tr("Rule “%1” deleted.").arg(rule.name) : s.error().message);
        m_rules->reload();
    });
}

void RulesPanel::backfill()
{
    const int row = currentRow();
    if (row < 0)
        return;
    const RoutingRule rule = m_rules->rowAt(row).rule;
    QDialog ask(this);
    ask.setWindowTitle(tr("Backfill “%1”").arg(rule.name));
    auto *since = new QDateTimeEdit(QDateTime::currentDateTime().addDays(-7), &ask);
    since->setCalendarPopup(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &ask);
    auto *layout = new QVBoxLayout(&ask);
    layout->addWidget(new QLabel(tr("Apply the rule to the runs that started since:"), &ask));
    layout->addWidget(since);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &ask, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &ask, &QDialog::reject);
    if (ask.exec() != QDialog::Accepted)
        return;
    startBackfill(rule.id, since->dateTime());
}

void RulesPanel::startBackfill(const Uuid &ruleId, const QDateTime &since)
{
    auto *job = new client::BackfillJob(m_api, 500, this);
    m_progress->setRange(0, 0);
    m_progress->show();
    connect(job, &client::BackfillJob::progress, this, [this](qint64 processed, qint64 total, qint64 added) {
        m_progress->setRange(0, int(std::max<qint64>(total, 1)));
        m_progress->setValue(int(processed));
        m_progress->setFormat(tr("%1 of %2 runs, %3 added").arg(processed).arg(total).arg(added));
    });
    connect(job, &client::BackfillJob::finished, this, [this, job](bool, const QString &message) {
        m_progress->hide();
        m_status->setText(message);
        m_rules->reload();
        job->deleteLater();
        emit backfillFinished();
    });
    job->start(ruleId, since);
}

} // namespace assay::app
