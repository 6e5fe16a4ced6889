#include "exportdialog.h"

#include "exports/exportdownload.h"

#include "core/exportrecords.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

ExportDialog::ExportDialog(client::ApiClient &api, client::ExportSource source, QWidget *parent)
    : QDialog(parent)
    , m_source(std::move(source))
    , m_download(new client::ExportDownload(api, this))
    , m_format(new QComboBox(this))
    , m_where(new QLineEdit(this))
    , m_state(new QComboBox(this))
    , m_reviewer(new QLineEdit(this))
    , m_bar(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Export “%1”").arg(m_source.name));
    m_format->addItem(tr("Annotated runs, JSON Lines"), u"jsonl"_s);
    m_format->addItem(tr("Annotated runs, CSV (a row per answer)"), u"csv"_s);
    m_format->addItem(tr("Fine-tuning: OpenAI chat"), u"openai"_s);
    m_format->addItem(tr("Fine-tuning: ShareGPT"), u"sharegpt"_s);
    m_format->addItem(tr("Fine-tuning: Alpaca"), u"alpaca"_s);
    m_format->addItem(tr("Preference pairs (DPO) from corrections"), u"dpo"_s);
    m_state->addItem(tr("Any"), u"any"_s);
    m_state->addItem(tr("Completed"), u"completed"_s);
    m_state->addItem(tr("Still open"), u"open"_s);
    m_reviewer->setPlaceholderText(tr("everyone"));
    m_status->setWordWrap(true);
    m_bar->setVisible(false);

    auto *form = new QFormLayout;
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&Answers that qualify:"), m_where);
    form->addRow(tr("Items &state:"), m_state);
    form->addRow(tr("Only &reviewer:"), m_reviewer);
    auto *buttons = new QDialogButtonBox(this);
    m_export = buttons->addButton(tr("&Export…"), QDialogButtonBox::AcceptRole);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_bar);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    choosePath = [this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, tr("Export to"), suggested);
    };
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_download->running())
            m_download->cancel();
        else
            reject();
    });
    connect(m_download, &client::ExportDownload::progressed, this, &ExportDialog::showProgress);
    connect(m_download, &client::ExportDownload::finished, this, [this](bool ok, const QString &message) {
        m_status->setText(message);
        m_export->setEnabled(true);
        m_cancel->setText(ok ? tr("Close") : tr("Cancel"));
        if (!ok) {
            m_bar->setVisible(false);
        } else { // done: full, whatever share of the items qualified
            m_bar->setRange(0, 1);
            m_bar->setValue(1);
        }
    });
    formatChanged();
}

void ExportDialog::formatChanged()
{
    const QString format = m_format->currentData().toString();
    const bool training = format != u"jsonl" && format != u"csv";
    m_where->setPlaceholderText(format == u"dpo" ? tr("every corrected answer")
                                : training       ? tr("overall_quality = good")
                                                 : tr("every answer"));
}

void ExportDialog::startExport()
{
    const QString format = m_format->currentData().toString();
    const QString suggested = QDir::home().filePath(
        u"%1-%2.%3"_s.arg(fileStem(m_source.name), format, exportFileExtension(*exportFormatNamed(format))));
    const QString path = choosePath(suggested);
    if (path.isEmpty())
        return;
    QUrlQuery options;
    options.addQueryItem(u"format"_s, format);
    if (!m_where->text().trimmed().isEmpty())
        options.addQueryItem(u"where"_s, m_where->text().trimmed());
    options.addQueryItem(u"status"_s, m_state->currentData().toString());
    if (!m_reviewer->text().trimmed().isEmpty())
        options.addQueryItem(u"reviewer"_s, m_reviewer->text().trimmed());
    QString error;
    if (!m_download->start(m_source, options, path, &error)) {
        m_status->setText(tr("Cannot write %1: %2").arg(path, error));
        return;
    }
    m_export->setEnabled(false);
    m_cancel->setText(tr("Cancel"));
    m_bar->setVisible(true);
    m_bar->setRange(0, 0);
    m_status->setText(tr("Exporting…"));
}

void ExportDialog::showProgress(const client::ExportProgress &p)
{
    if (p.itemsInQueue > 0) {
        m_bar->setRange(0, int(std::min<qint64>(p.itemsInQueue, INT_MAX)));
        m_bar->setValue(int(std::min(p.records, p.itemsInQueue)));
    }
    QString text = tr("%1 records of at most %2 · %3 records/s")
                       .arg(p.records)
                       .arg(p.itemsInQueue)
                       .arg(qRound(p.recordsPerSecond));
    if (p.secondsLeft)
        text += tr(" · about %1 s left").arg(qCeil(*p.secondsLeft));
    m_status->setText(text);
}

} // namespace assay::app
