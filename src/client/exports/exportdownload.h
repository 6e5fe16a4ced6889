#pragma once

// Downloads a queue's export (GET /annotation-queues/{id}/export) to a file as it streams: only whole
// records are written, to a temporary file beside the target that is renamed into place when the
// export is complete, so a cancelled or failed export leaves no partial file. A dropped connection is
// resumed where it stopped (the first response's snapshot and the records already written), up to
// three times. Progress counts records (JSON lines, or CSV rows outside quotes) against the queue's
// items, with the rate and the time left.

#include "core/uuid.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QSaveFile>
#include <QUrlQuery>

#include <optional>

class QNetworkReply;

namespace assay::client {

class ApiClient;

// What an export reads: a queue's items, or a project's (with its filter), and the name files take.
struct ExportSource {
    QString path;      // the route: /annotation-queues/{id}/export or /sessions/{id}/export
    QString name;      // the queue's or the project's
    QUrlQuery options; // fixed by the source (a project's filter)
    static ExportSource queue(const Uuid &id, const QString &name);
    static ExportSource project(const Uuid &id, const QString &name, const QString &filter);
};

struct ExportProgress {
    qint64 records = 0;
    qint64 itemsInQueue = 0; // the records' bound for one-record-per-item formats (0: unknown yet)
    qint64 bytes = 0;
    double recordsPerSecond = 0;
    std::optional<double> secondsLeft; // when the bound is known and the rate is
};

// Where a stream's records end: after each newline, or for CSV each CRLF outside quotes.
class RecordBoundaries {
public:
    explicit RecordBoundaries(bool csv)
        : m_csv(csv)
    {
    }
    // Feeds bytes; returns how many of them (from the start) make whole records, and counts them.
    qsizetype feed(const QByteArray &bytes);
    qint64 records() const { return m_records; }

private:
    bool m_csv;
    bool m_inQuotes = false;
    qint64 m_records = 0;
};

class ExportDownload : public QObject {
    Q_OBJECT
public:
    explicit ExportDownload(ApiClient &api, QObject *parent = nullptr);
    ~ExportDownload() override;

    // Starts exporting `source` with `options` (the route's: format, where, ...) into `path`; false
    // (with why) when the file cannot be written.
    bool start(const ExportSource &source, const QUrlQuery &options, const QString &path, QString *error);
    void cancel();
    bool running() const { return m_reply != nullptr; }
    int resumes() const { return m_resumes; } // after dropped connections, this export
    const ExportProgress &progress() const { return m_progress; }

signals:
    void progressed(const assay::client::ExportProgress &progress);
    // ok: the file is complete and in place; otherwise nothing is left behind and `message` says why.
    void finished(bool ok, const QString &message);

private:
    void request();
    void onReadyRead();
    void onFinished();
    void fail(const QString &message);

    ApiClient &m_api;
    QString m_path;
    QUrlQuery m_options;
    bool m_csv = false;
    std::optional<QSaveFile> m_file;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_pending; // the start of a record not complete yet
    RecordBoundaries m_boundaries{false};
    qint64 m_headerRecords = 0; // a CSV's header row, not a record of the export
    QByteArray m_snapshot;
    int m_resumes = 0;
    QElapsedTimer m_clock;
    ExportProgress m_progress;
};

} // namespace assay::client
