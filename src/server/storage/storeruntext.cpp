// The optional text index (--text-index) that narrows search("...") in SQL: each run's search text
// (RunView::searchText: case-folded name, run type, error, tags and the strings of inputs, outputs and
// metadata) in a trigram index — SQLite FTS5's trigram tokenizer, PostgreSQL pg_trgm with GIN. A
// trigram index answers "contains" exactly (FTS5 a quoted phrase, PostgreSQL LIKE rechecked), so the
// index never hides a run the evaluator would match. Like the side index it is written behind ingest:
// runs wait in untexted_runs, which queries take as candidates. Off by default: on this machine it costs
// ~300 µs of the write worker per run of ~1 KB (docs/operations.md).

#include "store.h"

#include "core/filter/runview.h"

#include <QSqlError>
#include <QSqlQuery>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// PostgreSQL text cannot hold NUL. A needle without NUL found in the original is found in the text with
// NUL replaced (the replacement only adds candidates); needles with NUL are not narrowed.
QString indexableText(const Run &run)
{
    QString text = filter::RunView(run, {}).searchText();
    text.replace(QChar(0), u' ');
    return text;
}

QString likeContaining(const QString &needle)
{
    QString escaped = needle;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

} // namespace

bool Store::detectTextIndex()
{
    m_textIndexed = m_db.tables().contains(u"untexted_runs"_s);
    return m_textIndexed;
}

Status Store::setTextIndex(bool on)
{
    const bool existed = detectTextIndex();
    QStringList statements;
    if (on && !existed && m_url.dialect == Dialect::Sqlite)
        statements = {
            u"CREATE TABLE untexted_runs (run_id TEXT PRIMARY KEY) WITHOUT ROWID"_s,
            // FTS5 rows are numbered: each indexing of a run gets a number of its own
            u"CREATE TABLE run_text_ids (n INTEGER PRIMARY KEY, run_id TEXT NOT NULL)"_s,
            u"CREATE INDEX run_text_ids_by_run ON run_text_ids (run_id)"_s,
            // contentless (the text is not kept twice); folded text in, so case_sensitive
            u"CREATE VIRTUAL TABLE run_text USING fts5(body, tokenize = 'trigram case_sensitive 1', "
            "content = '')"_s};
    else if (on && !existed)
        statements = {u"CREATE EXTENSION IF NOT EXISTS pg_trgm"_s,
                      u"CREATE TABLE untexted_runs (run_id TEXT PRIMARY KEY)"_s,
                      u"CREATE TABLE run_text (run_id TEXT PRIMARY KEY, body TEXT NOT NULL)"_s,
                      u"CREATE INDEX run_text_trigrams ON run_text USING gin (body gin_trgm_ops)"_s};
    else if (!on && existed) // a stale index would hide runs ingested while it was off: it goes
        statements = {u"DROP TABLE untexted_runs"_s, u"DROP TABLE run_text"_s,
                      u"DROP TABLE IF EXISTS run_text_ids"_s};
    if (statements.isEmpty())
        return Ok{};
    if (on)
        statements.append(u"INSERT INTO untexted_runs (run_id) SELECT id FROM runs"_s);
    if (Status begun = begin(); !begun)
        return begun;
    for (const QString &sql : std::as_const(statements)) {
        QSqlQuery q(m_db); // not prepared: PostgreSQL prepares no DDL
        if (!q.exec(sql)) {
            const QString why = q.lastError().text();
            rollback();
            return Error{u"cannot %1 the text index (%2): %3"_s.arg(on ? u"create"_s : u"drop"_s, sql, why),
                         {}};
        }
    }
    if (Status committed = commit(); !committed)
        return committed;
    m_statements.clear(); // statements prepared against the old schema
    detectTextIndex();
    return Ok{};
}

Status Store::queueRunText(const QList<Run> &runs)
{
    if (!m_textIndexed)
        return Ok{};
    return insertRows(
        u"INSERT INTO untexted_runs (run_id) VALUES "_s, 1, runs.size(),
        [&](qsizetype i, QVariantList &binds) { binds << runs.at(i).id.toString(); },
        u" ON CONFLICT (run_id) DO NOTHING"_s);
}

Result<qsizetype> Store::indexQueuedRunText(qsizetype max)
{
    if (!m_textIndexed)
        return 0;
    const QString lock = m_url.dialect == Dialect::Postgres ? u" FOR UPDATE SKIP LOCKED"_s : QString();
    auto queued = exec(u"SELECT run_id FROM untexted_runs ORDER BY run_id LIMIT ?"_s + lock, {max});
    if (!queued)
        return queued.error();
    QList<Uuid> ids;
    while (queued->next()) {
        auto id = Uuid::parse(queued->value(0).toString());
        if (!id)
            return id.error();
        ids.append(*id);
    }
    queued->finish();
    if (ids.isEmpty())
        return 0;
    auto runs = runsByIds(ids);
    if (!runs)
        return runs.error();
    QVariantList binds;
    const QString in = inList(ids, binds);
    if (m_url.dialect == Dialect::Sqlite) {
        // The old rows of the index stay (a contentless FTS5 table cannot delete without the old text)
        // but no longer name the run.
        if (auto forgotten = exec(u"DELETE FROM run_text_ids WHERE run_id IN "_s + in, binds); !forgotten)
            return forgotten.error();
        for (const Run &run : std::as_const(*runs)) {
            auto numbered = exec(u"INSERT INTO run_text_ids (run_id) VALUES (?)"_s, {run.id.toString()});
            if (!numbered)
                return numbered.error();
            const QVariant n = numbered->lastInsertId();
            if (auto added =
                    exec(u"INSERT INTO run_text (rowid, body) VALUES (?, ?)"_s, {n, indexableText(run)});
                !added)
                return added.error();
        }
    } else {
        const QList<Run> list = runs->values();
        if (Status written = insertRows(
                u"INSERT INTO run_text (run_id, body) VALUES "_s, 2, list.size(),
                [&](qsizetype i, QVariantList &row) {
                    row << list.at(i).id.toString() << indexableText(list.at(i));
                },
                u" ON CONFLICT (run_id) DO UPDATE SET body = excluded.body"_s);
            !written)
            return written.error();
    }
    if (auto dequeued = exec(u"DELETE FROM untexted_runs WHERE run_id IN "_s + in, binds); !dequeued)
        return dequeued.error();
    return ids.size();
}

QString Store::textSubquery(const QString &needle, QVariantList &binds) const
{
    if (!m_textIndexed || needle.contains(QChar(0)))
        return {};
    if (m_url.dialect == Dialect::Sqlite) {
        binds << u'"' + QString(needle).replace(u'"', u"\"\""_s) + u'"'; // one phrase: the text as written
        return u"SELECT run_id FROM run_text_ids WHERE n IN (SELECT rowid FROM run_text WHERE run_text MATCH "
               u"?)"
               " UNION ALL SELECT run_id FROM untexted_runs"_s;
    }
    binds << likeContaining(needle);
    return u"SELECT run_id FROM run_text WHERE body LIKE ? UNION ALL SELECT run_id FROM untexted_runs"_s;
}

Status Store::forgetRunText(const QString &runIdsIn, const QVariantList &binds)
{
    if (!m_textIndexed)
        return Ok{};
    for (const QString &table :
         {u"untexted_runs"_s, m_url.dialect == Dialect::Sqlite ? u"run_text_ids"_s : u"run_text"_s})
        if (auto q = exec(u"DELETE FROM %1 WHERE run_id IN %2"_s.arg(table, runIdsIn), binds); !q)
            return q.error();
    return Ok{};
}

} // namespace assay::server
