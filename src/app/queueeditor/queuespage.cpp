#include "queuespage.h"

#include "queueeditordialog.h"

#include "exports/exportdialog.h"
#include "lead/masterdetail.h"

#include "queueeditor/leadqueuelistmodel.h"
#include "queueeditor/queueadmin.h"
#include "rules/rulespanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

QueuesPage::QueuesPage(client::ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_queues(new client::LeadQueueListModel(api, this))
    , m_list(new QListView(this))
    , m_rules(new RulesPanel(api, this))
    , m_rulesTitle(new QLabel(this))
    , m_status(new QLabel(this))
{
    m_list->setModel(m_queues);
    auto *add = new QPushButton(tr("&New queue…"), this);
    auto *edit = new QPushButton(tr("&Edit queue…"), this);
    auto *remove = new QPushButton(tr("&Delete queue…"), this);
    auto *exportQueue = new QPushButton(tr("E&xport…"), this);
    add->setToolTip(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText));
    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_rulesTitle);
    detailsLayout->addWidget(m_rules, 1);
    layOutMasterDetail(this, tr("&Queues:"), m_list, {add, edit, remove, exportQueue}, details, m_status);

    confirm = [this](const QString &question) {
        return QMessageBox::question(this, tr("Delete queue"), question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    };
    connect(add, &QPushButton::clicked, this, &QueuesPage::newQueue);
    connect(edit, &QPushButton::clicked, this, &QueuesPage::editQueue);
    connect(remove, &QPushButton::clicked, this, &QueuesPage::deleteQueue);
    connect(exportQueue, &QPushButton::clicked, this, &QueuesPage::exportQueue);
    connect(m_list, &QListView::activated, this, &QueuesPage::editQueue);
    connect(new QShortcut(QKeySequence::New, this), &QShortcut::activated, this, &QueuesPage::newQueue);
    auto *del = new QShortcut(QKeySequence::Delete, m_list);
    del->setContext(Qt::WidgetShortcut);
    connect(del, &QShortcut::activated, this, &QueuesPage::deleteQueue);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &QueuesPage::selectionChanged);
    connect(m_queues, &client::LeadQueueListModel::loaded, this, [this] {
        if (!m_list->currentIndex().isValid() && m_queues->rowCount() > 0)
            m_list->setCurrentIndex(m_queues->index(0));
    });
    connect(m_queues, &client::LeadQueueListModel::failed, m_status, &QLabel::setText);
    selectionChanged();
}

void QueuesPage::refresh()
{
    m_queues->reload();
}

void QueuesPage::selectionChanged()
{
    const QModelIndex current = m_list->currentIndex();
    const auto id = m_queues->idAt(current.row());
    const QString name = current.data(client::LeadQueueListModel::NameRole).toString();
    m_rulesTitle->setText(id ? tr("Routing rules that feed “%1”:").arg(name)
                             : tr("Choose a queue to see its rules."));
    m_rules->setQueue(id, name);
}

void QueuesPage::newQueue()
{
    openEditor(std::nullopt);
}

void QueuesPage::withCurrentQueue(std::function<void(const client::QueueDetails &)> then)
{
    const auto id = m_queues->idAt(m_list->currentIndex().row());
    if (!id)
        return;
    client::loadQueueDetails(m_api, *id,
                             [this, then = std::move(then)](Result<client::QueueDetails> details) {
                                 if (!details)
                                     m_status->setText(details.error().message);
                                 else
                                     then(*details);
                             });
}

void QueuesPage::editQueue()
{
    withCurrentQueue([this](const client::QueueDetails &details) { openEditor(details.queue); });
}

void QueuesPage::openEditor(const std::optional<Queue> &queue)
{
    QueueEditorDialog dialog(m_api, queue, this);
    if (onEditor)
        onEditor(dialog);
    else
        dialog.exec();
    if (dialog.result() != QDialog::Accepted)
        return;
    m_status->setText(tr("Queue “%1” saved (rubric version %2).")
                          .arg(dialog.saved().name)
                          .arg(dialog.saved().rubric.version));
    m_queues->reload();
}

void QueuesPage::exportQueue()
{
    const QModelIndex current = m_list->currentIndex();
    const auto id = m_queues->idAt(current.row());
    if (!id)
        return;
    ExportDialog dialog(
        m_api,
        client::ExportSource::queue(*id, current.data(client::LeadQueueListModel::NameRole).toString()),
        this);
    if (onExport)
        onExport(dialog);
    else
        dialog.exec();
}

void QueuesPage::deleteQueue()
{
    withCurrentQueue([this](const client::QueueDetails &details) {
        if (!confirm(client::queueDeletionQuestion(details)))
            return;
        const QString name = details.queue.name;
        client::deleteQueue(m_api, details.queue.id, [this, name](Status s) {
            m_status->setText(s ? tr("Queue “%1” deleted.").arg(name) : s.error().message);
            m_queues->reload();
        });
    });
}

} // namespace assay::app
