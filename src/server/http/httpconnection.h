#pragma once

// One client connection: feeds the socket's bytes to an HttpRequestReader, asks the server to admit each
// request with a body once its headers are in (so a refused key is answered before any body is read or
// buffered), answers `Expect: 100-continue`, and hands each complete request to the server. Both answers
// come back later (admitted, answer): meanwhile the connection waits and reads nothing more, so requests
// on one connection are answered in order. It enforces the timeouts (none runs while the server works),
// charges what it holds to the server's ByteBudget, and stops reading while the client does not read
// its answers (backpressure).

#include "bytebudget.h"
#include "dispatcher.h"
#include "httpmessage.h"
#include "limits.h"
#include "requestreader.h"

#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

class QTcpSocket;

namespace assay::server {

class TrustedProxies;

struct ConnectionHooks {
    // After the headers of a request with a body; the server calls admitted() with the outcome.
    std::function<void(HttpRequest head)> admit;
    // A complete request; the server calls answer() with its response.
    std::function<void(HttpRequest request)> dispatch;
    // The next piece of the response being streamed; the server calls streamed() with it.
    std::function<void(std::shared_ptr<BodyStream> stream)> pull;
};

class HttpConnection : public QObject {
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, const TrustedProxies &proxies,
                   ByteBudget &budget, ConnectionHooks hooks, QObject *parent = nullptr);
    ~HttpConnection() override;

    QString peerAddress() const { return m_peer.toString(); }
    // Unparsed and unanswered bytes this connection holds (input not yet dispatched, output not sent).
    qint64 heldBytes() const;

    // The server's outcomes for the request it was handed.
    void admitted(const Admission &admission);
    void answer(const HttpResponse &response);
    void streamed(const BodyPiece &piece);

signals:
    void closed(HttpConnection *connection);

private:
    enum class Phase {
        Reading,
        Paused,    // the client does not read its answers
        Waiting,   // for the server's admission or answer
        Streaming, // a response's body goes out piece by piece; nothing more is read meanwhile
        Closing,
    };

    void onReadyRead();
    void onBytesWritten();
    void process();
    // Asks the server to admit a request whose headers just arrived, when a body follows; false when
    // processing waits for it.
    bool onHead();
    void resume();
    // Sends a request's answer; false when the connection closes after it.
    bool answered(const HttpResponse &response);
    void refuse(int status, const QString &detail, qint64 discard = 0);
    void send(const HttpResponse &response, bool close);
    void startStream(const HttpResponse &response, bool keepAlive);
    // Asks for the next piece when what is unsent has drained below half the output cap.
    void pullWhenDrained();
    // Charges what the reader holds to the shared budget; past it, 503 and close.
    void chargeBudget();
    void releaseBudget();

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    const TrustedProxies &m_proxies;
    ByteBudget &m_budget;
    qint64 m_charged = 0;
    ConnectionHooks m_hooks;
    QHostAddress m_peer;
    HttpRequestReader m_reader;
    Phase m_phase = Phase::Reading;
    bool m_midRequest = false; // a request's first byte has arrived and it is not answered yet
    qint64 m_discard = 0;      // body bytes still to drop after a refusal, so the client reads the answer
    QTimer m_timer;            // header, body and idle deadlines
    QTimer m_writeTimer;       // answers that do not drain
    std::shared_ptr<BodyStream> m_stream; // the response being streamed
    bool m_pulling = false;               // its next piece has been asked for
    bool m_keepAliveAfterStream = false;
};

} // namespace assay::server
