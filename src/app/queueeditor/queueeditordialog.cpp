#include "queueeditordialog.h"

#include "rubricdesigner.h"

#include "models/rubricformmodel.h"
#include "queueeditor/queueadmin.h"
#include "queueeditor/rubricdesignmodel.h"
#include "review/rubricform.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

QueueEditorDialog::QueueEditorDialog(client::ApiClient &api, const std::optional<Queue> &existing,
                                     QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_existing(existing)
    , m_name(new QLineEdit(this))
    , m_guide(new QPlainTextEdit(this))
    , m_guidePreview(new QTextBrowser(this))
    , m_reviewers(new QSpinBox(this))
    , m_reservations(new QCheckBox(tr("&Reserve an item for the reviewer who opens it"), this))
    , m_lease(new QSpinBox(this))
    , m_seeFeedback(new QCheckBox(tr("Reviewers see &other feedback (not blind)"), this))
    , m_design(new client::RubricDesignModel(this))
    , m_preview(new client::RubricFormModel(this))
    , m_designer(new RubricDesigner(*m_design, this))
    , m_versionNote(new QLabel(this))
    , m_verdict(new QLabel(this))
    , m_save(new QPushButton(existing ? tr("&Save") : tr("&Create queue"), this))
{
    setWindowTitle(existing ? tr("Edit queue “%1”").arg(existing->name) : tr("New queue"));
    resize(1250, 800);
    const Queue start = existing.value_or(Queue{});
    m_name->setText(start.name);
    m_name->setPlaceholderText(tr("e.g. RAG quality review"));
    m_guide->setPlainText(start.description);
    m_guide->setPlaceholderText(
        tr("The reviewer guide, in markdown: what to look for, what each score means"));
    m_reviewers->setRange(0, 20);
    m_reviewers->setSpecialValueText(tr("every assigned reviewer"));
    m_reviewers->setValue(start.numReviewersPerItem);
    m_reservations->setChecked(start.enableReservations);
    m_lease->setRange(1, 7 * 24 * 60);
    m_lease->setSuffix(tr(" min"));
    m_lease->setValue(start.reservationMinutes);
    m_seeFeedback->setChecked(start.reviewersSeeFeedback);
    m_versionNote->setWordWrap(true);
    m_versionNote->setStyleSheet(u"color:#975a16;"_s);
    m_verdict->setWordWrap(true);
    m_verdict->setStyleSheet(u"color:#c53030;"_s);

    auto *guideTabs = new QTabWidget(this);
    guideTabs->setMaximumHeight(fontMetrics().height() * 9);
    guideTabs->addTab(m_guide, tr("&Write"));
    guideTabs->addTab(m_guidePreview, tr("Pre&view"));
    connect(guideTabs, &QTabWidget::currentChanged, this,
            [this] { m_guidePreview->setMarkdown(m_guide->toPlainText()); });

    auto *settings = new QFormLayout;
    settings->addRow(tr("&Name:"), m_name);
    settings->addRow(tr("&Guide:"), guideTabs);
    settings->addRow(tr("Reviewers &per item:"), m_reviewers);
    settings->addRow(QString(), m_reservations);
    settings->addRow(tr("&Lease:"), m_lease);
    settings->addRow(QString(), m_seeFeedback);
    auto *settingsBox = new QGroupBox(tr("Queue"), this);
    settingsBox->setLayout(settings);

    auto *designerBox = new QGroupBox(tr("Rubric"), this);
    auto *designerLayout = new QVBoxLayout(designerBox);
    designerLayout->addWidget(m_designer);

    auto *form = new RubricForm(*m_preview, this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(form);
    scroll->setWidgetResizable(true);
    auto *previewBox = new QGroupBox(tr("What reviewers see"), this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(scroll);

    auto *left = new QVBoxLayout;
    left->addWidget(settingsBox);
    left->addWidget(designerBox, 1);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 3);
    columns->addWidget(previewBox, 2);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_save, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_versionNote);
    layout->addWidget(m_verdict);
    layout->addWidget(buttons);

    connect(m_design, &client::RubricDesignModel::changed, this, &QueueEditorDialog::rubricChanged);
    connect(m_save, &QPushButton::clicked, this, &QueueEditorDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_design->setRubric(start.rubric);
    m_name->setFocus();
}

Queue QueueEditorDialog::edited() const
{
    Queue q = m_existing.value_or(Queue{});
    q.name = m_name->text().trimmed();
    q.description = m_guide->toPlainText();
    q.numReviewersPerItem = m_reviewers->value();
    q.enableReservations = m_reservations->isChecked();
    q.reservationMinutes = m_lease->value();
    q.reviewersSeeFeedback = m_seeFeedback->isChecked();
    const int version = q.rubric.version;
    q.rubric = m_design->rubric();
    q.rubric.version = version;
    return q;
}

void QueueEditorDialog::rubricChanged()
{
    m_preview->setRubric(m_design->rubric(), m_preview->values());
    m_save->setEnabled(m_design->report().ok());
    m_versionNote->setText(m_existing ? client::rubricChangeNote(m_existing->rubric, m_design->rubric())
                                      : QString());
    m_versionNote->setVisible(!m_versionNote->text().isEmpty());
}

void QueueEditorDialog::save()
{
    const Queue queue = edited();
    if (queue.name.isEmpty()) {
        m_verdict->setText(tr("Give the queue a name."));
        m_name->setFocus();
        return;
    }
    if (!m_design->report().ok())
        return;
    m_save->setEnabled(false);
    m_verdict->clear();
    client::saveQueue(m_api, queue, !m_existing, [this](Result<Queue> saved) {
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
