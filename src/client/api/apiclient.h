#pragma once

// The desktop app's HTTP client for one server: the API key on every request, an X-Request-ID on every
// request (kept with each failure, and echoed by assay-server so both logs name the same request), a
// transfer timeout, and every answer classified by classifyReply.

#include "replykind.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QUrl>

#include <functional>

namespace assay::client {

class ApiClient : public QObject {
    Q_OBJECT
public:
    // QNetworkAccessManager keeps Nagle on: a body over ~16 KiB waits ~40 ms for the server's delayed ACK
    // (design.md §9) unless the server acknowledges at once, as assay-server does (TCP_QUICKACK). Bodies
    // up to this size then cost no stall (measured: a push of 10,000 answers 1.15 s in 16 KiB bodies,
    // 0.87-0.95 s in 64 KiB ones; 1.28-1.44 s in 64 KiB ones without the server's quick ACK). Senders
    // split their batches to stay at or under this.
    static constexpr qsizetype kMaxBodyBytes = 64 * 1024;

    // `baseUrl` is the API root, e.g. http://127.0.0.1:1984/api/v1
    ApiClient(const QUrl &baseUrl, const QByteArray &apiKey, QObject *parent = nullptr);

    using Callback = std::function<void(const ApiReply &)>;
    void get(const QString &pathAndQuery, Callback done);
    void post(const QString &path, const QJsonObject &body, Callback done);
    // Any method with a JSON body (an object, an array, or none when undefined): PATCH, PUT, DELETE.
    void request(const QByteArray &method, const QString &path, const QJsonValue &body, Callback done);

    // A GET whose body the caller reads as it arrives (an export); the reply is the caller's to delete.
    // The transfer timeout applies to silence, not to the whole download.
    QNetworkReply *download(const QString &pathAndQuery);

    void setTransferTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    void setApiKey(const QByteArray &key) { m_apiKey = key; }
    QUrl baseUrl() const { return m_baseUrl; }
    int inFlight() const { return m_inFlight; }
    // The last failures (newest last), each with its request id, for the status bar and bug reports.
    QList<ApiReply> recentFailures() const { return m_failures; }

signals:
    void requestFailed(const assay::client::ApiReply &reply);

private:
    QNetworkRequest requestFor(const QString &path, const QByteArray &requestId) const;
    void send(const QByteArray &method, const QString &path, const QByteArray &body, Callback done);

    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QByteArray m_apiKey;
    int m_timeoutMs = 30000;
    int m_inFlight = 0;
    QList<ApiReply> m_failures;
};

// Splits items into JSON arrays whose encoded size stays within `maxBytes` (an item larger than that
// travels alone), in order.
QList<QJsonArray> splitBySize(const QList<QJsonObject> &items, qsizetype maxBytes);

} // namespace assay::client
