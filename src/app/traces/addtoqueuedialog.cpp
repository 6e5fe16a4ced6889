#include "addtoqueuedialog.h"

#include "queueeditor/leadqueuelistmodel.h"
#include "traces/queueadder.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

AddToQueueDialog::AddToQueueDialog(client::ApiClient &api, const QList<Uuid> &selected,
                                   const client::RunTableQuery &query, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_selected(selected)
    , m_query(query)
    , m_queues(new client::LeadQueueListModel(api, this))
    , m_queue(new QComboBox(this))
    , m_chosen(new QRadioButton(tr("The %n &selected run(s)", nullptr, int(selected.size())), this))
    , m_all(new QRadioButton(this))
    , m_reason(new QLineEdit(this))
    , m_verdict(new QLabel(this))
    , m_add(new QPushButton(tr("&Add"), this))
{
    setWindowTitle(tr("Add to queue"));
    setMinimumWidth(520);
    m_queue->setModel(m_queues);
    m_all->setText(query.filter.isEmpty() ? tr("&Every run of the project")
                                          : tr("&Every run matching “%1”").arg(query.filter));
    m_chosen->setEnabled(!selected.isEmpty());
    (selected.isEmpty() ? m_all : m_chosen)->setChecked(true);
    m_reason->setPlaceholderText(tr("Why these runs need a look (reviewers read it)"));
    m_verdict->setWordWrap(true);
    m_verdict->setMinimumHeight(36);

    auto *form = new QFormLayout;
    form->addRow(tr("&Queue:"), m_queue);
    form->addRow(tr("Runs:"), m_chosen);
    form->addRow(QString(), m_all);
    form->addRow(tr("&Reason:"), m_reason);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_add, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_verdict);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, &AddToQueueDialog::add);
    connect(m_all, &QRadioButton::toggled, this, &AddToQueueDialog::recount);
    connect(m_queue, &QComboBox::currentIndexChanged, this, &AddToQueueDialog::recount);
    connect(m_queues, &client::LeadQueueListModel::loaded, this, [this] {
        if (m_queue->currentIndex() < 0 && m_queues->rowCount() > 0)
            m_queue->setCurrentIndex(0);
        if (m_queues->rowCount() == 0)
            m_verdict->setText(tr("There is no queue yet: make one on the Queues page first."));
        recount();
    });
    connect(m_queues, &client::LeadQueueListModel::failed, m_verdict, &QLabel::setText);
    m_queues->reload();
    recount();
}

std::optional<Uuid> AddToQueueDialog::chosenQueue() const
{
    return m_queues->idAt(m_queue->currentIndex());
}

// "All matching" is counted before anything is added, for the queue chosen.
void AddToQueueDialog::recount()
{
    m_counted = false;
    m_matching.clear();
    const auto queue = chosenQueue();
    m_add->setEnabled(queue && m_chosen->isChecked());
    m_add->setText(tr("&Add"));
    if (!queue || !m_all->isChecked()) {
        if (queue)
            m_verdict->clear();
        return;
    }
    m_verdict->setText(tr("Counting the runs that match…"));
    const quint64 generation = ++m_countGeneration;
    client::countMatching(m_api, *queue, m_query, [this, generation](Result<client::MatchCount> count) {
        if (generation != m_countGeneration)
            return;
        if (!count) {
            m_verdict->setText(count.error().message);
            return;
        }
        const QLocale l;
        if (count->truncated) {
            m_verdict->setText(tr("More than %1 runs match: too many to add at once. Narrow the filter, or "
                                  "add a routing rule to the queue and backfill it.")
                                   .arg(l.toString(count->limit)));
            return;
        }
        m_matching = count->toAdd;
        m_counted = true;
        m_verdict->setText(tr("%1 run(s) match; %2 are in the queue already; %3 will be added.")
                               .arg(l.toString(count->matching), l.toString(count->alreadyQueued),
                                    l.toString(qint64(m_matching.size()))));
        m_add->setText(tr("&Add %n run(s)", nullptr, int(m_matching.size())));
        m_add->setEnabled(!m_matching.isEmpty());
    });
}

void AddToQueueDialog::add()
{
    const auto queue = chosenQueue();
    if (!queue || (m_all->isChecked() && !m_counted))
        return;
    const QList<Uuid> runs = m_all->isChecked() ? m_matching : m_selected;
    const QString queueName = m_queue->currentData(client::LeadQueueListModel::NameRole).toString();
    m_add->setEnabled(false);
    m_verdict->setText(tr("Adding %n run(s)…", nullptr, int(runs.size())));
    client::addRunsToQueue(m_api, *queue, runs, m_reason->text(),
                           [this, queueName](Result<client::AddOutcome> outcome) {
                               if (!outcome) {
                                   m_verdict->setText(outcome.error().message);
                                   m_add->setEnabled(true);
                                   return;
                               }
                               m_outcome = outcome->summary(queueName);
                               emit added(m_outcome);
                               accept();
                           });
}

} // namespace assay::app
