#include "appfixture.h"

#include "commands/commands.h"
#include "demo/demoproject.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTest>

namespace assay::test {

using namespace Qt::StringLiterals;

void AppTest::SetUp()
{
    server = std::make_unique<ServerHarness>(server::Dialect::Sqlite);
    ASSERT_TRUE(server->started());
    auto demo = server::addDemoProject(
        server->server(), {QString::fromLatin1(ServerHarness::kAdminKey), QString::fromLatin1(kReviewerKey)});
    ASSERT_TRUE(demo.ok()) << demo.error().toString().toStdString();
    m_demoItems = demo->items;
    settings = std::make_unique<QSettings>(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    commands = std::make_unique<app::CommandRegistry>(*settings);
    app::Commands::registerAll(*commands);
    client::SyncSettings sync;
    sync.intervalMs = 3600 * 1000; // syncs happen when the test says (and after each answer)
    sync.debounceMs = 50;
    auto opened =
        client::ClientSession::open(QUrl(server->baseUrl()), windowKey(), dir.filePath(u"profile"_s), sync);
    ASSERT_TRUE(opened.ok()) << opened.error().toString().toStdString();
    session = std::move(*opened);
    window = std::make_unique<app::MainWindow>(*session, *commands);
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    window->activateWindow();
    QApplication::setActiveWindow(window.get());
}

void AppTest::TearDown()
{
    window.reset();
    session.reset();
    server.reset();
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return true;
}

bool AppTest::sync(int timeoutMs)
{
    bool finished = false, ok = false;
    auto c = QObject::connect(&session->sync(), &client::SyncEngine::cycleFinished, [&](bool result) {
        finished = true;
        ok = result;
    });
    waitUntil([&] { return !session->sync().busy(); }, timeoutMs); // one already running ends first
    finished = false;
    session->sync().syncNow();
    waitUntil([&] { return finished && !session->sync().busy(); }, timeoutMs);
    QObject::disconnect(c);
    return ok;
}

void AppTest::press(int key, Qt::KeyboardModifiers modifiers)
{
    QTest::keyClick(window->windowHandle(), Qt::Key(key), modifiers);
    QCoreApplication::processEvents();
}

void AppTest::type(const QString &text)
{
    for (QChar c : text)
        QTest::keyClick(window->windowHandle(), c.toLatin1());
    QCoreApplication::processEvents();
}

QWidget *AppTest::focused() const
{
    return QApplication::focusWidget();
}

app::LeadArea *AppTest::openLeadArea()
{
    QAction *traces = commands->action(app::cmd::Traces);
    if (!waitUntil([&] { return traces->isEnabled(); }, 10000))
        return nullptr;
    press(Qt::Key_T, Qt::ControlModifier);
    return window->leadArea();
}

qint64 AppTest::answersOnServer()
{
    const QJsonArray rows = server->get(u"/feedback?key=overall_quality&limit=100"_s).array();
    return rows.size();
}

} // namespace assay::test
