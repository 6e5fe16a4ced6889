#pragma once

// One client connection: reads HTTP/1.1 requests (Content-Length or chunked bodies, keep-alive,
// pipelining), enforces HttpLimits while reading, answers `Expect: 100-continue`, and hands each
// complete request to the dispatcher.

#include "httpmessage.h"
#include "limits.h"

#include <QObject>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace assay::server {

class HttpConnection : public QObject {
    Q_OBJECT
public:
    using Dispatcher = std::function<HttpResponse(HttpRequest &)>;
    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, Dispatcher dispatcher,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

    QString peerAddress() const { return m_peer; }

signals:
    void closed(HttpConnection *connection);

private:
    enum class Phase { Headers, Body, Chunked, Closing };

    void onReadyRead();
    void process();
    bool parseHeaders(qsizetype headerEnd);
    bool readChunked();
    void finishRequest(QByteArray body);
    void refuse(int status, const QString &detail);
    void send(const HttpResponse &response, bool close);
    void startRequestTimer(int ms);
    void resetForNextRequest();

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    Dispatcher m_dispatch;
    QString m_peer;
    QByteArray m_buffer;
    Phase m_phase = Phase::Headers;
    HttpRequest m_request;
    bool m_keepAlive = true;
    qint64 m_contentLength = 0;
    qint64 m_discard = 0; // body bytes still to drop after a refusal, so the client reads the answer
    QByteArray m_chunkedBody;
    QTimer m_timer;
};

} // namespace assay::server
