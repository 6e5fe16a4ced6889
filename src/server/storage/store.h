#pragma once

// The one place SQL lives. Repositories return domain objects from assay_core; entities are stored as
// their JSON (bytes) beside the columns that queries use. One Store is one connection, used by one
// thread; the HTTP layer wraps each request in one transaction.

#include "databaseurl.h"

#include "core/annotation.h"
#include "core/calibration.h"
#include "core/dataset.h"
#include "core/feedback.h"
#include "core/filter/compiledfilter.h"
#include "core/project.h"
#include "core/queue.h"
#include "core/routingrule.h"
#include "core/rubric.h"
#include "core/run.h"

#include <QHash>
#include <QMap>
#include <QSet>
#include <QSqlDatabase>

#include <QSqlQuery>
#include <QVariantList>
#include <chrono>

#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

namespace assay::server {

// A row's place in a listing ordered by a time (µs), then id: what keyset cursors carry, so page 5,000
// costs what page 1 costs.
using ListPosition = std::pair<qint64, Uuid>;

// Where a page of a listing starts: after a position, or `offset` rows in (what the SDKs send: the
// database still walks the rows it skips, so that cost grows with the offset).
struct PageRequest {
    std::optional<ListPosition> after;
    qsizetype offset = 0;
    qsizetype limit = 100;
};

// A page of a listing and where its last row stands (the next page starts after it).
template<typename T>
struct ListPage {
    QList<T> rows;
    std::optional<ListPosition> last;
};

// Where a step of run retention ended (nothing when the walk is over) and what it deleted.
struct RetentionStep {
    std::optional<ListPosition> next;
    qsizetype deletedRuns = 0;
    qsizetype deletedTraces = 0;
};

struct RunQuery {
    QList<Uuid> sessions;
    QList<Uuid> ids;
    std::optional<Uuid> trace;
    std::optional<Uuid> parentRun;
    QString runType;
    std::optional<bool> isRoot;
    std::optional<bool> hasError;
    std::optional<Timestamp> startTimeFrom;
    std::optional<Timestamp> startTimeBefore; // exclusive
    bool ascending = false;                   // by start_time
    // Keyset position: only runs after this one in the listing's order (its start time in microseconds,
    // 0 when it has none, then its id), so page 5,000 costs what page 1 costs.
    std::optional<ListPosition> after;
    qsizetype offset = 0; // only for cursors issued before positions (o:N)
    qsizetype limit = 100;
    // Conditions the query's filter implies, answered through indexes (storerunfacets.cpp).
    QList<filter::Narrowing> narrowings;
    // The narrowing that selects few runs (at most Store::kFewRuns), if one does: the query starts from
    // those and sorts them, rather than walk the listing's order until enough turn up (which, for a rare
    // match, walks the whole table).
    std::optional<qsizetype> drivingNarrowing;
};

// One row of the run query's side index (run_facets): a tag ("t", the tag) or a top-level metadata key
// ("m", the key, its value as text when it is a string, as a number when the filter reads it as one).
struct RunFacet {
    QString kind;
    QString key;
    QVariant text;
    QVariant number;
};
QList<RunFacet> runFacets(const Run &run);
// The rows as unindexed_runs keeps them until they are written (a compact JSON array), and back.
QByteArray encodeRunFacets(const QList<RunFacet> &facets);
Result<QList<RunFacet>> decodeRunFacets(const QByteArray &bytes);
// A stored run document, decoded.
Result<Run> runFromDoc(const QByteArray &bytes);

// A run's place in run listings (what RunQuery::after takes).
inline ListPosition listingPosition(const Run &run)
{
    return {run.startTime ? run.startTime->micros() : 0, run.id};
}

// A queue item's place in its queue's order (what PageRequest::after takes for Store::queueItems).
inline ListPosition queuePosition(const QueueItem &item)
{
    return {item.addedAt.micros(), item.id};
}

struct ListQuery {
    QList<Uuid> ids;
    QString name;         // exact
    QString nameContains; // case-insensitive
    qsizetype offset = 0;
    qsizetype limit = 100;
};

struct FeedbackQuery {
    QList<Uuid> runs;
    QList<Uuid> sessions; // projects
    QStringList keys;
    QStringList sources;
    PageRequest page; // in order of creation
};

struct StoredFeedbackConfig {
    RubricField field;
    QJsonObject config; // as given, for identical-or-conflicting checks and the response
    bool lowerIsBetter = false;
    Timestamp modifiedAt;
};

// A presigned feedback link: whoever holds its secret may leave one kind of feedback on one run, at most
// `maxUses` times (0: no limit), until it expires or is revoked. Only the secret's SHA-256 is stored; `id`
// is a handle for listing and revoking that grants nothing.
struct FeedbackToken {
    Uuid id;
    QString secretHash;
    Uuid runId;
    QString feedbackKey;
    QJsonObject feedbackConfig;
    Timestamp expiresAt;
    Timestamp createdAt;
    QString createdBy; // the audit actor who made it
    qint64 maxUses = 1;
    qint64 uses = 0;
    std::optional<Timestamp> revokedAt;
};

// One queue's traffic on one UTC day from one source: arrivals by "rule:<id>", "user" or "sdk"; the
// rest under "" (an item completed, reopened by an answer taken back, removed while open).
struct QueueFlowDay {
    qint64 day = 0; // days since 1970-01-01 (UTC)
    QString source;
    qint64 arrivals = 0;
    qint64 completions = 0;
    qint64 reopened = 0;
    qint64 removedOpen = 0;
};

// One reviewer's current answers in a queue.
struct ReviewerAnswers {
    qint64 total = 0;
    qint64 since = 0;     // at or after the first time asked about (today)
    qint64 sinceWeek = 0; // at or after the second (this week)
    qint64 timed = 0;     // answers with an active time
    qint64 activeMs = 0;  // their active time, summed
    // How many of those took each tenth of a second (key: active ms / 100): medians exact to the tenth
    // the page shows, from a few hundred rows rather than one per answer.
    QMap<qint64, qint64> activeTenths;
};

// What a routing rule has done, summed over every process that evaluated it.
struct RuleStats {
    qint64 evaluated = 0;   // runs the filter was evaluated on
    qint64 matched = 0;     // runs the filter matched
    qint64 sampledIn = 0;   // matched runs the sampling rate let through
    qint64 added = 0;       // runs it put into its queue (each run at most once per rule)
    QStringList lastErrors; // newest first, at most 10

    bool isEmpty() const { return !evaluated && !matched && !sampledIn && !added && lastErrors.isEmpty(); }
};

// A backfill: a rule applied to the runs that started since a date.
struct RuleJob {
    Uuid id;
    Uuid ruleId;
    Timestamp since;
    QString status = QStringLiteral("running"); // running, done, failed
    qint64 total = 0;
    qint64 processed = 0;
    qint64 added = 0;
    QString error;
    Timestamp createdAt;
    std::optional<Timestamp> finishedAt;
};

// One entry of the audit log: who changed what, from what to what. `hash` chains it to the entry
// before (see audit/auditlog.h).
struct AuditEntry {
    qint64 seq = 0;
    Timestamp at;
    QString actor;  // "key:<id>", "cli", "rule:<id>"
    QString action; // "create", "update", "delete", "revoke", ...
    QString entity; // "queue", "routing_rule", "api_key", "feedback_config", ...
    QString entityId;
    QJsonValue before;    // null when created
    QJsonValue after;     // null when deleted
    QByteArray beforeDoc; // before and after as stored (compact JSON; empty for null): format 2 hashes these
    QByteArray afterDoc;
    int hashFormat = 2; // 1: entries written before schema 12 (hash over Qt's re-encoding of before/after)
    QString prevHash;
    QString hash;
};

struct Lease {
    Uuid queueId;
    Uuid runId;
    QString reviewer; // key id
    Timestamp expiresAt;
};

// An annotation as stored: the answer, whether it is the reviewer's current one for the item, and
// what was unusual about its arrival.
struct StoredAnnotation {
    Annotation annotation;
    QString status;    // "applied" (current) or "superseded" (kept as history)
    QStringList flags; // "late", "removed", "old_rubric"
};

// One entry of the reviewers' changes feed. `seq` is the server's sequence number: the only cursor
// clients use (never clocks).
struct ReviewEvent {
    qint64 seq = 0;
    Uuid queueId;
    QString kind;     // rubric_changed, item_removed, queue_removed, annotation
    QString reviewer; // empty: for everyone reviewing the queue
    std::optional<Uuid> runId;
    Timestamp at;
    QJsonObject payload;
    QByteArray payloadDoc; // the payload already encoded, when the caller has it (then `payload` is unused)
};

struct ApiKeyRecord {
    QString id;
    QString prefix; // the first characters of the key, to tell keys apart in listings
    QString name;
    QString role;
    Timestamp createdAt;
    std::optional<Timestamp> revokedAt;
    std::optional<Timestamp> lastUsedAt;
    std::optional<Timestamp> expiresAt;
    QString userId; // the person the key belongs to; empty for a service key (SDK ingest, bootstrap admin)
};

// A person. Their keys act with the user's role, and everything they do is recorded under the user's
// id, so two keys of one reviewer count as one reviewer. Users are disabled, never deleted: answers and
// the audit log keep naming them.
struct UserRecord {
    QString id;
    QString name; // unique
    QString email;
    QString role;
    Timestamp createdAt;
    std::optional<Timestamp> disabledAt;
};

// A prepared statement the Store owns and reuses; a handle to read the result of one execution.
// Adds the time its scope took to a counter of nanoseconds: the store's database time.
class DatabaseClock {
public:
    explicit DatabaseClock(qint64 &nanos)
        : m_nanos(nanos)
        , m_start(std::chrono::steady_clock::now())
    {
    }
    ~DatabaseClock()
    {
        m_nanos +=
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - m_start)
                .count();
    }
    DatabaseClock(const DatabaseClock &) = delete;
    DatabaseClock &operator=(const DatabaseClock &) = delete;

private:
    qint64 &m_nanos;
    std::chrono::steady_clock::time_point m_start;
};

class Statement {
public:
    Statement(QSqlQuery *query, qint64 &databaseNanos)
        : m_query(query)
        , m_databaseNanos(&databaseNanos)
    {
    }
    bool next()
    {
        DatabaseClock clock(*m_databaseNanos); // fetching a row runs the statement further
        return m_query->next();
    }
    QVariant value(int column) const { return m_query->value(column); }
    int columnCount() const;
    int numRowsAffected() const { return m_query->numRowsAffected(); }
    QVariant lastInsertId() const { return m_query->lastInsertId(); }
    void finish() { m_query->finish(); }

private:
    QSqlQuery *m_query;
    qint64 *m_databaseNanos;
};

class Store {
public:
    static Result<std::unique_ptr<Store>> open(const DatabaseUrl &url, const QString &connectionName);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    Dialect dialect() const { return m_url.dialect; }
    // Time spent in database calls on this connection so far (statements, fetching rows, begin, commit,
    // rollback), for the server's metrics: a request's is the difference across it.
    qint64 databaseNanos() const { return m_databaseNanos; }
    const DatabaseUrl &url() const { return m_url; }
    const QString &connectionName() const { return m_connectionName; }
    QSqlDatabase &database() { return m_db; }

    Status begin();
    Status commit();
    void rollback();

    // Projects
    Result<std::optional<Project>> projectById(const Uuid &id);
    Result<std::optional<Project>> projectByName(const QString &name);
    Result<QList<Project>> listProjects(const ListQuery &query);
    Status saveProject(const Project &project, bool isNew);
    Status deleteProject(const Uuid &id); // with its runs and their feedback
    // The id of the project named `name`, created if missing (runs name projects by session_name).
    Result<Uuid> projectIdForName(const QString &name);

    // Runs
    Result<QHash<Uuid, Run>> runsByIds(const QList<Uuid> &ids);
    // The same runs as stored: runToJson's compact bytes, not decoded (an export writes them as they are).
    Result<QHash<Uuid, QByteArray>> runDocsByIds(const QList<Uuid> &ids);
    Status upsertRuns(const QList<Run> &runs);
    // Queues runs for the side index (after they were written or their tags or metadata changed), with
    // their rows, in the caller's transaction; until the facet indexer writes them, queries take queued
    // runs as candidates for every narrowing on the side index.
    Status queueRunFacets(const QList<Run> &runs);
    // Writes the side index rows of up to `max` queued runs (each server's indexer takes runs the
    // others have not locked); returns how many runs.
    Result<qsizetype> indexQueuedRunFacets(qsizetype max);
    // The first of these narrowings that selects at most `limit` runs (a bounded probe of its index).
    static constexpr qsizetype kFewRuns = 1000; // measured: above it, walking the order is faster
    Result<std::optional<qsizetype>> selectiveNarrowing(const QList<filter::Narrowing> &narrowings,
                                                        qsizetype limit = kFewRuns);
    Result<QList<Run>> queryRuns(const RunQuery &query);
    // The ids queryRuns would answer, without reading the documents.
    Result<QList<Uuid>> queryRunIds(const RunQuery &query);
    Result<QList<Run>> runsOfTraces(const QList<Uuid> &traceIds);
    // How many runs the query's structured fields select (sessions, ids, trace, parent, type, root,
    // error, time range; it has no narrowings): a count in an index for a project's runs or roots.
    Result<qint64> countRuns(const RunQuery &query);
    // Where the run `offset` places into the query's listing is (its order; no narrowings), read from
    // the index alone; none past the end. A page that starts there is a seek: a jump into the middle.
    Result<std::optional<ListPosition>> runPositionAt(const RunQuery &query, qsizetype offset);

    // Feedback
    Status saveFeedback(const Feedback &feedback);
    Result<std::optional<Feedback>> feedbackById(const Uuid &id);
    Result<ListPage<Feedback>> listFeedback(const FeedbackQuery &query);
    Result<QHash<Uuid, QList<Feedback>>> feedbackForRuns(const QList<Uuid> &runIds);
    Result<bool> deleteFeedback(const Uuid &id);

    // Feedback configs (soft-deleted ones are invisible and may be recreated)
    Result<std::optional<StoredFeedbackConfig>> feedbackConfig(const QString &key);
    Result<QList<StoredFeedbackConfig>> listFeedbackConfigs(const QStringList &keys,
                                                            const QString &keyContains, qsizetype offset,
                                                            qsizetype limit);
    Status saveFeedbackConfig(const StoredFeedbackConfig &config);
    Result<bool> deleteFeedbackConfig(const QString &key);

    // Routing rules
    Result<QList<RoutingRule>> listRules(bool enabledOnly);
    Result<std::optional<RoutingRule>> ruleById(const Uuid &id);
    Status saveRule(const RoutingRule &rule);
    Result<bool> deleteRule(const Uuid &id);
    Status deleteRulesOfQueue(const Uuid &queueId);
    // A cheap fingerprint of the rule set: changes whenever a rule is saved or deleted.
    Result<QString> rulesFingerprint();
    Result<RuleStats> ruleStats(const Uuid &ruleId);
    Status addRuleStats(const Uuid &ruleId, const RuleStats &delta); // adds counts; keeps the newest errors

    Status saveRuleJob(const RuleJob &job);
    Result<std::optional<RuleJob>> ruleJob(const Uuid &id);
    // Runs that started at or after `since`, oldest first, after the (start_time, id) position given.
    Result<QList<Run>> runsSince(const Timestamp &since, qsizetype offset, qsizetype limit);
    Result<qint64> countRunsSince(const Timestamp &since);
    // The optional text index for search("...") (storeruntext.cpp): whether this database has it; made
    // (every run queued) or dropped to match `on`, at start on the owner's connection.
    bool textIndexed() const { return m_textIndexed; }
    Status setTextIndex(bool on);
    // Queues runs whose text changed (nothing when there is no text index); the indexer writes them.
    Status queueRunText(const QList<Run> &runs);
    Result<qsizetype> indexQueuedRunText(qsizetype max);
    // One step of retention's walk over runs that started before `cutoff` (storeretention.cpp says what
    // is kept): looks at the next `batch` runs after `after`, oldest first, and deletes their traces that
    // have expired whole.
    Result<RetentionStep> deleteExpiredTraces(const Timestamp &cutoff,
                                              const std::optional<ListPosition> &after, qsizetype batch);

    // Review: leases and annotations
    // Serializes checkouts of one queue across server processes sharing a PostgreSQL database until
    // the transaction ends (SQLite serializes writers by itself; one process per SQLite file).
    Status lockQueue(const Uuid &queueId);
    // For a batch of answers: which of these runs are queued.
    Result<QSet<Uuid>> queuedRunsAmong(const Uuid &queueId, const QList<Uuid> &runIds);
    // Which of these runs were taken out of the queue on purpose (they were in it once).
    Result<QSet<Uuid>> removedRunsAmong(const Uuid &queueId, const QList<Uuid> &runIds);
    // Where an item stands in its queue's order (nothing when it is not in the queue), for checkout
    // pages that start after it; the current reviewers and the live leases (checkout, submit) of a page.
    Result<std::optional<ListPosition>> queueItemPosition(const Uuid &queueId, const Uuid &itemId);
    Result<QHash<Uuid, QSet<QString>>> reviewersAmong(const Uuid &queueId, const QList<Uuid> &runIds);
    Result<QList<Lease>> leasesAmong(const Uuid &queueId, const QList<Uuid> &runIds, const Timestamp &now);
    // A reviewer's counts for a queue, aggregated in the database (an item is completed with `needed`
    // current answers).
    struct ReviewCounts {
        qint64 total = 0, completed = 0, awaitingOthers = 0, answeredByMe = 0;
        // Items that still need the reviewer: neither completed nor answered by them.
        qint64 toReview() const { return total - completed - awaitingOthers; }
    };
    Result<ReviewCounts> reviewCounts(const Uuid &queueId, const QString &reviewer, qsizetype needed);
    // Session and trace of runs, without decoding them.
    struct RunHead {
        std::optional<Uuid> sessionId;
        std::optional<Uuid> traceId;
    };
    Result<QHash<Uuid, RunHead>> runHeads(const QList<Uuid> &runIds);
    Status saveLease(const Lease &lease);
    Result<qsizetype> releaseLeases(const Uuid &queueId, const QString &reviewer, const QList<Uuid> &runIds);
    Result<std::optional<StoredAnnotation>> annotationById(const Uuid &id);
    // The reviewer's applied annotation for an item, if any.
    Result<std::optional<StoredAnnotation>> currentAnnotation(const Uuid &queueId, const Uuid &runId,
                                                              const QString &reviewer);
    // Every reviewer's applied annotation for the queue's items of `runIds` (at most ~500: one IN list).
    Result<QList<StoredAnnotation>> currentAnnotationsOf(const Uuid &queueId, const QList<Uuid> &runIds);
    Status saveAnnotation(const StoredAnnotation &annotation);
    // The same, with annotationToJson(annotation.annotation) already built by the caller.
    Status saveAnnotation(const StoredAnnotation &annotation, const QByteArray &annotationDoc);

    // The changes feed: appended under a lock so sequence numbers commit in order.
    Status appendReviewEvent(ReviewEvent event);
    Result<QList<ReviewEvent>> reviewEvents(qint64 afterSeq, const QStringList &queueIds,
                                            const QString &reviewer, qsizetype limit);
    Result<qint64> lastReviewEventSeq();

    // Audit log (append-only)
    // The last entry's sequence number and hash (none for an empty log). Locks the log for this
    // transaction on PostgreSQL; within one transaction it is read once and then kept up to date.
    struct AuditTail {
        qint64 seq = 0;
        QString hash;
    };
    Result<std::optional<AuditTail>> auditTail();
    // A secret that keys the audit chain (HMAC-SHA256, hash format 3): without it, nobody can rewrite
    // the log and recompute the hashes, however much database access they have. Empty: plain SHA-256.
    void setAuditKey(QByteArray key) { m_auditKey = std::move(key); }
    const QByteArray &auditKey() const { return m_auditKey; }
    Status insertAuditEntry(const AuditEntry &entry);
    Result<QList<AuditEntry>> auditEntries(qint64 afterSeq, qsizetype limit);

    // Presigned feedback tokens
    Status saveFeedbackToken(const FeedbackToken &token);
    Result<std::optional<FeedbackToken>> feedbackTokenBySecretHash(const QString &secretHash);
    Result<std::optional<FeedbackToken>> feedbackTokenById(const Uuid &id);
    Result<QList<FeedbackToken>> feedbackTokensForRun(const Uuid &runId, qsizetype offset, qsizetype limit);
    // Counts one use if the link is usable at `now` (not revoked, not expired, uses left); false if not.
    // One statement, so two servers on one database never let a single-use link be used twice.
    Result<bool> useFeedbackToken(const QString &secretHash, const Timestamp &now);
    Result<bool> revokeFeedbackToken(const Uuid &id, const Timestamp &now);
    // Links stored by a version before schema 13 kept their secret in plain text: hash them and move them
    // over (unlimited uses, as they were made).
    Status moveLegacyFeedbackTokens();

    // Annotation queues and their items
    Result<std::optional<Queue>> queueById(const Uuid &id);
    Result<QList<Queue>> listQueues(const ListQuery &query);
    Status saveQueue(const Queue &queue); // also keeps the rubric's version, for answers made under it
    Result<std::optional<Rubric>> queueRubric(const Uuid &queueId, int version);
    Result<bool> deleteQueue(const Uuid &id);
    // A page of the queue's items that `reviewer` still has to review — no current answer of theirs, and
    // fewer than `needed` reviewers' answers — in queue order (added_at, id). Sought by each item's count
    // of reviewers (migration 17), so the items already done at the queue's head cost nothing.
    Result<QList<QueueItem>> queueItemsToReview(const Uuid &queueId, const QString &reviewer,
                                                qsizetype needed, const PageRequest &page);
    // A page of the queue in its order (added_at, id); a queue item's position is queuePosition(item).
    Result<QList<QueueItem>> queueItems(const Uuid &queueId, const PageRequest &page);
    Result<qsizetype> queueSize(const Uuid &queueId);
    // The answers given in the queue (applied, any reviewer): what deleting it leaves behind as feedback.
    Result<qsizetype> queueAnswerCount(const Uuid &queueId);
    // Adds items whose run is not yet in the queue; returns the ones added. A run enters a queue once:
    // routing rules skip runs that were removed from it (`respectRemovals`); adding by hand or through
    // the SDK re-queues them.
    Result<QList<QueueItem>> addQueueItems(const QList<QueueItem> &items, bool respectRemovals = false);
    // Removes by queue-item id or by run id, remembering the removal; returns the runs removed.
    // `needed`: reviewers that complete an item (an item with fewer is open: its removal is counted).
    Result<QList<Uuid>> removeQueueItem(const Uuid &queueId, const Uuid &itemOrRunId, qsizetype needed);
    // One item by its id (queue_run_id) in any queue, or in `queueId` by item id or run id.
    Result<std::optional<QueueItem>> queueItemById(const Uuid &itemId);
    Result<std::optional<QueueItem>> queueItem(const Uuid &queueId, const Uuid &itemOrRunId);
    // Rewrites an item's added_at (its place in the queue) and last_reviewed_time.
    Status updateQueueItem(const QueueItem &item);
    // The queues a run is in.
    Result<QList<Uuid>> queuesOfRun(const Uuid &runId);
    // For each of the runs that is queued anywhere, the queues holding it.
    Result<QHash<Uuid, QList<Uuid>>> queuesOfRuns(const QList<Uuid> &runIds);

    // Datasets and examples
    Result<std::optional<Dataset>> datasetById(const Uuid &id);
    Result<QList<Dataset>> listDatasets(const ListQuery &query);
    Status saveDataset(const Dataset &dataset);
    Result<bool> deleteDataset(const Uuid &id); // with its examples
    Result<qint64> exampleCount(const Uuid &datasetId);
    // Saves the examples; the answers on their source runs are used from now on (markAnswersUsed).
    Status saveExamples(const QList<Example> &examples);
    // Marks the answers on `runIds` that were never used as used at `at` (a dataset's example, an export).
    Status markAnswersUsed(const QList<Uuid> &runIds, const Timestamp &at);
    Result<std::optional<Example>> exampleById(const Uuid &id);
    Result<ListPage<Example>> listExamples(const std::optional<Uuid> &datasetId, const QList<Uuid> &ids,
                                           const PageRequest &page);
    Result<bool> deleteExample(const Uuid &id);

    // Reviewers (principal ids: a reviewer user's id, or a service key's id) assigned to queues
    Result<bool> assignReviewer(const Uuid &queueId, const QString &principalId);
    Result<bool> unassignReviewer(const Uuid &queueId, const QString &principalId);
    Result<QStringList> reviewersOf(const Uuid &queueId);

    // Calibration rounds (storecalibration.cpp): a new round with its items; a round closed (its doc
    // saved, its items no longer open); one round, a queue's rounds newest first; which of `runIds` are
    // in an open round of the queue; an open round's items a reviewer has not answered, in queue order;
    // when the queue's last round started.
    Status insertCalibrationRound(const CalibrationRound &round);
    Status closeCalibrationRound(const CalibrationRound &round);
    Result<std::optional<CalibrationRound>> calibrationRound(const Uuid &id);
    Result<QList<CalibrationRound>> calibrationRounds(const Uuid &queueId);
    Result<std::optional<CalibrationRound>> openCalibrationRound(const Uuid &queueId); // at most one
    // Feedback freshness: when the queue's oldest current answer never used was submitted, and when one
    // of its answers was last used (none: never).
    Result<std::optional<Timestamp>> oldestUnusedAnswerAt(const Uuid &queueId);
    Result<std::optional<Timestamp>> lastAnswerUseAt(const Uuid &queueId);
    Result<QList<Uuid>> unansweredRunsOf(const Uuid &queueId); // in queue order: a round's sample's pool
    // The newest `limit` items answered by `reviewers` or more, as run ids.
    Result<QList<Uuid>> multiReviewRuns(const Uuid &queueId, qsizetype reviewers, qsizetype limit);
    Result<QSet<Uuid>> runsInOpenRound(const Uuid &queueId, const QList<Uuid> &runIds);
    Result<QList<QueueItem>> roundItemsToReview(const Uuid &roundId, const QString &reviewer,
                                                const PageRequest &page);
    Result<std::optional<Timestamp>> lastCalibrationRoundAt(const Uuid &queueId);

    // A queue's health (storeflow.cpp): its traffic from `fromDay` on, oldest first; its open items
    // (fewer than `needed` reviewers); each reviewer's current answers; the leases each one holds.
    Result<QList<QueueFlowDay>> queueFlow(const Uuid &queueId, qint64 fromDay);
    Result<qint64> openItemCount(const Uuid &queueId, qsizetype needed);
    // Adds `n` to one counter of queue_flow (`column`: arrivals, completions, reopened, removed_open).
    Status addFlow(const Uuid &queueId, qint64 day, const QString &source, const QString &column, qint64 n);
    // The item's count of reviewers with a current answer (none when it is not in the queue).
    Result<std::optional<qint64>> itemReviewerCount(const Uuid &queueId, const Uuid &runId);
    Result<QHash<QString, ReviewerAnswers>> reviewerAnswers(const Uuid &queueId, const Timestamp &today,
                                                            const Timestamp &weekStart);
    Result<QHash<QString, qint64>> leasesByReviewer(const Uuid &queueId, const Timestamp &now);
    // Live leases per queue, for the metrics.
    Result<QHash<Uuid, qint64>> liveLeaseCounts(const Timestamp &now);
    // The UTC day of a time, as queue_flow counts days.
    static qint64 dayOf(const Timestamp &t) { return t.micros() / kMicrosPerDay; }
    static constexpr qint64 kMicrosPerDay = 86'400'000'000LL;
    Result<QStringList> queuesOfReviewer(const QString &principalId);
    Result<std::optional<ApiKeyRecord>> apiKeyById(const QString &id);

    // Users
    Status insertUser(const UserRecord &user);
    Status updateUser(const UserRecord &user); // name, email, role and disabled_at of user.id
    Result<std::optional<UserRecord>> userById(const QString &id);
    Result<std::optional<UserRecord>> userByName(const QString &name);
    Result<QList<UserRecord>> listUsers();
    Result<QHash<QString, QString>> userNames(); // user id -> name, for reports that name reviewers
    Status setRoleOfUserKeys(const QString &userId, const QString &role); // keeps key listings true

    // API keys (stored as SHA-256 of the key)
    Status insertApiKey(const ApiKeyRecord &record, const QString &keyHash);
    Result<std::optional<ApiKeyRecord>> apiKeyByHash(const QString &keyHash);
    Result<QList<ApiKeyRecord>> listApiKeys();
    Result<bool> revokeApiKey(const QString &idOrPrefix);
    Status touchApiKey(const QString &id, const Timestamp &when);

private:
    Store(QSqlDatabase db, DatabaseUrl url, QString connectionName);
    void finishStatements();

    Result<Statement> exec(const QString &sql, const QVariantList &binds = {});
    void forgetTransactionState(); // what is only known within the current transaction
    // The first row's values (empty when there is none); the statement is finished at once, so no read
    // stays open on the connection.
    Result<QVariantList> firstRow(const QString &sql, const QVariantList &binds = {});
    Result<qint64> count(const QString &sql, const QVariantList &binds);
    Result<QStringList> firstColumn(const QString &sql, const QVariantList &binds); // every row's, as text
    QString placeholders(qsizetype count) const;                                    // "?, ?, ?"
    Result<QSet<std::pair<Uuid, Uuid>>> removedFromQueues(const QList<QueueItem> &items);
    QString inList(const QList<Uuid> &ids, QVariantList &binds) const;       // "(?, ?)", binding the ids
    QString inStrings(const QStringList &values, QVariantList &binds) const; // the same for text
    Status insertRunFacets(const QList<std::pair<QString, RunFacet>> &rows); // (run id, row)
    // Inserts `rows` rows of `columns` values (`bindRow` appends row i's), as many per statement as suits
    // the dialect; `tail` follows the VALUES list (an ON CONFLICT clause).
    Status insertRows(const QString &insert, int columns, qsizetype rows,
                      const std::function<void(qsizetype, QVariantList &)> &bindRow,
                      const QString &tail = {});
    Result<qsizetype> indexQueuedRunFacetsChunk(qsizetype max);                   // at most 500 (one IN list)
    QString facetSubquery(const filter::Narrowing &n, QVariantList &binds) const; // run_facets' part
    QString runQuerySql(const QString &column, const RunQuery &query, QVariantList &binds) const;
    // " AND ..." for a run query's structured fields (not its narrowings, position or paging).
    QString runFieldsSql(const RunQuery &query, QVariantList &binds) const;
    QString narrowingSubquery(const filter::Narrowing &narrowing, QVariantList &binds) const;
    QString textSubquery(const QString &needle, QVariantList &binds) const; // "" without a text index
    bool detectTextIndex();
    // Drops the text index's rows of the runs `runIdsIn` ("(?, ?)" or a subquery) names.
    Status forgetRunText(const QString &runIdsIn, const QVariantList &binds);
    // " AND ..." for the narrowings (`driving`: the one the query starts from, if any).
    QString narrowingsSql(const QList<filter::Narrowing> &narrowings, std::optional<qsizetype> driving,
                          QVariantList &binds) const;
    // The feedback link whose `column` (secret_hash or id) is `value`.
    Result<std::optional<FeedbackToken>> feedbackTokenWhere(const QString &column, const QString &value);
    // Which of `runIds` have a row for this queue in `table` (queue_items or queue_removals).
    Result<QSet<Uuid>> runsOfQueueTable(const QString &table, const Uuid &queueId, const QList<Uuid> &runIds);
    // How many reviewers have a current answer for the item (queue_id = ?, run_id = ?):
    // queue_items.reviewers.
    static QString itemReviewersSql();
    // " AND id IN (...) AND name = ? AND lower(name) LIKE ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?"
    QString listClauses(const ListQuery &query, QVariantList &binds) const;
    // " AND lower(<column>) LIKE ?" for a case-insensitive substring, with % and _ taken literally.
    static QString containsClause(const QString &column, const QString &needle, QVariantList &binds);

    // " AND <time> >= ? AND (<time>, id) > (?, ?)" for a page after a position in a listing ordered by
    // (time, id) — the spelling both databases seek an index with (storeruns.cpp says why) — or "".
    static QString afterPositionSql(const QString &timeColumn, bool ascending);
    // The rest of a page's query: the position bound, then ORDER BY time, id with LIMIT and OFFSET.
    QString pageClauses(const QString &timeColumn, const PageRequest &page, QVariantList &binds) const;

    // Runs a query whose first column is `doc`, decodes every row with `decode` and hands it to
    // `onRow(T &&, const Statement &)` (which may read the row's other columns), stopping at an error.
    template<typename T, typename OnRow>
    Status eachDoc(const QString &sql, const QVariantList &binds, Result<T> (*decode)(const QByteArray &),
                   OnRow onRow);
    // Runs a query that selects one `doc` column and decodes every row with `decode`.
    template<typename T>
    Result<QList<T>> docs(const QString &sql, const QVariantList &binds,
                          Result<T> (*decode)(const QByteArray &));
    // The same for a listing's page: the query selects `doc`, then the row's time and id.
    template<typename T>
    Result<ListPage<T>> docsPage(const QString &sql, const QVariantList &binds,
                                 Result<T> (*decode)(const QByteArray &));
    // The same for at most one row.
    template<typename T>
    Result<std::optional<T>> doc(const QString &sql, const QVariantList &binds,
                                 Result<T> (*decode)(const QByteArray &));
    Status upsertRunsOneByOne(const QList<Run> &runs);

    QSqlDatabase m_db;
    qint64 m_databaseNanos = 0;
    // Known within the current transaction only (appends are serialized: one writer on SQLite, a table
    // lock on PostgreSQL), so a batch of answers reads each tail once.
    std::optional<std::optional<AuditTail>> m_auditTail;
    std::optional<qint64> m_lastEventSeq;
    QByteArray m_auditKey;
    bool m_inTransaction = false;
    bool m_textIndexed = false;
    DatabaseUrl m_url;
    QString m_connectionName;
    QHash<QString, Uuid> m_projectIdsByName; // ingest names projects on every batch
    std::unique_ptr<QSqlQuery> m_runUpsert;  // SQLite's prepared single-row upsert, reused
    // Prepared statements by SQL text, reused: preparing costs more than running most of them.
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_statements;
};

QJsonObject ruleJobToJson(const RuleJob &job); // how a backfill job is stored and answered

// A column of ids (firstColumn's) as a list in its order, or as a set; unreadable ids are left out.
Result<QList<Uuid>> uuidList(const Result<QStringList> &column);
Result<QSet<Uuid>> uuidSet(const Result<QStringList> &column);
// The first column of a first row (firstRow's) as a time in µs; nothing for no row or NULL.
std::optional<Timestamp> timeOrNothing(const QVariantList &row);

QByteArray encodeDoc(const QJsonObject &doc);
QJsonObject decodeDoc(const QByteArray &bytes);

template<typename T, typename OnRow>
Status Store::eachDoc(const QString &sql, const QVariantList &binds, Result<T> (*decode)(const QByteArray &),
                      OnRow onRow)
{
    auto q = exec(sql, binds);
    if (!q)
        return q.error();
    while (q->next()) {
        auto item = decode(q->value(0).toByteArray());
        if (!item)
            return item.error();
        if (Status taken = onRow(std::move(*item), *q); !taken)
            return taken;
    }
    q->finish();
    return Ok{};
}

template<typename T>
Result<QList<T>> Store::docs(const QString &sql, const QVariantList &binds,
                             Result<T> (*decode)(const QByteArray &))
{
    QList<T> out;
    Status read = eachDoc(sql, binds, decode, [&](T &&item, const Statement &) -> Status {
        out.append(std::move(item));
        return Ok{};
    });
    if (!read)
        return read.error();
    return out;
}

template<typename T>
Result<ListPage<T>> Store::docsPage(const QString &sql, const QVariantList &binds,
                                    Result<T> (*decode)(const QByteArray &))
{
    ListPage<T> page;
    Status read = eachDoc(sql, binds, decode, [&](T &&item, const Statement &row) -> Status {
        auto id = Uuid::parse(row.value(2).toString());
        if (!id)
            return id.error();
        page.rows.append(std::move(item));
        page.last = ListPosition{row.value(1).toLongLong(), *id};
        return Ok{};
    });
    if (!read)
        return read.error();
    return page;
}

template<typename T>
Result<std::optional<T>> Store::doc(const QString &sql, const QVariantList &binds,
                                    Result<T> (*decode)(const QByteArray &))
{
    auto all = docs(sql, binds, decode);
    if (!all)
        return all.error();
    return all->isEmpty() ? std::optional<T>() : std::optional<T>(all->first());
}

} // namespace assay::server
