#include "localstore.h"

#include "rescue.h"

#include "core/timestamp.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

const QString kCacheFile = u"cache.sqlite"_s;
const QString kWorkFile = u"work.sqlite"_s;
const QString kQuarantineMarker = u"work.sqlite.quarantine-at-next-start"_s;
const QStringList kWorkTables = {u"answers"_s, u"drafts"_s, u"facts"_s};

QString stamp()
{
    return Timestamp::now().toIso().left(19).replace(u':', u'-');
}

void removeSqliteFiles(const QString &path)
{
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        QFile::remove(path + suffix);
}

// Moves the file and its WAL aside, keeping them together.
Result<QString> moveAside(const QString &path, const QString &quarantineDir)
{
    if (!QDir().mkpath(quarantineDir))
        return Error{u"cannot create %1"_s.arg(quarantineDir), {}};
    const QString target = quarantineDir + u"/work-"_s + stamp() + u".sqlite"_s;
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s})
        if (QFile::exists(path + suffix) && !QFile::rename(path + suffix, target + suffix))
            return Error{u"cannot move %1 aside to %2"_s.arg(path + suffix, target + suffix), {}};
    return target;
}

// Puts the rescued answers into the fresh work database, as they were (unsent ones stay unsent).
qint64 restoreAnswers(SqliteDb &db, const QJsonArray &rows)
{
    qint64 restored = 0;
    for (const QJsonValue &v : rows) {
        const QJsonObject r = v.toObject();
        auto q = db.exec(
            u"INSERT OR IGNORE INTO answers (id, queue_id, run_id, submitted_at, doc, state,"
            " server_status, errors, flags, attempts, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
            {r.value("id"_L1).toString(), r.value("queue_id"_L1).toString(), r.value("run_id"_L1).toString(),
             qint64(r.value("submitted_at"_L1).toDouble()),
             QJsonDocument(r.value("doc"_L1).toObject()).toJson(QJsonDocument::Compact),
             r.value("state"_L1).toString(u"unsent"_s), r.value("server_status"_L1).toString(),
             QJsonDocument(r.value("errors"_L1).toArray()).toJson(QJsonDocument::Compact),
             QJsonDocument(r.value("flags"_L1).toArray()).toJson(QJsonDocument::Compact),
             r.value("attempts"_L1).toInt(), qint64(r.value("seq"_L1).toDouble())});
        if (q && (*q)->numRowsAffected() == 1)
            ++restored;
    }
    return restored;
}

// quick_check on its own connection; empty when fine.
QString quickCheck(const QString &path)
{
    const QString name = u"assay-integrity-"_s + QUuid::createUuid().toString(QUuid::Id128);
    QString problem;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (!db.open()) {
            problem = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(u"PRAGMA quick_check"_s))
                problem = q.lastError().text();
            else
                while (q.next())
                    if (q.value(0).toString() != u"ok")
                        problem += (problem.isEmpty() ? QString() : u"; "_s) + q.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return problem;
}

} // namespace

LocalStore::~LocalStore()
{
    m_cache.reset();
    m_work.reset();
    m_cacheDb.reset();
    m_workDb.reset();
}

QString LocalStore::cachePath() const
{
    return m_directory + u'/' + kCacheFile;
}

QString LocalStore::workPath() const
{
    return m_directory + u'/' + kWorkFile;
}

Result<std::unique_ptr<LocalStore>> LocalStore::open(const QString &directory, const QString &prefix,
                                                     QList<StoreNotice> *notices)
{
    if (!QDir().mkpath(directory))
        return Error{u"cannot create the local store directory %1"_s.arg(directory), {}};
    std::unique_ptr<LocalStore> store(new LocalStore);
    store->m_directory = QDir(directory).absolutePath();
    const QString workPath = store->workPath();

    // The work database: precious.
    bool quarantine = QFile::exists(store->m_directory + u'/' + kQuarantineMarker);
    QString why = u"an integrity check at the last start found it damaged"_s;
    SqliteDb::Opened work;
    if (!quarantine) {
        work = SqliteDb::open(workPath, prefix + u"-work"_s, Durability::Precious, WorkDb::migrations());
        if (work.problem == OpenProblem::TooNew || work.problem == OpenProblem::Other)
            return Error{work.message, {}};
        quarantine = work.problem == OpenProblem::Corrupt;
        why = work.message;
    }
    if (quarantine) {
        work = {};
        const QString quarantineDir = store->m_directory + u"/quarantine"_s;
        auto moved = moveAside(workPath, quarantineDir);
        if (!moved)
            return moved.error();
        auto rescued =
            rescueRows(*moved, QString(*moved).replace(u".sqlite"_s, u"-rescued.json"_s), kWorkTables);
        work = SqliteDb::open(workPath, prefix + u"-work"_s, Durability::Precious, WorkDb::migrations());
        if (!work.db)
            return Error{work.message, {}};
        const qint64 restored =
            rescued ? restoreAnswers(*work.db, rescued->tables.value("answers"_L1).toArray()) : 0;
        QFile::remove(store->m_directory + u'/' + kQuarantineMarker);
        if (notices)
            notices->append(StoreNotice{
                StoreNotice::Kind::WorkQuarantined,
                u"Your local review database was damaged (%1). It was moved to %2; %3 readable rows were "
                "saved to %4, and %5 answers were carried over."_s.arg(why, *moved)
                    .arg(rescued ? rescued->rows : 0)
                    .arg(rescued ? rescued->jsonPath : u"(nothing could be read)"_s)
                    .arg(restored),
                *moved, rescued ? rescued->jsonPath : QString(), rescued ? rescued->rows : 0});
    }
    store->m_workDb = std::move(work.db);

    // The cache: rebuildable, so a damaged or unreadable one is simply started again.
    auto cache = SqliteDb::open(store->cachePath(), prefix + u"-cache"_s, Durability::Rebuildable,
                                CacheDb::migrations());
    if (cache.problem == OpenProblem::TooNew)
        return Error{cache.message, {}};
    if (!cache.db) {
        cache = {};
        removeSqliteFiles(store->cachePath());
        cache = SqliteDb::open(store->cachePath(), prefix + u"-cache"_s, Durability::Rebuildable,
                               CacheDb::migrations());
        if (!cache.db)
            return Error{cache.message, {}};
        if (notices)
            notices->append(StoreNotice{StoreNotice::Kind::CacheRebuilt,
                                        u"The local cache was unreadable and is being downloaded again."_s,
                                        {},
                                        {},
                                        0});
    }
    store->m_cacheDb = std::move(cache.db);
    store->m_cache = std::make_unique<CacheDb>(*store->m_cacheDb);
    store->m_work = std::make_unique<WorkDb>(*store->m_workDb);
    return store;
}

Status LocalStore::rebuildCache()
{
    return m_cacheDb->transaction([&] { return m_cache->clear(); });
}

void LocalStore::checkIntegrity(QObject *context, std::function<void(QList<StoreNotice>)> done)
{
    const QString work = workPath(), cache = cachePath(), dir = m_directory;
    QPointer<QObject> guard(context);
    QThread *thread = QThread::create([=] {
        QList<StoreNotice> notices;
        if (const QString problem = quickCheck(work); !problem.isEmpty()) {
            const QString json = dir + u"/work-"_s + stamp() + u"-rescued.json"_s;
            auto rescued = rescueRows(work, json, kWorkTables);
            QFile marker(dir + u'/' + kQuarantineMarker);
            if (marker.open(QIODevice::WriteOnly))
                marker.write(problem.toUtf8());
            notices.append(StoreNotice{
                StoreNotice::Kind::IntegrityProblem,
                u"Your local review database is damaged (%1). Its readable rows were saved to %2; Assay "
                "will set it aside and carry your answers over when it next starts."_s.arg(problem, json),
                {},
                rescued ? json : QString(),
                rescued ? rescued->rows : 0});
        }
        if (const QString problem = quickCheck(cache); !problem.isEmpty())
            notices.append(
                StoreNotice{StoreNotice::Kind::CacheRebuilt,
                            u"The local cache is damaged (%1) and will be downloaded again."_s.arg(problem),
                            {},
                            {},
                            0});
        QMetaObject::invokeMethod(
            guard.data() ? guard.data() : QCoreApplication::instance(),
            [guard, done, notices] {
                if (guard)
                    done(notices);
            },
            Qt::QueuedConnection);
    });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start(QThread::LowPriority);
}

void LocalStore::setFaultPlan(FaultPlan *plan)
{
    m_cacheDb->setFaultPlan(plan);
    m_workDb->setFaultPlan(plan);
}

} // namespace assay::client
