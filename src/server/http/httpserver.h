#pragma once

// Serves HTTP/1.1 on the thread it lives on, and does nothing else there: connections are read by
// HttpConnection under HttpLimits (caps on connections, headers, URL and body, timeouts,
// 100-continue, a shared ByteBudget, backpressure); each request goes to the RequestDispatcher (the
// worker pool) to be admitted when its headers are in and answered when it is complete, and its
// outcome comes back here to be written.
// Paths are accepted with the /api/v1 prefix (what the docs tell users to configure) and without it
// (LANGSMITH_ENDPOINT set to the bare host); /v1/platform/... maps to /platform/....

#include "bytebudget.h"
#include "dispatcher.h"
#include "limits.h"
#include "trustedproxies.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <functional>

class QTcpServer;

namespace assay::server {

class HttpConnection;

class HttpServer : public QObject {
    Q_OBJECT
public:
    HttpServer(RequestDispatcher &dispatcher, const HttpLimits &httpLimits = {},
               TrustedProxies trustedProxies = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    // Returns the bound port, or why listening failed. Requests that come in on a `metricsOnly` listener
    // are marked so (HttpRequest::viaMetricsListener): the router answers only /metrics and the probes.
    Result<quint16> listen(const QHostAddress &address, quint16 port, bool metricsOnly = false);

    // TLS for the API's listeners (not the metrics listener): those opened after this call, and — when it
    // replaces a configuration — the connections every TLS listener accepts from now on.
    void setTls(const QSslConfiguration &configuration);
    bool usesTls() const { return m_tls.has_value(); }
    QSslCertificate tlsCertificate() const { return m_tls ? m_tls->localCertificate() : QSslCertificate(); }

    // Closes the listeners: no new connection is accepted.
    void stopListening();

    int connectionCount() const { return int(m_connections.size()); }
    // Bytes all connections hold: unparsed requests and unsent answers.
    qint64 bufferedBytes() const;

private:
    void accept();
    // Outcomes arrive from worker threads and are handed to the connection here, on this thread, if it
    // is still open (by id: a closed connection's address may be reused).
    void deliver(quint64 connectionId, std::function<void(HttpConnection &)> outcome);

    RequestDispatcher &m_dispatcher;
    HttpLimits m_httpLimits;
    TrustedProxies m_trustedProxies;
    ByteBudget m_inputBudget;
    QList<QTcpServer *> m_listeners;
    QList<QTcpServer *> m_metricsListeners; // also in m_listeners
    std::optional<QSslConfiguration> m_tls;
    QHash<quint64, HttpConnection *> m_connections;
    quint64 m_nextConnectionId = 0;
    QHash<QString, int> m_connectionsPerAddress;
};

// "/api/v1/runs" -> "/runs"; "/v1/platform/datasets" -> "/platform/datasets".
QString apiPath(const QString &urlPath);
// An address as a URL's host: "127.0.0.1", "[::1]".
QString urlHost(const QHostAddress &address);

} // namespace assay::server
