#include "sqlitebackup.h"

#include "migrations.h"

#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <sqlite3.h>

#include <cstdio>
#include <memory>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

struct CloseSqlite {
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, CloseSqlite>;

Result<SqliteHandle> openSqlite(const QString &path, int flags)
{
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, flags, nullptr);
    SqliteHandle db(raw);
    if (rc != SQLITE_OK)
        return Error{u"cannot open %1: %2"_s.arg(
                         path, QString::fromUtf8(raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))),
                     {}};
    // No busy handler: copyDatabase is the one place that waits for a lock, 30 s in all (a busy handler
    // under its retries would multiply that wait).
    return db;
}

QString errorOf(sqlite3 *db)
{
    return QString::fromUtf8(sqlite3_errmsg(db));
}

// Runs a statement that answers one text or integer cell; the cell as text.
Result<QString> scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK)
        return Error{errorOf(db), {}};
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> statement(raw, sqlite3_finalize);
    const int rc = sqlite3_step(raw);
    if (rc == SQLITE_ROW)
        return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(raw, 0)));
    if (rc == SQLITE_DONE)
        return QString();
    return Error{errorOf(db), {}};
}

// Copies all of `from` into `to` in one step (one read transaction of `from`, so the copy is
// consistent however busy its writer is), waiting out locks for up to 30 s.
Status copyDatabase(sqlite3 *from, sqlite3 *to, const QString &toPath)
{
    sqlite3_backup *backup = sqlite3_backup_init(to, "main", from, "main");
    if (!backup)
        return Error{u"cannot copy into %1: %2"_s.arg(toPath, errorOf(to)), {}};
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < 300; ++attempt) {
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
            break;
        QThread::msleep(100);
    }
    sqlite3_backup_finish(backup);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return Error{u"%1 stayed locked for 30 s: is a server using it? Stop it first"_s.arg(toPath), {}};
    if (rc != SQLITE_DONE)
        return Error{u"copying into %1 failed: %2"_s.arg(toPath, errorOf(to)), {}};
    return Ok{};
}

Result<SqliteCopy> describeCopy(sqlite3 *db, const QString &path)
{
    auto check = scalar(db, "PRAGMA quick_check");
    if (!check)
        return Error{u"%1 cannot be checked: %2"_s.arg(path, check.error().message), {}};
    if (*check != u"ok")
        return Error{u"%1 is damaged: %2"_s.arg(path, *check), {}};
    auto version = scalar(db, "SELECT version FROM assay_schema");
    if (!version)
        return Error{u"%1 is not an Assay database (%2)"_s.arg(path, version.error().message), {}};
    SqliteCopy copy;
    copy.schemaVersion = version->toInt();
    if (copy.schemaVersion > latestSchemaVersion())
        return Error{u"%1 has schema version %2, newer than this assay-server's %3: restore it with the "
                     "version that made it"_s.arg(path)
                         .arg(copy.schemaVersion)
                         .arg(latestSchemaVersion()),
                     {}};
    if (auto pages = scalar(db, "PRAGMA page_count"))
        copy.pages = pages->toInt();
    copy.bytes = QFileInfo(path).size();
    return copy;
}

bool holdsData(const QString &path)
{
    return QFileInfo(path).size() > 0; // 0 for a file that is not there
}

// The backup's file while it is written: removed when it goes out of scope unless kept, so every way
// out of backupSqlite but success leaves no partial file. Declared before the connection writing it,
// so that connection is closed first.
class PartialFile {
public:
    explicit PartialFile(QString path)
        : m_path(std::move(path))
    {
        QFile::remove(m_path);
    }
    ~PartialFile()
    {
        if (!m_kept)
            QFile::remove(m_path);
    }
    PartialFile(const PartialFile &) = delete;
    PartialFile &operator=(const PartialFile &) = delete;
    const QString &path() const { return m_path; }
    void keep() { m_kept = true; }

private:
    QString m_path;
    bool m_kept = false;
};

} // namespace

Result<SqliteCopy> backupSqlite(const QString &sourcePath, const QString &targetPath, bool replace)
{
    if (!QFileInfo::exists(sourcePath))
        return Error{u"there is no database at %1"_s.arg(sourcePath), {}};
    if (QFileInfo::exists(targetPath) && !replace)
        return Error{u"%1 already exists; pass --replace to overwrite it"_s.arg(targetPath), {}};
    PartialFile partial(targetPath + u".partial"_s);
    {
        auto source = openSqlite(sourcePath, SQLITE_OPEN_READONLY);
        if (!source)
            return source.error();
        auto target = openSqlite(partial.path(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        if (!target)
            return target.error();
        if (Status copied = copyDatabase(source->get(), target->get(), partial.path()); !copied)
            return copied.error();
        // One self-contained file: the copy inherits the server's WAL mode, which would leave a -wal
        // beside it while it is open.
        auto mode = scalar(target->get(), "PRAGMA journal_mode=DELETE");
        if (!mode || *mode != u"delete")
            return Error{u"cannot make %1 a single file: %2"_s.arg(partial.path(),
                                                                   mode ? *mode : mode.error().message),
                         {}};
    }
    auto checked = checkSqliteBackup(partial.path());
    if (!checked)
        return checked.error();
    if (std::rename(QFile::encodeName(partial.path()).constData(),
                    QFile::encodeName(targetPath).constData()) != 0)
        return Error{u"cannot rename %1 to %2"_s.arg(partial.path(), targetPath), {}};
    partial.keep();
    return checked;
}

Result<SqliteCopy> checkSqliteBackup(const QString &path)
{
    if (!QFileInfo::exists(path))
        return Error{u"there is no backup at %1"_s.arg(path), {}};
    auto db = openSqlite(path, SQLITE_OPEN_READONLY);
    if (!db)
        return db.error();
    return describeCopy(db->get(), path);
}

Result<SqliteCopy> restoreSqlite(const QString &backupPath, const QString &targetPath, bool replace)
{
    auto checked = checkSqliteBackup(backupPath);
    if (!checked)
        return checked.error();
    if (holdsData(targetPath) && !replace)
        return Error{
            u"the database %1 holds data; pass --replace to overwrite it with the backup (back it up "
            "first if it may be needed)"_s.arg(targetPath),
            {}};
    auto backup = openSqlite(backupPath, SQLITE_OPEN_READONLY);
    if (!backup)
        return backup.error();
    auto target = openSqlite(targetPath, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!target)
        return target.error();
    if (Status copied = copyDatabase(backup->get(), target->get(), targetPath); !copied)
        return copied.error();
    return describeCopy(target->get(), targetPath);
}

} // namespace assay::server
