#pragma once

// Exporting a queue (Queues page) or a project's runs with the traces filter (Traces page) from the desktop:
// the format (annotated JSONL or CSV, or fine-tuning examples), which answers qualify, the items' state and a
// reviewer; then a file, and progress (records of the queue's items, the rate, the time left) with Cancel.
// The file appears only when the export is complete (client::ExportDownload).

#include "exports/exportdownload.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace assay::client {
class ApiClient;
} // namespace assay::client

namespace assay::app {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(client::ApiClient &api, client::ExportSource source, QWidget *parent = nullptr);

    // Where to write (a save dialog; tests answer it).
    std::function<QString(const QString &suggested)> choosePath;

    QComboBox *format() const { return m_format; }
    QLineEdit *where() const { return m_where; }
    QComboBox *state() const { return m_state; }
    QLineEdit *reviewer() const { return m_reviewer; }
    QPushButton *exportButton() const { return m_export; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_bar; }
    QLabel *status() const { return m_status; }
    client::ExportDownload &download() const { return *m_download; }

    void startExport();

private:
    void showProgress(const client::ExportProgress &p);
    void formatChanged();

    client::ExportSource m_source;
    client::ExportDownload *m_download;
    QComboBox *m_format;
    QLineEdit *m_where;
    QComboBox *m_state;
    QLineEdit *m_reviewer;
    QProgressBar *m_bar;
    QLabel *m_status;
    QPushButton *m_export;
    QPushButton *m_cancel;
};

} // namespace assay::app
