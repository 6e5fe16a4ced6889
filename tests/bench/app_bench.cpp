// The reviewer's window with 10,000 cached items (~4 KB runs, the demo's rubric):
//   - key press (→) to the next item painted, over 1,000 presses: p50/p99/max (target p99 <= 16.7 ms)
//   - cold start to the first reviewable item painted, in a new process each time (target <= 500 ms)
//   - resident memory with the 10,000 items cached, after the presses (target <= 150 MB)
//
//   cmake --build --preset release --target assay_bench_app
//   xvfb-run -a build/release/tests/bench/assay_bench_app [--items 10000] [--presses 1000] [--starts 5]
// Without a display it runs on the offscreen platform.

#include "commands/commandregistry.h"
#include "commands/commands.h"
#include "percentile.h"
#include "review/reviewpage.h"
#include "review/runview.h"
#include "session/clientsession.h"
#include "window/mainwindow.h"

#include <samplecorpus.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace assay;
using namespace assay::client;
using namespace assay::bench;
using namespace Qt::StringLiterals;

namespace {

const QUrl kNoServer(u"http://127.0.0.1:9/api/v1"_s); // nothing listens: the window works from its cache

struct Painted : QObject { // counts paints of the run view, to know the next item reached the screen
    int count = 0;
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() == QEvent::Paint)
            ++count;
        return false;
    }
};

Rubric demoRubric()
{
    QFile f(u":/demo/rag-support.json"_s);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("the demo dataset is not in this build");
    const QJsonObject queue = QJsonDocument::fromJson(f.readAll()).object().value("queue"_L1).toObject();
    auto rubric = parseRubric(queue.value("rubric"_L1).toObject());
    if (!rubric)
        qFatal("demo rubric: %s", qPrintable(rubric.error().toString()));
    return *rubric;
}

// A profile directory with one queue and `items` checked-out items, as a sync would leave it.
Uuid prepare(const QString &directory, int items)
{
    auto store = LocalStore::open(directory, u"prepare"_s);
    if (!store)
        qFatal("%s", qPrintable(store.error().message));
    const Uuid queue = Uuid::v7();
    CachedQueue q{queue,
                  u"production-rag-review"_s,
                  u"Judge the answer against the retrieved articles."_s,
                  demoRubric(),
                  items,
                  0,
                  0,
                  0};
    if (!(*store)->cache().saveQueues({q}))
        qFatal("cannot save the queue");
    const QString padding = QString(1800, u'x');
    QList<CachedItem> batch;
    const Timestamp now = Timestamp::now();
    const Timestamp later = Timestamp::fromMicros(now.micros() + 24LL * 3600 * 1000 * 1000);
    int n = 0;
    for (const auto &s : test::makeRagCorpus(items, 11)) {
        Run r = s.run;
        r.outputs.insert("reasoning"_L1, padding);
        batch.append(CachedItem{queue,
                                r.id,
                                u"qr-%1"_s.arg(n),
                                u"Routed by rule 'low eval score'"_s,
                                Timestamp::fromMicros(now.micros() + n),
                                later,
                                now,
                                r.name,
                                false,
                                runToJson(r),
                                {}});
        ++n;
        if (batch.size() == 1000) {
            if (!(*store)->cache().saveItems(batch))
                qFatal("cannot save items");
            batch.clear();
        }
    }
    if (!batch.isEmpty() && !(*store)->cache().saveItems(batch))
        qFatal("cannot save items");
    return queue;
}

struct Window {
    std::unique_ptr<QSettings> settings;
    std::unique_ptr<app::CommandRegistry> commands;
    std::unique_ptr<ClientSession> session;
    std::unique_ptr<app::MainWindow> window;
};

Window openWindow(const QString &directory, const QString &settingsFile)
{
    Window w;
    w.settings = std::make_unique<QSettings>(settingsFile, QSettings::IniFormat);
    w.commands = std::make_unique<app::CommandRegistry>(*w.settings);
    app::Commands::registerAll(*w.commands);
    auto session = ClientSession::open(kNoServer, "bench-key", directory);
    if (!session)
        qFatal("%s", qPrintable(session.error().message));
    w.session = std::move(*session);
    w.window = std::make_unique<app::MainWindow>(*w.session, *w.commands);
    w.window->resize(1440, 900);
    w.window->show();
    // Shortcuts answer in the active window; without a window manager (Xvfb) nobody else activates it.
    w.window->activateWindow();
    QApplication::setActiveWindow(w.window.get());
    return w;
}

double residentMb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return 0;
}

// The child of a cold start: from nothing to the first item painted, then say so and end.
int firstItem(const QString &directory, const QString &settingsFile)
{
    Window w = openWindow(directory, settingsFile);
    Painted painted;
    w.window->reviewPage()->runView()->viewport()->installEventFilter(&painted);
    const auto queues = w.session->store().cache().queues();
    if (!queues || queues->isEmpty())
        qFatal("no queue cached");
    w.window->openQueue(queues->first().id); // what Enter on the queue list does
    QElapsedTimer waited;
    waited.start();
    while (painted.count == 0) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (waited.elapsed() > 20000)
            qFatal("the first item was not painted within 20 s");
    }
    std::printf("painted %.1f\n", residentMb()); // the memory of an app that has just opened its queue
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption itemsOpt(u"items"_s, u"Cached items."_s, u"N"_s, u"10000"_s);
    const QCommandLineOption pressesOpt(u"presses"_s, u"Key presses to time."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption startsOpt(u"starts"_s, u"Cold starts to time."_s, u"N"_s, u"5"_s);
    const QCommandLineOption childOpt(u"first-item"_s, u"(internal) a cold start on DIR"_s, u"DIR"_s);
    const QCommandLineOption settingsOpt(u"settings"_s, u"(internal) settings file"_s, u"FILE"_s);
    parser.addOptions({itemsOpt, pressesOpt, startsOpt, childOpt, settingsOpt});
    parser.process(app);
    if (parser.isSet(childOpt))
        return firstItem(parser.value(childOpt), parser.value(settingsOpt));

    const int items = parser.value(itemsOpt).toInt();
    const int presses = parser.value(pressesOpt).toInt();
    QTemporaryDir dir;
    const QString profile = dir.filePath(u"profile"_s);
    const QString settingsFile = dir.filePath(u"settings.ini"_s);
    QElapsedTimer t;
    t.start();
    const Uuid queue = prepare(profile, items);
    const double prepareMs = double(t.nsecsElapsed()) / 1e6;

    // Cold starts: a new process each, timed from its start to its first item on screen.
    QList<double> starts, childMb;
    for (int i = 0; i < parser.value(startsOpt).toInt(); ++i) {
        QProcess child;
        QElapsedTimer clock;
        clock.start();
        child.start(QCoreApplication::applicationFilePath(),
                    {u"--first-item"_s, profile, u"--settings"_s, settingsFile});
        const bool answered = child.waitForReadyRead(30000);
        starts.append(double(clock.nsecsElapsed()) / 1e6);
        const QByteArray said = child.readAllStandardOutput();
        if (!answered || !said.startsWith("painted"))
            qFatal("the cold start did not paint: %s", child.readAllStandardError().constData());
        childMb.append(said.mid(8).trimmed().toDouble());
        child.waitForFinished(10000);
    }

    // Key presses: → brings the next item; timed until the run view has painted it.
    Window w = openWindow(profile, settingsFile);
    if (!QTest::qWaitForWindowExposed(w.window.get()))
        qFatal("the window was not shown");
    w.window->openQueue(queue);
    Painted painted;
    w.window->reviewPage()->runView()->viewport()->installEventFilter(&painted);
    QCoreApplication::processEvents();
    QList<double> pressMs;
    for (int i = 0; i < presses; ++i) {
        const int before = painted.count;
        QElapsedTimer press;
        press.start();
        QTest::keyClick(w.window->windowHandle(), Qt::Key_Right);
        while (painted.count == before) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
            if (press.elapsed() > 5000)
                qFatal("press %d: the next item was not painted within 5 s (on item %d)", i,
                       w.session->review().currentRow() + 1);
        }
        pressMs.append(double(press.nsecsElapsed()) / 1e6);
    }
    const int row = w.session->review().currentRow();
    std::printf(
        "app items=%d | key press to next item painted over %d presses: p50 %.2f ms p99 %.2f ms max %.2f ms "
        "(now on item %d) | cold start to first item painted: median %.0f ms max %.0f ms over %lld | "
        "memory with %d items cached: %.0f MB RSS in a fresh app, %.0f MB after the presses in this process "
        "(which also built the cache) | (preparing the cache: %.0f ms; platform %s)\n",
        items, presses, percentile(pressMs, 0.5), percentile(pressMs, 0.99), percentile(pressMs, 1.0),
        row + 1, percentile(starts, 0.5), percentile(starts, 1.0), qsizetype(starts.size()), items,
        percentile(childMb, 1.0), residentMb(), prepareMs, qPrintable(QGuiApplication::platformName()));
    return row + 1 == std::min(presses + 1, items) ? 0 : 1;
}
