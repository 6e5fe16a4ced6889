#include "localserver.h"

#include "assayserver.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSemaphore>

namespace assay::app {

using namespace Qt::StringLiterals;

namespace {

// The local server's admin key: made once, kept beside its database for this user only.
Result<QByteArray> localKey(const QString &directory)
{
    QFile file(QDir(directory).filePath(u"local-admin-key"_s));
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly))
            return Error{u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()), {}};
        const QByteArray key = file.readAll().trimmed();
        if (key.size() >= 32) // what the server accepts as a bootstrap key; an older, shorter one is replaced
            return key;
        file.close();
    }
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray key = "assay_local_";
    for (int i = 0; i < 32; ++i)
        key += alphabet[QRandomGenerator::system()->bounded(62)];
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error{u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString()), {}};
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(key + '\n');
    return key;
}

class ServerThread : public QThread {
public:
    ServerThread(QString database, QString key, quint16 wantedPort)
        : m_database(std::move(database))
        , m_key(std::move(key))
        , m_port(wantedPort)
    {
        setObjectName(u"assay-local-server"_s);
    }
    QSemaphore ready;
    QString error;
    quint16 port = 0;

protected:
    void run() override
    {
        auto url = server::DatabaseUrl::parse(m_database);
        if (!url) {
            error = url.error().message;
            ready.release();
            return;
        }
        auto created = server::AssayServer::create(server::ServerOptions::with(*url, m_key));
        if (!created) {
            error = created.error().message;
            ready.release();
            return;
        }
        auto listening = (*created)->listen(QHostAddress::LocalHost, m_port);
        if (!listening)
            error = listening.error().message;
        else
            port = *listening;
        ready.release();
        if (listening)
            exec();
    }

private:
    QString m_database;
    QString m_key;
    quint16 m_port;
};

} // namespace

Result<std::unique_ptr<LocalServer>> LocalServer::start(const QString &directory, quint16 port)
{
    if (!QDir().mkpath(directory))
        return Error{u"cannot create %1"_s.arg(directory), {}};
    auto key = localKey(directory);
    if (!key)
        return key.error();
    auto thread = std::make_unique<ServerThread>(QDir(directory).filePath(u"assay.db"_s),
                                                 QString::fromLatin1(*key), port);
    thread->start();
    thread->ready.acquire();
    if (!thread->error.isEmpty()) {
        thread->wait();
        return Error{thread->error, {}};
    }
    std::unique_ptr<LocalServer> s(new LocalServer);
    s->m_started = {QUrl(u"http://127.0.0.1:%1/api/v1"_s.arg(thread->port)), *key};
    s->m_thread = std::move(thread);
    return s;
}

LocalServer::~LocalServer()
{
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
    }
}

} // namespace assay::app
