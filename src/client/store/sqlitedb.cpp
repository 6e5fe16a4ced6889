#include "sqlitedb.h"

#include "faultplan.h"

#include <QSqlError>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxCachedStatements = 64;

Error sqlError(const QString &what, const QSqlError &e)
{
    return Error{u"%1: %2"_s.arg(what, e.text()), {}};
}

} // namespace

bool isCorruptionError(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    return code == u"11" || code == u"26" || error.text().contains(u"malformed"_s) ||
           error.text().contains(u"not a database"_s);
}

SqliteDb::SqliteDb(QString path, QString connectionName)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
{
}

SqliteDb::~SqliteDb()
{
    m_statements.clear();
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

SqliteDb::Opened SqliteDb::open(const QString &path, const QString &connectionName, Durability durability,
                                const QList<LocalMigration> &migrations)
{
    std::unique_ptr<SqliteDb> self(new SqliteDb(path, connectionName));
    self->m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
    self->m_db.setDatabaseName(path);
    self->m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!self->m_db.open())
        return {nullptr, OpenProblem::Other,
                u"cannot open %1: %2"_s.arg(path, self->m_db.lastError().text())};
    // The first statements read the header: a file that is not a database fails here.
    const QStringList pragmas = {u"PRAGMA journal_mode=WAL"_s,
                                 durability == Durability::Precious ? u"PRAGMA synchronous=FULL"_s
                                                                    : u"PRAGMA synchronous=NORMAL"_s,
                                 u"PRAGMA foreign_keys=ON"_s};
    QSqlQuery q(self->m_db);
    for (const QString &pragma : pragmas)
        if (!q.exec(pragma))
            return {nullptr, isCorruptionError(q.lastError()) ? OpenProblem::Corrupt : OpenProblem::Other,
                    u"cannot open %1: %2"_s.arg(path, q.lastError().text())};
    if (!q.exec(u"PRAGMA user_version"_s) || !q.next())
        return {nullptr, isCorruptionError(q.lastError()) ? OpenProblem::Corrupt : OpenProblem::Other,
                u"cannot read the schema version of %1: %2"_s.arg(path, q.lastError().text())};
    int version = q.value(0).toInt();
    q.finish();
    const int latest = migrations.isEmpty() ? 0 : migrations.last().version;
    if (version > latest)
        return {nullptr, OpenProblem::TooNew,
                u"%1 was written by a newer version of Assay (schema %2, this one knows %3); "
                "update Assay to open it"_s.arg(path)
                    .arg(version)
                    .arg(latest)};
    for (const LocalMigration &m : migrations) {
        if (m.version <= version)
            continue;
        if (!self->m_db.transaction())
            return {nullptr, OpenProblem::Other,
                    u"cannot migrate %1: %2"_s.arg(path, self->m_db.lastError().text())};
        for (const char *sql : m.statements) {
            if (!q.exec(QString::fromUtf8(sql))) {
                const QSqlError e = q.lastError();
                self->m_db.rollback();
                return {nullptr, isCorruptionError(e) ? OpenProblem::Corrupt : OpenProblem::Other,
                        u"migration %1 (%2) of %3 failed: %4"_s.arg(m.version).arg(
                            QString::fromUtf8(m.description), path, e.text())};
            }
        }
        if (!q.exec(u"PRAGMA user_version = %1"_s.arg(m.version)) || !self->m_db.commit()) {
            self->m_db.rollback();
            return {nullptr, OpenProblem::Other,
                    u"cannot record migration %1 of %2"_s.arg(m.version).arg(path)};
        }
        version = m.version;
    }
    self->m_version = version;
    return {std::move(self), OpenProblem::None, {}};
}

Status SqliteDb::injectedFault(const QString &what)
{
    if (m_faults && m_faults->nextFails())
        return Error{u"%1 failed: injected fault (disk full)"_s.arg(what), {}};
    return Ok{};
}

Result<QSqlQuery *> SqliteDb::exec(const QString &sql, const QVariantList &binds)
{
    if (Status fault = injectedFault(u"a database write"_s); !fault)
        return fault.error();
    std::shared_ptr<QSqlQuery> &q = m_statements[sql];
    if (!q) {
        if (m_statements.size() > kMaxCachedStatements) {
            m_statements.clear();
            return exec(sql, binds);
        }
        q = std::make_shared<QSqlQuery>(m_db);
        if (!q->prepare(sql)) {
            const Error e = sqlError(u"cannot prepare \"%1\""_s.arg(sql.left(60)), q->lastError());
            m_statements.remove(sql);
            return e;
        }
    }
    for (qsizetype i = 0; i < binds.size(); ++i)
        q->bindValue(int(i), binds.at(i));
    if (!q->exec())
        return sqlError(u"\"%1\" failed"_s.arg(sql.left(60)), q->lastError());
    return q.get();
}

Result<QVariantList> SqliteDb::column(const QString &sql, const QVariantList &binds)
{
    auto q = exec(sql, binds);
    if (!q)
        return q.error();
    QVariantList out;
    while ((*q)->next())
        out.append((*q)->value(0));
    (*q)->finish();
    return out;
}

Result<QVariant> SqliteDb::scalar(const QString &sql, const QVariantList &binds)
{
    auto q = exec(sql, binds);
    if (!q)
        return q.error();
    const QVariant v = (*q)->next() ? (*q)->value(0) : QVariant();
    (*q)->finish();
    return v;
}

Status SqliteDb::begin()
{
    if (Status fault = injectedFault(u"starting a transaction"_s); !fault)
        return fault;
    if (!m_db.transaction())
        return sqlError(u"cannot start a transaction"_s, m_db.lastError());
    return Ok{};
}

Status SqliteDb::commit()
{
    for (auto &q : m_statements)
        q->finish(); // an unfinished SELECT would make the commit fail
    if (Status fault = injectedFault(u"a commit"_s); !fault) {
        m_db.rollback();
        return fault;
    }
    if (!m_db.commit()) {
        const Error e = sqlError(u"cannot commit"_s, m_db.lastError());
        m_db.rollback();
        return e;
    }
    return Ok{};
}

void SqliteDb::rollback()
{
    for (auto &q : m_statements)
        q->finish();
    m_db.rollback();
}

Status SqliteDb::transaction(const std::function<Status()> &work)
{
    if (Status begun = begin(); !begun)
        return begun;
    if (Status done = work(); !done) {
        rollback();
        return done;
    }
    return commit();
}

} // namespace assay::client
