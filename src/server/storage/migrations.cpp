#include "migrations.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// @BLOB and @INT are the dialect's byte-string and 64-bit integer types. Entities are stored as their
// JSON (the codecs in assay_core) in a `doc` column, with the columns that queries filter and sort on
// beside it. Docs are bytes, so NUL and any encoding round-trip on both drivers.
struct Migration {
    int version;
    const char *description;
    std::initializer_list<const char *> statements;
};

const Migration kMigrations[] = {
    {1,
     "projects, runs, feedback, feedback configs, queues, queue items, datasets, examples, API keys",
     {
         "CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at @INT NOT NULL, "
         "doc @BLOB NOT NULL)",
         "CREATE TABLE runs (id TEXT PRIMARY KEY, session_id TEXT, trace_id TEXT, parent_run_id TEXT,"
         " start_time @INT, is_root @INT NOT NULL, run_type TEXT, has_error @INT NOT NULL, doc @BLOB NOT "
         "NULL)",
         "CREATE INDEX runs_by_session ON runs (session_id, start_time)",
         "CREATE INDEX runs_by_trace ON runs (trace_id)",
         "CREATE TABLE feedback (id TEXT PRIMARY KEY, run_id TEXT, session_id TEXT, key TEXT NOT NULL,"
         " source_type TEXT, created_at @INT NOT NULL, doc @BLOB NOT NULL)",
         "CREATE INDEX feedback_by_run ON feedback (run_id)",
         "CREATE TABLE feedback_configs (feedback_key TEXT PRIMARY KEY, deleted @INT NOT NULL, modified_at "
         "@INT NOT NULL,"
         " doc @BLOB NOT NULL)",
         "CREATE TABLE queues (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at @INT NOT NULL, doc @BLOB "
         "NOT NULL)",
         "CREATE TABLE queue_items (id TEXT PRIMARY KEY, queue_id TEXT NOT NULL REFERENCES queues (id) ON "
         "DELETE CASCADE,"
         " run_id TEXT NOT NULL, added_at @INT NOT NULL, doc @BLOB NOT NULL, UNIQUE (queue_id, run_id))",
         "CREATE TABLE datasets (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at @INT NOT NULL, "
         "doc @BLOB NOT NULL)",
         "CREATE TABLE examples (id TEXT PRIMARY KEY, dataset_id TEXT NOT NULL REFERENCES datasets (id) ON "
         "DELETE CASCADE,"
         " created_at @INT NOT NULL, doc @BLOB NOT NULL)",
         "CREATE INDEX examples_by_dataset ON examples (dataset_id, created_at)",
         "CREATE TABLE api_keys (id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL, "
         "name TEXT NOT NULL,"
         " role TEXT NOT NULL, created_at @INT NOT NULL, revoked_at @INT, last_used_at @INT)",
     }},
    {2,
     "presigned feedback tokens",
     {
         "CREATE TABLE feedback_tokens (id TEXT PRIMARY KEY, run_id TEXT NOT NULL, expires_at @INT NOT NULL, "
         "doc @BLOB NOT NULL)",
         "CREATE INDEX feedback_tokens_by_run ON feedback_tokens (run_id)",
     }},
    {3,
     "routing rules, their counters, backfill jobs, and the runs removed from queues",
     {
         "CREATE TABLE routing_rules (id TEXT PRIMARY KEY, queue_id TEXT NOT NULL, enabled @INT NOT NULL,"
         " updated_at @INT NOT NULL, doc @BLOB NOT NULL)",
         "CREATE TABLE rule_stats (rule_id TEXT PRIMARY KEY, evaluated @INT NOT NULL, matched @INT NOT NULL,"
         " sampled_in @INT NOT NULL, added @INT NOT NULL, last_errors @BLOB)",
         "CREATE TABLE queue_removals (queue_id TEXT NOT NULL, run_id TEXT NOT NULL, removed_at @INT NOT "
         "NULL,"
         " PRIMARY KEY (queue_id, run_id))",
         "CREATE TABLE rule_jobs (id TEXT PRIMARY KEY, rule_id TEXT NOT NULL, created_at @INT NOT NULL, doc "
         "@BLOB NOT NULL)",
     }},
    {4,
     "the hash-chained audit log",
     {
         "CREATE TABLE audit_log (seq @INT PRIMARY KEY, at @INT NOT NULL, actor TEXT NOT NULL, action TEXT "
         "NOT NULL,"
         " entity TEXT NOT NULL, entity_id TEXT NOT NULL, before_doc @BLOB, after_doc @BLOB, prev_hash TEXT "
         "NOT NULL,"
         " hash TEXT NOT NULL)",
     }},
    {5,
     "reviewers assigned to queues",
     {
         "CREATE TABLE queue_reviewers (queue_id TEXT NOT NULL, key_id TEXT NOT NULL, PRIMARY KEY (queue_id, "
         "key_id))",
         "CREATE INDEX queue_reviewers_by_key ON queue_reviewers (key_id)",
     }},
    {6,
     "API key expiry",
     {
         "ALTER TABLE api_keys ADD COLUMN expires_at @INT",
     }},
    {7,
     "review leases and annotations",
     {
         "CREATE TABLE leases (queue_id TEXT NOT NULL, run_id TEXT NOT NULL, reviewer TEXT NOT NULL, "
         "expires_at @INT NOT NULL,"
         " PRIMARY KEY (queue_id, run_id, reviewer))",
         "CREATE TABLE annotations (id TEXT PRIMARY KEY, queue_id TEXT NOT NULL, run_id TEXT NOT NULL, "
         "reviewer TEXT NOT NULL,"
         " submitted_at @INT NOT NULL, status TEXT NOT NULL, doc @BLOB NOT NULL)",
         "CREATE INDEX annotations_by_item ON annotations (queue_id, run_id, reviewer)",
     }},
    {8,
     "the review changes feed",
     {
         "CREATE TABLE review_events (seq @INT PRIMARY KEY, queue_id TEXT NOT NULL, kind TEXT NOT NULL, "
         "reviewer TEXT,"
         " run_id TEXT, at @INT NOT NULL, doc @BLOB NOT NULL)",
         "CREATE INDEX review_events_by_queue ON review_events (queue_id, seq)",
     }},
    {9,
     "every version of every queue's rubric",
     {
         "CREATE TABLE queue_rubrics (queue_id TEXT NOT NULL, version @INT NOT NULL, doc @BLOB NOT NULL,"
         " PRIMARY KEY (queue_id, version))",
     }},
    {10,
     "users, the people keys belong to",
     {
         "CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, email TEXT, role TEXT NOT NULL,"
         " created_at @INT NOT NULL, disabled_at @INT)",
         "ALTER TABLE api_keys ADD COLUMN user_id TEXT",
         "CREATE INDEX api_keys_by_user ON api_keys (user_id)",
     }},
    {11,
     "a covering index for the current answers of a queue (review counts, checkout pages)",
     {
         "CREATE INDEX annotations_current ON annotations (queue_id, status, run_id, reviewer)",
         // it covers every lookup the older index served; one random-key index less per answer written
         "DROP INDEX annotations_by_item",
     }},
    {12,
     "audit entries hashed over their stored bytes (format 2); older entries keep format 1",
     {
         "ALTER TABLE audit_log ADD COLUMN hash_format @INT NOT NULL DEFAULT 1",
     }},
    {13,
     "presigned feedback links stored by the hash of their secret, with uses and revocation; key prefixes "
     "that show at most a tenth of a secret",
     {
         "CREATE TABLE feedback_links (secret_hash TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, run_id TEXT "
         "NOT NULL,"
         " expires_at @INT NOT NULL, max_uses @INT NOT NULL, uses @INT NOT NULL DEFAULT 0, revoked_at @INT,"
         " doc @BLOB NOT NULL)",
         "CREATE INDEX feedback_links_by_run ON feedback_links (run_id)",
         // feedback_tokens (plain-text secrets) is emptied into feedback_links at start: hashing needs C++
         "UPDATE api_keys SET prefix = CASE WHEN prefix LIKE 'assay!_%' ESCAPE '!' THEN substr(prefix, 1, 10)"
         " ELSE substr(prefix, 1, 3) END",
     }},
    {14,
     "run listings by position (start time, runs without one first, then id): keyset pages seek",
     {
         "CREATE INDEX runs_by_position ON runs ((COALESCE(start_time, 0)), id)",
         "CREATE INDEX runs_by_session_position ON runs (session_id, (COALESCE(start_time, 0)), id)",
     }},
    {15,
     "a side index of runs' tags and top-level metadata (kept by run, numbers indexed only where there is "
     "one), written behind ingest: runs wait in unindexed_runs with their rows until the facet indexer "
     "writes them, and queries take them as candidates meanwhile (existing runs are queued, indexed after "
     "start); feedback by key, so run filters narrow in SQL; queue items by position; runs by session and "
     "start time left to the position index",
     {
         "CREATE TABLE run_facets (run_id TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, text TEXT,"
         " num @REAL, PRIMARY KEY (run_id, kind, key)) @WITHOUT_ROWID",
         "CREATE INDEX run_facets_by_text ON run_facets (kind, key, text, run_id)",
         "CREATE INDEX run_facets_by_number ON run_facets (kind, key, num, run_id) WHERE num IS NOT NULL",
         "CREATE TABLE unindexed_runs (run_id TEXT PRIMARY KEY, facets @BLOB) @WITHOUT_ROWID",
         "INSERT INTO unindexed_runs (run_id) SELECT id FROM runs",
         "DROP INDEX runs_by_session",
         "CREATE INDEX feedback_by_key ON feedback (key, run_id)",
         // queue listings are ordered by when items were added: a page seeks instead of sorting the queue
         "CREATE INDEX queue_items_by_position ON queue_items (queue_id, added_at, id)",
     }},
    {16,
     "feedback and examples by position (created_at, id): their listings' keyset pages seek; what keeps a "
     "run from retention found by run: queue items, answers, and examples with the run they came from",
     {
         "CREATE INDEX feedback_by_position ON feedback (created_at, id)",
         "DROP INDEX examples_by_dataset",
         "CREATE INDEX examples_by_dataset ON examples (dataset_id, created_at, id)",
         "CREATE INDEX examples_by_position ON examples (created_at, id)",
         "ALTER TABLE examples ADD COLUMN source_run_id TEXT",
         "UPDATE examples SET source_run_id = @DOC_FIELD(source_run_id)",
         "CREATE INDEX examples_by_source_run ON examples (source_run_id)",
         "CREATE INDEX queue_items_by_run ON queue_items (run_id)",
         "CREATE INDEX annotations_by_run ON annotations (run_id)",
     }},
    {17,
     "each queue item counts the reviewers with a current answer, so a checkout seeks the items still open "
     "instead of passing over every answered item at the queue's head",
     {
         "ALTER TABLE queue_items ADD COLUMN reviewers @INT NOT NULL DEFAULT 0",
         "UPDATE queue_items SET reviewers = (SELECT COUNT(DISTINCT a.reviewer) FROM annotations a"
         " WHERE a.queue_id = queue_items.queue_id AND a.run_id = queue_items.run_id AND a.status = "
         "'applied')",
         "CREATE INDEX queue_items_to_review ON queue_items (queue_id, reviewers, added_at, id)",
     }},
    {18,
     "feedback is listed by project (GET /feedback?session=) in its keyset order",
     {
         // IF NOT EXISTS: a database set back to an older schema version (as tests do) may have it.
         "CREATE INDEX IF NOT EXISTS feedback_by_session ON feedback (session_id, created_at, id)",
     }},
    {19,
     "a project's root runs by position: the lead's runs table counts them and jumps to row N in the index "
     "alone (runs_by_session_position reads each run to ask whether it is a root)",
     {
         // PostgreSQL reads an expression from an index alone only when the index holds its columns too
         "CREATE INDEX IF NOT EXISTS runs_by_session_root_position ON runs (session_id, is_root,"
         " (COALESCE(start_time, 0)), id) @INCLUDE(start_time)",
     }},
    {20,
     "each queue's traffic per day (arrivals by what added them, completions, items reopened, open items "
     "removed), written with the change it counts, arrivals of the items already queued counted from their "
     "add time; each answer's active time in a column, and answers by reviewer, for the queue's health",
     {
         "CREATE TABLE IF NOT EXISTS queue_flow (queue_id TEXT NOT NULL, day @INT NOT NULL, source TEXT NOT "
         "NULL,"
         " arrivals @INT NOT NULL DEFAULT 0, completions @INT NOT NULL DEFAULT 0, reopened @INT NOT NULL"
         " DEFAULT 0, removed_open @INT NOT NULL DEFAULT 0, PRIMARY KEY (queue_id, day, source))",
         "INSERT INTO queue_flow (queue_id, day, source, arrivals) SELECT queue_id, day, source, COUNT(*) "
         "FROM"
         " (SELECT queue_id, added_at / 86400000000 AS day, CASE WHEN @DOC_PATH(added_by, kind) = 'rule'"
         " THEN 'rule:' || @DOC_PATH(added_by, id) ELSE COALESCE(@DOC_PATH(added_by, kind), 'sdk') END AS"
         " source FROM queue_items) arrived GROUP BY queue_id, day, source ON CONFLICT DO NOTHING",
         "ALTER TABLE annotations ADD COLUMN active_ms @INT",
         "UPDATE annotations SET active_ms = CAST(ROUND(1000 * COALESCE(@DOC_NUMBER(annotation,"
         " active_seconds), 0)) AS @INT)",
         "CREATE INDEX IF NOT EXISTS annotations_by_reviewer ON annotations (queue_id, status, reviewer, "
         "submitted_at,"
         " active_ms)",
     }},
    {21,
     "calibration rounds: the items every reviewer of a queue answers blind, to compare their answers",
     {
         "CREATE TABLE IF NOT EXISTS calibration_rounds (id TEXT PRIMARY KEY, queue_id TEXT NOT NULL, open "
         "@INT"
         " NOT NULL, created_at @INT NOT NULL, closed_at @INT, doc @BLOB NOT NULL)",
         "CREATE INDEX IF NOT EXISTS calibration_rounds_by_queue ON calibration_rounds (queue_id, "
         "created_at)",
         // `open` is the round's, copied: an answer asks whether its run is in an open round of its queue
         "CREATE TABLE IF NOT EXISTS calibration_items (round_id TEXT NOT NULL, queue_id TEXT NOT NULL, "
         "run_id"
         " TEXT NOT NULL, open @INT NOT NULL, PRIMARY KEY (round_id, run_id))",
         "CREATE INDEX IF NOT EXISTS calibration_items_by_run ON calibration_items (queue_id, run_id, open)",
     }},
    {22,
     "when each answer was first used (its run made an example of a dataset, or exported), for freshness",
     {
         "ALTER TABLE annotations ADD COLUMN used_at @INT",
         // the oldest unused answer (used_at NULL) and the last use are both ends of one range
         "CREATE INDEX IF NOT EXISTS annotations_by_use ON annotations (queue_id, status, used_at, "
         "submitted_at)",
         // each reviewer's answers by active time: the health's medians read the histogram in index order
         "CREATE INDEX IF NOT EXISTS annotations_by_reviewer_time ON annotations (queue_id, status, "
         "reviewer, "
         "active_ms, submitted_at)",
         "DROP INDEX IF EXISTS annotations_by_reviewer",
         // answers whose runs are examples already were used when the example was made
         "UPDATE annotations SET used_at = (SELECT MIN(e.created_at) FROM examples e WHERE e.source_run_id ="
         " annotations.run_id) WHERE used_at IS NULL AND EXISTS (SELECT 1 FROM examples e"
         " WHERE e.source_run_id = annotations.run_id)",
     }},
};

QString forDialect(const char *sql, Dialect dialect)
{
    QString s = QString::fromLatin1(sql);
    s.replace(u"@BLOB"_s, dialect == Dialect::Sqlite ? u"BLOB"_s : u"BYTEA"_s);
    s.replace(u"@INT"_s, dialect == Dialect::Sqlite ? u"INTEGER"_s : u"BIGINT"_s);
    s.replace(u"@REAL"_s, dialect == Dialect::Sqlite ? u"REAL"_s : u"DOUBLE PRECISION"_s);
    // SQLite keeps such a table in its primary key's order, with no rowid tree beside it.
    s.replace(u"@WITHOUT_ROWID"_s, dialect == Dialect::Sqlite ? u"WITHOUT ROWID"_s : QString());
    // Columns an index carries without sorting by them (PostgreSQL; SQLite has no INCLUDE).
    static const QRegularExpression include(u"@INCLUDE\\((\\w+)\\)"_s);
    s.replace(include, dialect == Dialect::Sqlite ? QString() : u"INCLUDE (\\1)"_s);
    // A nested field of the stored document, as text or as a number.
    static const QRegularExpression docPath(u"@DOC_PATH\\((\\w+), (\\w+)\\)"_s);
    s.replace(docPath, dialect == Dialect::Sqlite ? u"json_extract(CAST(doc AS TEXT), '$.\\1.\\2')"_s
                                                  : u"(convert_from(doc, 'UTF8')::jsonb #>> '{\\1,\\2}')"_s);
    static const QRegularExpression docNumber(u"@DOC_NUMBER\\((\\w+), (\\w+)\\)"_s);
    s.replace(docNumber,
              dialect == Dialect::Sqlite
                  ? u"CAST(json_extract(CAST(doc AS TEXT), '$.\\1.\\2') AS REAL)"_s
                  : u"CAST(convert_from(doc, 'UTF8')::jsonb #>> '{\\1,\\2}' AS DOUBLE PRECISION)"_s);
    // A text field of the stored JSON document (docs are UTF-8 JSON bytes: encodeDoc).
    static const QRegularExpression docField(u"@DOC_FIELD\\((\\w+)\\)"_s);
    s.replace(docField, dialect == Dialect::Sqlite ? u"json_extract(CAST(doc AS TEXT), '$.\\1')"_s
                                                   : u"(convert_from(doc, 'UTF8')::jsonb ->> '\\1')"_s);
    return s;
}

// A database set back to an older schema version (as tests do to replay a migration) may have the column
// already; every other statement of a migration is written to be replayed.
bool addsColumnThatExists(QSqlDatabase &db, const QString &sql)
{
    static const QRegularExpression addColumn(u"^ALTER TABLE (\\w+) ADD COLUMN (\\w+)"_s);
    const auto m = addColumn.match(sql);
    return m.hasMatch() && db.record(m.captured(1)).contains(m.captured(2));
}

Error sqlError(const QString &what, const QSqlQuery &q)
{
    return Error{u"%1: %2"_s.arg(what, q.lastError().text()), {}};
}

} // namespace

int latestSchemaVersion()
{
    return std::end(kMigrations)[-1].version;
}

Result<int> schemaVersion(QSqlDatabase &db)
{
    if (!db.tables().contains(u"assay_schema"_s))
        return 0;
    QSqlQuery q(db);
    if (!q.exec(u"SELECT version FROM assay_schema"_s))
        return sqlError(u"cannot read the schema version"_s, q);
    return q.next() ? q.value(0).toInt() : 0;
}

Result<int> migrate(QSqlDatabase &db, Dialect dialect)
{
    auto current = schemaVersion(db);
    if (!current)
        return current;
    const int from = *current;
    if (from > latestSchemaVersion())
        return Error{u"the database has schema version %1, newer than this assay-server understands (%2); "
                     "upgrade assay-server, or point it at another database"_s.arg(from)
                         .arg(latestSchemaVersion()),
                     {}};
    for (const Migration &m : kMigrations) {
        if (m.version <= from)
            continue;
        if (!db.transaction())
            return Error{u"cannot start migration %1: %2"_s.arg(m.version).arg(db.lastError().text()), {}};
        QSqlQuery q(db);
        QStringList statements;
        if (m.version == 1)
            statements.append(u"CREATE TABLE assay_schema (version INTEGER NOT NULL)"_s);
        for (const char *sql : m.statements)
            statements.append(forDialect(sql, dialect));
        statements.append(m.version == 1 ? u"INSERT INTO assay_schema (version) VALUES (1)"_s
                                         : u"UPDATE assay_schema SET version = %1"_s.arg(m.version));
        for (const QString &sql : statements) {
            if (addsColumnThatExists(db, sql))
                continue;
            if (!q.exec(sql)) {
                const Error e = sqlError(
                    u"migration %1 (%2) failed"_s.arg(m.version).arg(QLatin1StringView(m.description)), q);
                db.rollback();
                return e;
            }
        }
        if (!db.commit())
            return Error{u"cannot commit migration %1: %2"_s.arg(m.version).arg(db.lastError().text()), {}};
    }
    return from;
}

} // namespace assay::server
