#pragma once

// The cache: my queues, their rubrics (every version I have seen), the items checked out to me with
// everything to render them offline, my answers as the server knows them (from any device), and the
// changes-feed cursor. All of it can be rebuilt from the server; the cursor lives here so it commits
// with the page it belongs to.

#include "sqlitedb.h"

#include "core/rubric.h"
#include "core/timestamp.h"
#include "core/uuid.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <optional>

namespace assay::client {

struct CachedQueue {
    Uuid id;
    QString name;
    QString guide;                                       // the reviewer guide (the queue's description)
    Rubric rubric;                                       // the current version
    int toReview = 0, awaitingOthers = 0, completed = 0; // the server's counts for me, at the last sync
    int position = 0;                                    // the server's order
    friend bool operator==(const CachedQueue &, const CachedQueue &) = default;
};

struct CachedItem {
    Uuid queueId;
    Uuid runId;
    QString queueRunId;
    QString reason; // why it was routed
    Timestamp addedAt;
    Timestamp leaseExpiresAt;
    Timestamp checkedOutAt;
    QString runName;      // for lists, without decoding the run
    bool removed = false; // removed from the queue on the server since it was checked out
    QJsonObject run;      // empty in light listings
    QJsonArray childRuns; // empty in light listings
};

class CacheDb {
public:
    static QList<LocalMigration> migrations();
    explicit CacheDb(SqliteDb &db)
        : m_db(db)
    {
    }
    SqliteDb &db() { return m_db; }

    // Replaces the list of my queues (queues no longer mine are dropped, with their items).
    Status saveQueues(const QList<CachedQueue> &queues);
    Result<QList<CachedQueue>> queues();
    Result<std::optional<CachedQueue>> queue(const Uuid &id);
    // A new rubric version from the feed: kept with the old ones, and made the queue's current one.
    Status saveRubric(const Uuid &queueId, const Rubric &rubric);
    Result<std::optional<Rubric>> rubric(const Uuid &queueId, int version);

    Status saveItems(const QList<CachedItem> &items);     // upsert by (queue, run)
    Result<QList<CachedItem>> items(const Uuid &queueId); // light: without run and child runs, in queue order
    Result<std::optional<CachedItem>> item(const Uuid &queueId, const Uuid &runId);
    Status markRemoved(const Uuid &queueId, const Uuid &runId);
    Status dropQueue(const Uuid &queueId);
    Result<qint64> itemCount();

    // My current answers as the server has them (one per item), from the changes feed.
    Status saveServerAnswer(const Uuid &queueId, const Uuid &runId, const Uuid &annotationId,
                            const Timestamp &submittedAt);
    Result<QSet<Uuid>> serverAnsweredRuns(const Uuid &queueId);
    Result<qint64> serverAnswerCount(const Uuid &queueId);
    // Items checked out to me with a live lease, not removed, not answered on the server (run ids).
    Result<QStringList> leasedUnanswered(const Uuid &queueId, const Timestamp &now);

    Result<qint64> cursor();
    Status setCursor(qint64 cursor);

    Status clear(); // everything, for a rebuild (the caller's transaction)

private:
    SqliteDb &m_db;
};

} // namespace assay::client
