#include "store.h"

#include "core/jsonwriter.h"

#include "connection.h"
#include "migrations.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace assay::server {

using namespace Qt::StringLiterals;

QByteArray encodeDoc(const QJsonObject &doc)
{
    return compactJson(doc); // exact round trip, and faster than QJsonDocument for the hot writes
}

QJsonObject decodeDoc(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

Result<std::unique_ptr<Store>> Store::open(const DatabaseUrl &url, const QString &connectionName)
{
    auto db = openDatabase(url, connectionName);
    if (!db)
        return db.error();
    auto migrated = migrate(*db, url.dialect);
    if (!migrated) {
        closeDatabase(connectionName);
        return migrated.error();
    }
    auto store = std::unique_ptr<Store>(new Store(*db, url, connectionName));
    store->detectTextIndex();
    if (Status moved = store->moveLegacyFeedbackTokens(); !moved)
        return moved.error();
    return store;
}

Store::Store(QSqlDatabase db, DatabaseUrl url, QString connectionName)
    : m_db(std::move(db))
    , m_url(std::move(url))
    , m_connectionName(std::move(connectionName))
{
}

Store::~Store()
{
    m_runUpsert.reset(); // statements go before their connection
    m_statements.clear();
    m_db = QSqlDatabase();
    closeDatabase(m_connectionName);
}

void Store::finishStatements()
{
    // A cached statement left mid-result keeps SQLite's read snapshot after COMMIT: this connection
    // would not see what the other workers' connections write next.
    for (auto &entry : m_statements)
        entry.second->finish();
    if (m_runUpsert)
        m_runUpsert->finish();
}

void Store::forgetTransactionState()
{
    m_auditTail.reset();
    m_lastEventSeq.reset();
    m_inTransaction = false;
}

Status Store::begin()
{
    DatabaseClock clock(m_databaseNanos);
    forgetTransactionState();
    if (!m_db.transaction())
        return Error{u"cannot begin a transaction: %1"_s.arg(m_db.lastError().text()), {}};
    m_inTransaction = true;
    return Ok{};
}

Status Store::commit()
{
    DatabaseClock clock(m_databaseNanos);
    finishStatements();
    forgetTransactionState();
    if (!m_db.commit())
        return Error{u"cannot commit: %1"_s.arg(m_db.lastError().text()), {}};
    return Ok{};
}

void Store::rollback()
{
    DatabaseClock clock(m_databaseNanos);
    finishStatements();
    forgetTransactionState();
    m_db.rollback();
}

int Statement::columnCount() const
{
    return m_query->record().count();
}

Result<Statement> Store::exec(const QString &sql, const QVariantList &binds)
{
    DatabaseClock clock(m_databaseNanos);
    auto cached = m_statements.find(sql);
    if (cached == m_statements.end()) {
        if (m_statements.size() >= 256) // IN lists of many lengths make many texts: keep the cache bounded
            m_statements.clear();
        auto q = std::make_unique<QSqlQuery>(m_db);
        q->setForwardOnly(true);
        if (!q->prepare(sql))
            return Error{u"cannot prepare [%1]: %2"_s.arg(sql.left(200), q->lastError().text()), {}};
        cached = m_statements.emplace(sql, std::move(q)).first;
    }
    QSqlQuery &q = *cached->second;
    for (qsizetype i = 0; i < binds.size(); ++i)
        q.bindValue(int(i), binds.at(i));
    if (!q.exec()) {
        const Error e{u"query failed [%1]: %2"_s.arg(sql.left(200), q.lastError().text()), {}};
        m_statements.erase(cached); // a failed statement may be in a bad state; prepare it again next time
        return e;
    }
    return Statement(&q, m_databaseNanos);
}

Result<QVariantList> Store::firstRow(const QString &sql, const QVariantList &binds)
{
    auto q = exec(sql, binds);
    if (!q)
        return q.error();
    QVariantList values;
    if (q->next())
        for (int i = 0; i < q->columnCount(); ++i)
            values.append(q->value(i));
    q->finish();
    return values;
}

Result<qint64> Store::count(const QString &sql, const QVariantList &binds)
{
    auto row = firstRow(sql, binds);
    if (!row)
        return row.error();
    return row->isEmpty() ? 0 : row->first().toLongLong();
}

Result<QStringList> Store::firstColumn(const QString &sql, const QVariantList &binds)
{
    auto q = exec(sql, binds);
    if (!q)
        return q.error();
    QStringList out;
    while (q->next())
        out.append(q->value(0).toString());
    return out;
}

QString Store::placeholders(qsizetype count) const
{
    QString s;
    s.reserve(count * 3);
    for (qsizetype i = 0; i < count; ++i)
        s += i == 0 ? u"?"_s : u", ?"_s;
    return s;
}

QString Store::inList(const QList<Uuid> &ids, QVariantList &binds) const
{
    for (const Uuid &id : ids)
        binds.append(id.toString());
    return u"("_s + placeholders(ids.size()) + u")"_s;
}

QString Store::inStrings(const QStringList &values, QVariantList &binds) const
{
    for (const QString &v : values)
        binds.append(v);
    return u"("_s + placeholders(values.size()) + u")"_s;
}

QString Store::containsClause(const QString &column, const QString &needle, QVariantList &binds)
{
    QString escaped = needle.toLower();
    escaped.replace(u"!"_s, u"!!"_s).replace(u"%"_s, u"!%"_s).replace(u"_"_s, u"!_"_s);
    binds << u"%"_s + escaped + u"%"_s;
    return u" AND lower(%1) LIKE ? ESCAPE '!'"_s.arg(column);
}

QString Store::listClauses(const ListQuery &query, QVariantList &binds) const
{
    QString sql;
    if (!query.ids.isEmpty())
        sql += u" AND id IN "_s + inList(query.ids, binds);
    if (!query.name.isNull()) {
        sql += u" AND name = ?"_s;
        binds << query.name;
    }
    if (!query.nameContains.isEmpty())
        sql += containsClause(u"name"_s, query.nameContains, binds);
    binds << query.limit << query.offset;
    return sql + u" ORDER BY created_at DESC, id LIMIT ? OFFSET ?"_s;
}

// ---- Projects -----------------------------------------------------------------------------------

namespace {

Result<Project> projectFromDoc(const QByteArray &bytes)
{
    auto w = parseProjectWrite(decodeDoc(bytes), true);
    if (!w)
        return w.error();
    Project p;
    applyProjectWrite(p, *w);
    return p;
}

QString nullSafeName(const QString &name)
{
    // The name column is for lookups; PostgreSQL text cannot hold NUL, and the doc keeps the original.
    QString s = name;
    return s.replace(QChar(0), QChar(0xfffd));
}

} // namespace

Result<std::optional<Project>> Store::projectById(const Uuid &id)
{
    return doc(u"SELECT doc FROM projects WHERE id = ?"_s, {id.toString()}, projectFromDoc);
}

Result<std::optional<Project>> Store::projectByName(const QString &name)
{
    return doc(u"SELECT doc FROM projects WHERE name = ?"_s, {nullSafeName(name)}, projectFromDoc);
}

Result<QList<Project>> Store::listProjects(const ListQuery &query)
{
    ListQuery q = query; // the name column holds names with NUL replaced (see nullSafeName)
    if (!q.name.isNull())
        q.name = nullSafeName(q.name);
    q.nameContains = nullSafeName(q.nameContains);
    QVariantList binds;
    const QString sql = u"SELECT doc FROM projects WHERE 1 = 1"_s + listClauses(q, binds);
    return docs(sql, binds, projectFromDoc);
}

Status Store::saveProject(const Project &project, bool isNew)
{
    const QByteArray doc = encodeDoc(projectToJson(project, Uuid()));
    auto q = isNew ? exec(u"INSERT INTO projects (id, name, created_at, doc) VALUES (?, ?, ?, ?)"_s,
                          {project.id.toString(), nullSafeName(project.name),
                           project.startTime.value_or(Timestamp::now()).micros(), doc})
                   : exec(u"UPDATE projects SET name = ?, doc = ? WHERE id = ?"_s,
                          {nullSafeName(project.name), doc, project.id.toString()});
    if (!q)
        return q.error();
    m_projectIdsByName.clear(); // a rename or a new project invalidates the ingest cache
    return Ok{};
}

Status Store::deleteProject(const Uuid &id)
{
    const QString sid = id.toString();
    if (Status forgotten = forgetRunText(u"(SELECT id FROM runs WHERE session_id = ?)"_s, {sid}); !forgotten)
        return forgotten;
    for (const QString &sql :
         {u"DELETE FROM feedback WHERE run_id IN (SELECT id FROM runs WHERE session_id = ?)"_s,
          u"DELETE FROM run_facets WHERE run_id IN (SELECT id FROM runs WHERE session_id = ?)"_s,
          u"DELETE FROM unindexed_runs WHERE run_id IN (SELECT id FROM runs WHERE session_id = ?)"_s,
          u"DELETE FROM runs WHERE session_id = ?"_s, u"DELETE FROM projects WHERE id = ?"_s}) {
        if (auto q = exec(sql, {sid}); !q)
            return q.error();
    }
    m_projectIdsByName.clear();
    return Ok{};
}

Result<Uuid> Store::projectIdForName(const QString &name)
{
    if (auto cached = m_projectIdsByName.constFind(name); cached != m_projectIdsByName.cend())
        return *cached;
    auto existing = projectByName(name);
    if (!existing)
        return existing.error();
    Uuid id;
    if (*existing) {
        id = (*existing)->id;
    } else {
        Project p;
        p.id = Uuid::v7();
        p.name = name;
        p.startTime = Timestamp::now();
        if (auto saved = saveProject(p, true); !saved)
            return saved.error();
        id = p.id;
    }
    m_projectIdsByName.insert(name, id);
    return id;
}

// ---- API keys -----------------------------------------------------------------------------------

namespace {

std::optional<Timestamp> optionalTime(const QVariant &v)
{
    return v.isNull() ? std::nullopt : std::optional(Timestamp::fromMicros(v.toLongLong()));
}

ApiKeyRecord keyFromRow(const Statement &q)
{
    return ApiKeyRecord{q.value(0).toString(),
                        q.value(1).toString(),
                        q.value(2).toString(),
                        q.value(3).toString(),
                        Timestamp::fromMicros(q.value(4).toLongLong()),
                        optionalTime(q.value(5)),
                        optionalTime(q.value(6)),
                        optionalTime(q.value(7)),
                        q.value(8).toString()};
}

const QString kKeyColumns =
    u"id, prefix, name, role, created_at, revoked_at, last_used_at, expires_at, user_id"_s;

} // namespace

Status Store::insertApiKey(const ApiKeyRecord &r, const QString &keyHash)
{
    auto q = exec(u"INSERT INTO api_keys (id, key_hash, prefix, name, role, created_at, expires_at, user_id)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s,
                  {r.id, keyHash, r.prefix, r.name, r.role, r.createdAt.micros(),
                   r.expiresAt ? QVariant(r.expiresAt->micros()) : QVariant(QMetaType(QMetaType::LongLong)),
                   r.userId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(r.userId)});
    if (!q)
        return q.error();
    return Ok{};
}

Result<std::optional<ApiKeyRecord>> Store::apiKeyByHash(const QString &keyHash)
{
    auto q = exec(u"SELECT "_s + kKeyColumns + u" FROM api_keys WHERE key_hash = ?"_s, {keyHash});
    if (!q)
        return q.error();
    const std::optional<ApiKeyRecord> key = q->next() ? std::optional(keyFromRow(*q)) : std::nullopt;
    q->finish(); // every request reads its key: leave no read open on the connection
    return key;
}

Result<std::optional<ApiKeyRecord>> Store::apiKeyById(const QString &id)
{
    auto q = exec(u"SELECT "_s + kKeyColumns + u" FROM api_keys WHERE id = ?"_s, {id});
    if (!q)
        return q.error();
    const std::optional<ApiKeyRecord> key = q->next() ? std::optional(keyFromRow(*q)) : std::nullopt;
    q->finish();
    return key;
}

Result<QList<ApiKeyRecord>> Store::listApiKeys()
{
    auto q = exec(u"SELECT "_s + kKeyColumns + u" FROM api_keys ORDER BY created_at"_s);
    if (!q)
        return q.error();
    QList<ApiKeyRecord> out;
    while (q->next())
        out.append(keyFromRow(*q));
    return out;
}

Result<bool> Store::revokeApiKey(const QString &idOrPrefix)
{
    // Prefixes are short (a tenth of a secret at most), so one may name several keys: only a prefix that
    // names exactly one active key revokes it.
    auto byPrefix =
        count(u"SELECT COUNT(*) FROM api_keys WHERE prefix = ? AND revoked_at IS NULL AND id <> ?"_s,
              {idOrPrefix, idOrPrefix});
    if (!byPrefix)
        return byPrefix.error();
    if (*byPrefix > 1)
        return Error{u"%1 keys have the prefix %2; revoke by id"_s.arg(*byPrefix).arg(idOrPrefix), {}};
    auto q = exec(u"UPDATE api_keys SET revoked_at = ? WHERE (id = ? OR prefix = ?) AND revoked_at IS NULL"_s,
                  {Timestamp::now().micros(), idOrPrefix, idOrPrefix});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

Status Store::touchApiKey(const QString &id, const Timestamp &when)
{
    auto q = exec(u"UPDATE api_keys SET last_used_at = ? WHERE id = ?"_s, {when.micros(), id});
    if (!q)
        return q.error();
    return Ok{};
}

} // namespace assay::server
