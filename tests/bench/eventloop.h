#pragma once

// Turning this thread's event loop (where the server under test or under benchmark lives) while
// waiting for something, asleep when there is nothing to do. QCoreApplication::processEvents with a
// timeout never waits for events, so a loop of it spins a core: on a two-core machine that is the core
// the server's workers need (it halved the ingest benchmark's figure once the work left this thread).

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

namespace assay::bench {

// Runs the event loop until `done()` holds (checked every 2 ms and before starting) or `ms` pass
// (negative: no limit). Returns whether `done()` holds.
template<typename Done>
bool runEventLoopUntil(Done done, int ms = -1)
{
    if (done())
        return true;
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer check;
    check.setInterval(2);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done() || (ms >= 0 && clock.elapsed() >= ms))
            loop.quit();
    });
    check.start();
    loop.exec();
    return done();
}

} // namespace assay::bench
