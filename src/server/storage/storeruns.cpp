// Runs: stored as runToJson() bytes with the columns /runs/query filters and sorts on.

#include "store.h"

#include <QSqlError>
#include <QSqlQuery>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// A run's place in listings. Runs without a start time (a patch that came before its post) sort as the
// earliest, on both databases; the same expression is indexed (migrations 14 and 19), so a position is a
// seek, not a scan.
const QString kRunPosition = u"COALESCE(start_time, 0)"_s;

constexpr qsizetype kRowsPerInsert = 100; // 9 parameters a row: far below both drivers' limits

QVariant optionalId(const std::optional<Uuid> &id)
{
    return id ? QVariant(id->toString()) : QVariant(QMetaType(QMetaType::QString));
}

const QString kRunUpsertConflict =
    u" ON CONFLICT (id) DO UPDATE SET session_id = excluded.session_id, trace_id = excluded.trace_id,"
    " parent_run_id = excluded.parent_run_id, start_time = excluded.start_time, is_root = excluded.is_root,"
    " run_type = excluded.run_type, has_error = excluded.has_error, doc = excluded.doc"_s;

// The values of one row of the runs table, in column order.
QVariantList runRow(const Run &r)
{
    return {r.id.toString(),
            optionalId(r.sessionId),
            optionalId(r.traceId.isNull() ? std::nullopt : std::optional(r.traceId)),
            optionalId(r.parentRunId),
            r.startTime ? QVariant(r.startTime->micros()) : QVariant(QMetaType(QMetaType::LongLong)),
            r.isRoot() ? 1 : 0,
            r.runType,
            r.error.isEmpty() ? 0 : 1,
            encodeDoc(runToJson(r))};
}

} // namespace

Result<Run> runFromDoc(const QByteArray &bytes)
{
    auto w = parseRunUpsert(decodeDoc(bytes));
    if (!w)
        return Error{u"stored run is unreadable: %1"_s.arg(w.error().toString()), {}};
    Run run;
    applyRunUpsert(run, *w);
    return run;
}

Result<QHash<Uuid, Run>> Store::runsByIds(const QList<Uuid> &ids)
{
    QHash<Uuid, Run> out;
    for (qsizetype start = 0; start < ids.size(); start += 500) {
        QVariantList binds;
        auto runs = docs(u"SELECT doc FROM runs WHERE id IN "_s + inList(ids.mid(start, 500), binds), binds,
                         runFromDoc);
        if (!runs)
            return runs.error();
        for (const Run &run : *runs)
            out.insert(run.id, run);
    }
    return out;
}

Result<QHash<Uuid, QByteArray>> Store::runDocsByIds(const QList<Uuid> &ids)
{
    QHash<Uuid, QByteArray> out;
    auto asStored = [](const QByteArray &bytes) -> Result<QByteArray> { return bytes; };
    for (qsizetype start = 0; start < ids.size(); start += 500) {
        QVariantList binds;
        Status read = eachDoc(u"SELECT doc, id FROM runs WHERE id IN "_s + inList(ids.mid(start, 500), binds), binds,
                              +asStored, [&](QByteArray &&doc, const Statement &row) -> Status {
                                  if (auto id = Uuid::parse(row.value(1).toString()))
                                      out.insert(*id, std::move(doc));
                                  return Ok{};
                              });
        if (!read)
            return read.error();
    }
    return out;
}

Status Store::upsertRuns(const QList<Run> &runs)
{
    if (m_url.dialect == Dialect::Sqlite)
        return upsertRunsOneByOne(runs);
    // PostgreSQL: one multi-row statement per chunk saves a round trip per row (QPSQL has no batch mode).
    for (qsizetype start = 0; start < runs.size(); start += kRowsPerInsert) {
        const qsizetype count = std::min(kRowsPerInsert, runs.size() - start);
        QString sql = u"INSERT INTO runs (id, session_id, trace_id, parent_run_id, start_time, is_root, "
                      u"run_type, has_error,"
                      " doc) VALUES "_s;
        QVariantList binds;
        binds.reserve(count * 9);
        for (qsizetype i = 0; i < count; ++i) {
            sql += i == 0 ? u"(?, ?, ?, ?, ?, ?, ?, ?, ?)"_s : u", (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
            binds += runRow(runs.at(start + i));
        }
        if (auto q = exec(sql + kRunUpsertConflict, binds); !q)
            return q.error();
    }
    return Ok{};
}

// SQLite: no round trips to save, and Qt's SQLite driver looks parameters up by name, which costs
// O(n^2) in a statement's parameter count. One prepared single-row statement, reused, is fastest.
Status Store::upsertRunsOneByOne(const QList<Run> &runs)
{
    if (!m_runUpsert) {
        m_runUpsert = std::make_unique<QSqlQuery>(m_db);
        if (!m_runUpsert->prepare(
                u"INSERT INTO runs (id, session_id, trace_id, parent_run_id, start_time, is_root, run_type,"
                " has_error, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s +
                kRunUpsertConflict)) {
            const Error e{u"cannot prepare the run upsert: %1"_s.arg(m_runUpsert->lastError().text()), {}};
            m_runUpsert.reset();
            return e;
        }
    }
    for (const Run &r : runs) {
        const QVariantList row = runRow(r);
        for (qsizetype i = 0; i < row.size(); ++i)
            m_runUpsert->bindValue(int(i), row.at(i));
        if (!m_runUpsert->exec())
            return Error{u"cannot store run %1: %2"_s.arg(r.id.toString(), m_runUpsert->lastError().text()),
                         {}};
    }
    return Ok{};
}

Result<QList<Run>> Store::queryRuns(const RunQuery &query)
{
    QVariantList binds;
    const QString sql = runQuerySql(u"doc"_s, query, binds);
    return docs(sql, binds, runFromDoc);
}

Result<QList<Uuid>> Store::queryRunIds(const RunQuery &query)
{
    QVariantList binds;
    const QString sql = runQuerySql(u"id"_s, query, binds);
    return docs(
        sql, binds,
        +[](const QByteArray &id) -> Result<Uuid> { return Uuid::parse(QString::fromLatin1(id)); });
}

QString Store::runQuerySql(const QString &column, const RunQuery &query, QVariantList &binds) const
{
    QString sql = u"SELECT %1 FROM runs WHERE 1 = 1"_s.arg(column);
    if (query.drivingNarrowing) {
        // Few candidates: start from them (CROSS JOIN fixes SQLite's join order), then sort.
        const QString candidates = narrowingSubquery(query.narrowings.at(*query.drivingNarrowing), binds);
        // Only ids are sorted; the page's documents are read afterwards (below).
        sql = u"SELECT runs.id FROM (SELECT DISTINCT run_id FROM (%1) c) candidates %2 runs ON runs.id = "
              "candidates.run_id WHERE 1 = 1"_s.arg(
                  candidates, m_url.dialect == Dialect::Sqlite ? u"CROSS JOIN"_s : u"JOIN"_s);
    }
    sql += runFieldsSql(query, binds);
    sql += narrowingsSql(query.narrowings, query.drivingNarrowing, binds);
    if (query.after) {
        sql += afterPositionSql(kRunPosition, query.ascending);
        binds << query.after->first << query.after->first << query.after->second.toString();
    }
    const QString order = query.ascending ? u" ORDER BY %1 ASC, id ASC"_s.arg(kRunPosition)
                                          : u" ORDER BY %1 DESC, id DESC"_s.arg(kRunPosition);
    sql += order + u" LIMIT ? OFFSET ?"_s;
    binds << query.limit << query.offset;
    if (query.drivingNarrowing)
        sql = u"SELECT %1 FROM runs WHERE id IN (%2)"_s.arg(column, sql) + order;
    return sql;
}

QString Store::runFieldsSql(const RunQuery &query, QVariantList &binds) const
{
    QString sql;
    if (!query.sessions.isEmpty())
        sql += u" AND session_id IN "_s + inList(query.sessions, binds);
    if (!query.ids.isEmpty())
        sql += u" AND id IN "_s + inList(query.ids, binds);
    if (query.trace) {
        sql += u" AND trace_id = ?"_s;
        binds << query.trace->toString();
    }
    if (query.parentRun) {
        sql += u" AND parent_run_id = ?"_s;
        binds << query.parentRun->toString();
    }
    if (!query.runType.isEmpty()) {
        sql += u" AND run_type = ?"_s;
        binds << query.runType;
    }
    if (query.isRoot) {
        sql += u" AND is_root = ?"_s;
        binds << (*query.isRoot ? 1 : 0);
    }
    if (query.hasError) {
        sql += u" AND has_error = ?"_s;
        binds << (*query.hasError ? 1 : 0);
    }
    if (query.startTimeFrom) {
        // The position's bound lets the index seek; the plain one keeps runs without a start time out.
        sql += u" AND %1 >= ? AND start_time >= ?"_s.arg(kRunPosition);
        binds << query.startTimeFrom->micros() << query.startTimeFrom->micros();
    }
    if (query.startTimeBefore) {
        sql += u" AND %1 < ? AND start_time < ?"_s.arg(kRunPosition);
        binds << query.startTimeBefore->micros() << query.startTimeBefore->micros();
    }
    return sql;
}

Result<qint64> Store::countRuns(const RunQuery &query)
{
    Q_ASSERT(query.narrowings.isEmpty()); // a count by what a filter implies would count candidates
    QVariantList binds;
    const QString sql = u"SELECT COUNT(*) FROM runs WHERE 1 = 1"_s + runFieldsSql(query, binds);
    return count(sql, binds);
}

Result<std::optional<ListPosition>> Store::runPositionAt(const RunQuery &query, qsizetype offset)
{
    Q_ASSERT(query.narrowings.isEmpty());
    QVariantList binds;
    // The listing's own columns only: an index (migration 19 for a project's roots) answers it alone.
    QString sql = u"SELECT %1, id FROM runs WHERE 1 = 1"_s.arg(kRunPosition) + runFieldsSql(query, binds);
    sql += query.ascending ? u" ORDER BY %1 ASC, id ASC"_s.arg(kRunPosition)
                           : u" ORDER BY %1 DESC, id DESC"_s.arg(kRunPosition);
    sql += u" LIMIT 1 OFFSET ?"_s;
    binds << offset;
    auto row = firstRow(sql, binds);
    if (!row)
        return row.error();
    if (row->size() < 2)
        return std::optional<ListPosition>();
    auto id = Uuid::parse(row->at(1).toString());
    if (!id)
        return id.error();
    return std::optional(ListPosition{row->at(0).toLongLong(), *id});
}

QString Store::afterPositionSql(const QString &timeColumn, bool ascending)
{
    // Both databases seek the index only with this spelling: PostgreSQL needs the row value (with
    // "a < ? OR (a = ? AND id < ?)" it filtered from the start: page 1,000 read 100,000 entries, 1.8 s
    // at a million runs), SQLite the plain bound on the first column (it scans for a row value alone).
    return (ascending ? u" AND %1 >= ? AND (%1, id) > (?, ?)"_s : u" AND %1 <= ? AND (%1, id) < (?, ?)"_s)
        .arg(timeColumn);
}

QString Store::pageClauses(const QString &timeColumn, const PageRequest &page, QVariantList &binds) const
{
    QString sql;
    if (page.after) {
        sql += afterPositionSql(timeColumn, true);
        binds << page.after->first << page.after->first << page.after->second.toString();
    }
    binds << page.limit << page.offset;
    return sql + u" ORDER BY %1, id LIMIT ? OFFSET ?"_s.arg(timeColumn);
}

Result<QList<Run>> Store::runsOfTraces(const QList<Uuid> &traceIds)
{
    QList<Run> out;
    for (qsizetype start = 0; start < traceIds.size(); start += 500) {
        QVariantList binds;
        auto runs =
            docs(u"SELECT doc FROM runs WHERE trace_id IN "_s + inList(traceIds.mid(start, 500), binds),
                 binds, runFromDoc);
        if (!runs)
            return runs.error();
        out += *runs;
    }
    return out;
}

} // namespace assay::server
