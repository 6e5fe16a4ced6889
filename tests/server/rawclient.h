#pragma once

// A raw TCP client for the HTTP layer's tests, driven by the test thread's event loop (the server
// under test lives on the same thread): sends bytes exactly as given and collects what comes back.

#include "../bench/eventloop.h"

#include <QHostAddress>
#include <QTcpSocket>

namespace assay::test {

class RawClient {
public:
    explicit RawClient(quint16 port, const QHostAddress &from = QHostAddress::LocalHost)
    {
        if (from != QHostAddress::LocalHost)
            socket.bind(from);
        socket.connectToHost(QHostAddress::LocalHost, port);
        spinUntil([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        spinUntil([&] { return socket.bytesToWrite() == 0; }, 5000);
    }
    // Waits for `text` to arrive (or the connection to close); returns everything read so far.
    QByteArray waitFor(const QByteArray &text, int ms = 5000)
    {
        spinUntil(
            [&] { return received.contains(text) || socket.state() == QAbstractSocket::UnconnectedState; },
            ms);
        return received;
    }
    bool waitClosed(int ms)
    {
        return spinUntil([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, ms);
    }
    template<typename Predicate>
    bool spinUntil(Predicate done, int ms, bool read = true)
    {
        return bench::runEventLoopUntil(
            [&] {
                if (read)
                    received += socket.readAll();
                return done();
            },
            ms);
    }

    QTcpSocket socket;
    QByteArray received;
};

// Lets the event loop run for `ms` (the server answers meanwhile).
inline void spinFor(int ms)
{
    bench::runEventLoopUntil([] { return false; }, ms);
}

// Lets the event loop run while `waiting()` holds, for at most `ms`.
template<typename Predicate>
void spinWhile(Predicate waiting, int ms)
{
    bench::runEventLoopUntil([&] { return !waiting(); }, ms);
}

} // namespace assay::test
