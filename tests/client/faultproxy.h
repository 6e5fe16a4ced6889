#pragma once

// A TCP proxy between the desktop client and a real assay-server that injects the faults a real network
// produces but a test cannot order on demand: connections refused, requests dropped mid-body, answers
// cut off mid-body, resets, hangs, delays and storms of 503s. Each connection draws its fault from a
// seeded generator, so a failing run can be replayed.

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>

#include <QTcpSocket>

namespace assay::test {

class FaultProxy : public QObject {
    Q_OBJECT
public:
    enum class Fault {
        None,         // pass everything
        Down,         // close every connection at once (the server is unreachable)
        DropRequest,  // forward part of the request, then close both sides
        DropResponse, // forward the request, part of the answer, then close
        Reset,        // abort the connection after the request arrived
        Hang,         // take the request and never answer
        Delay,        // forward, but hold the answer back for a while
        Unavailable,  // answer 503 with Retry-After: 1 without asking the server
    };

    explicit FaultProxy(quint16 upstreamPort, QObject *parent = nullptr);
    quint16 port() const { return m_server.serverPort(); }
    QString baseUrl() const;

    void setUpstreamPort(quint16 port) { m_upstream = port; }
    // Every new connection gets this fault.
    // Every new connection gets this fault; open connections are dropped (a client keeps them alive).
    void setFault(Fault fault)
    {
        m_fixed = fault;
        m_random = false;
        closeAll();
    }
    // Every new connection draws a fault: None with probability 1 - faultRate, else one of the others.
    void setRandomFaults(double faultRate, quint32 seed);
    QHash<Fault, int> counts() const { return m_counts; }
    void closeAll(); // drop every open connection

private:
    void accept();
    Fault draw();

    QTcpServer m_server;
    quint16 m_upstream;
    Fault m_fixed = Fault::None;
    bool m_random = false;
    double m_rate = 0;
    QRandomGenerator m_generator;
    QHash<Fault, int> m_counts;
    QList<QPointer<QTcpSocket>> m_open;
};

} // namespace assay::test
