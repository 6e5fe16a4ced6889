#include "exportdownload.h"

#include "api/apiclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {
constexpr int kMaxResumes = 3;
}

qsizetype RecordBoundaries::feed(const QByteArray &bytes)
{
    qsizetype whole = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (m_csv && c == '"')
            m_inQuotes = !m_inQuotes; // a doubled quote toggles twice
        else if (c == '\n' && !m_inQuotes) {
            ++m_records;
            whole = i + 1;
        }
    }
    return whole;
}

ExportSource ExportSource::queue(const Uuid &id, const QString &name)
{
    return {u"/annotation-queues/%1/export"_s.arg(id.toString()), name, {}};
}

ExportSource ExportSource::project(const Uuid &id, const QString &name, const QString &filter)
{
    QUrlQuery options;
    if (!filter.trimmed().isEmpty())
        options.addQueryItem(u"filter"_s, filter.trimmed());
    return {u"/sessions/%1/export"_s.arg(id.toString()), name, options};
}

ExportDownload::ExportDownload(ApiClient &api, QObject *parent)
    : QObject(parent)
    , m_api(api)
{
}

ExportDownload::~ExportDownload()
{
    if (m_reply)
        m_reply->abort();
}

bool ExportDownload::start(const ExportSource &source, const QUrlQuery &options, const QString &path,
                           QString *error)
{
    m_path = source.path;
    m_options = options;
    for (const auto &[key, value] : source.options.queryItems(QUrl::FullyDecoded))
        m_options.addQueryItem(key, value);
    m_csv = options.queryItemValue(u"format"_s) == u"csv";
    m_boundaries = RecordBoundaries(m_csv);
    m_headerRecords = m_csv ? 1 : 0;
    m_pending.clear();
    m_snapshot.clear();
    m_resumes = 0;
    m_progress = {};
    m_file.emplace(path);
    if (!m_file->open(QIODevice::WriteOnly)) {
        if (error)
            *error = m_file->errorString();
        m_file.reset();
        return false;
    }
    m_clock.start();
    request();
    return true;
}

void ExportDownload::request()
{
    QUrlQuery query = m_options;
    const qint64 done = m_boundaries.records() - m_headerRecords;
    if (!m_snapshot.isEmpty()) {
        query.addQueryItem(u"snapshot"_s, QString::fromLatin1(m_snapshot));
        query.addQueryItem(u"skip"_s, QString::number(std::max<qint64>(done, 0)));
        if (m_csv && done < 0)
            m_headerRecords = 1; // the header never arrived whole: it comes again
        else if (m_csv)
            m_headerRecords = m_boundaries.records() - done; // a resumed CSV has no header
    }
    m_reply = m_api.download(m_path + u"?"_s + query.toString(QUrl::FullyEncoded));
    connect(m_reply, &QNetworkReply::readyRead, this, &ExportDownload::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ExportDownload::onFinished);
}

void ExportDownload::onReadyRead()
{
    if (!m_reply || m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return; // an error's body is read when it finishes
    if (m_snapshot.isEmpty())
        m_snapshot = m_reply->rawHeader("X-Assay-Export-Snapshot");
    if (m_progress.itemsInQueue == 0)
        m_progress.itemsInQueue = m_reply->rawHeader("X-Assay-Export-Items").toLongLong();
    const QByteArray bytes = m_reply->readAll();
    const qsizetype whole = m_boundaries.feed(bytes);
    if (whole > 0) {
        m_pending += bytes.left(whole);
        if (m_file->write(m_pending) != m_pending.size()) {
            fail(tr("Cannot write the export: %1").arg(m_file->errorString()));
            return;
        }
        m_progress.bytes += m_pending.size();
        m_pending = bytes.mid(whole);
    } else {
        m_pending += bytes;
    }
    m_progress.records = m_boundaries.records() - m_headerRecords;
    const double seconds = std::max(0.001, m_clock.elapsed() / 1000.0);
    m_progress.recordsPerSecond = m_progress.records / seconds;
    if (m_progress.itemsInQueue > m_progress.records && m_progress.recordsPerSecond > 0)
        m_progress.secondsLeft = (m_progress.itemsInQueue - m_progress.records) / m_progress.recordsPerSecond;
    else
        m_progress.secondsLeft.reset();
    emit progressed(m_progress);
}

void ExportDownload::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 && status != 0) {
        const QString detail =
            QJsonDocument::fromJson(reply->readAll()).object().value("detail"_L1).toString();
        m_reply = nullptr;
        fail(detail.isEmpty() ? tr("The server answered %1.").arg(status) : detail);
        return;
    }
    if (reply->error() == QNetworkReply::OperationCanceledError && !m_file) {
        m_reply = nullptr;
        return; // cancelled
    }
    onReadyRead();
    m_reply = nullptr;
    if (reply->error() != QNetworkReply::NoError || !m_pending.isEmpty()) {
        // Cut short (the body ended without its last chunk, or mid-record): go on from the last whole record.
        m_pending.clear();
        m_boundaries = RecordBoundaries(m_csv);
        if (m_resumes < kMaxResumes) {
            // Cut before its headers were whole: nothing was written, so it starts again.
            ++m_resumes;
            // The records in the file stay counted: RecordBoundaries restarts from them.
            RecordBoundaries counted(m_csv);
            counted.feed(QByteArray(m_progress.records + m_headerRecords, '\n'));
            m_boundaries = counted;
            request();
            return;
        }
        fail(tr("The export was cut short: %1").arg(reply->errorString()));
        return;
    }
    const qint64 records = m_progress.records;
    const QString path = m_file->fileName();
    if (!m_file->commit()) {
        const QString why = m_file->errorString();
        m_file.reset();
        emit finished(false, tr("Cannot write the export: %1").arg(why));
        return;
    }
    m_file.reset();
    m_progress.secondsLeft = 0.0;
    emit progressed(m_progress);
    emit finished(true, tr("%n record(s) written to %1.", nullptr, int(records)).arg(path));
}

void ExportDownload::fail(const QString &message)
{
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->abort();
        reply->deleteLater();
    }
    if (m_file) {
        m_file->cancelWriting(); // the temporary file goes; nothing appears at the path
        m_file.reset();
    }
    emit finished(false, message);
}

void ExportDownload::cancel()
{
    if (!m_file)
        return;
    fail(tr("Export cancelled; no file was written."));
}

} // namespace assay::client
