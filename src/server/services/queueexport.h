#pragma once

// Exporting a queue's annotated items (docs/exports.md): which items and answers an export takes, and
// its records piece by piece along the queue's order (added_at, id), each piece read on its own, so
// an export of any size holds one piece in memory and no transaction between pieces. The formats
// themselves are assay_core's (core/exportrecords.h).
//
// An export's answers are a snapshot: answers made after it began are left out, so the records already
// sent stay as they were and a resumed export (`skip` records already received, the same snapshot)
// continues where the first stopped. Items are not bounded by it: an item's place (added_at) may be set
// into the future to reorder a queue, and items added meanwhile join at the end of the queue's order.

#include "auth/refusal.h"
#include "runsearch.h"
#include "storage/store.h"

#include "core/exportrecords.h"

#include <QHash>

#include <optional>

namespace assay::server {

struct ExportRequest {
    ExportFormat format = ExportFormat::Jsonl;
    // Which answers qualify ("overall_quality = good"); unset: the training formats' default
    // (overall_quality = good, none for dpo), every answer for the others. Set empty: every answer.
    std::optional<QString> where;
    bool everyAnswer = true; // an item qualifies when all its answers do (false: any one of them)
    enum class Completion { Any, Completed, Open } completion = Completion::Any;
    QString reviewer;                     // id or user name: only their answers
    std::optional<Timestamp> from, until; // items added in [from, until)
    bool bom = false;                     // csv: a UTF-8 byte order mark first (for Excel)
    std::optional<Timestamp> snapshot;    // resuming: the first request's
    qint64 skip = 0;                      // resuming: records already received
};

// Reads an export's options from a query or a JSON body's members (the same names): format, where,
// match (all|any), status (any|completed|open), reviewer, from, until, bom, snapshot, skip.
Result<ExportRequest> parseExportRequest(const QHash<QString, QJsonValue> &options);

struct ExportSummary {
    qint64 itemsScanned = 0;
    qint64 records = 0;       // written (skipped ones of a resumed export included)
    qint64 notQualifying = 0; // items their answers, state or reviewer left out
    struct Unreadable {
        Uuid itemId, runId;
        QString reason;
    };
    qint64 unreadableCount = 0;
    QList<Unreadable> unreadable; // the first kMaxListed
    static constexpr qsizetype kMaxListed = 1000;
};
QJsonObject exportSummaryToJson(const ExportSummary &summary, const ExportRequest &request,
                                const Timestamp &snapshot);

struct ExportPiece {
    QByteArray bytes;
    QList<Uuid> exportedRuns; // whose answers went out: they are used from now on
    bool last = false;
};

class QueueExport {
public:
    // Checks the request against the queue (its rubric's fields, the reviewer); refused with the field.
    static Result<Decision<std::shared_ptr<QueueExport>>> open(Store &store, const Queue &queue,
                                                               ExportRequest request);
    // A project's export: the queue items, in any queue, of the runs `runs` finds (a project with a
    // filter in either syntax; `from`/`until` are then the runs' start times), oldest run first;
    // `where` may name any queue's rubric field.
    static Result<Decision<std::shared_ptr<QueueExport>>> openProject(Store &store, const Project &project,
                                                                      RunSearch runs, ExportRequest request);

    // What the body starts with: a CSV's header row (and BOM), unless resuming.
    QByteArray preamble() const;
    // The next piece: items read until about `targetBytes` are written or the export ends.
    Result<ExportPiece> next(Store &store, qsizetype targetBytes = 512 * 1024);

    // The items that qualify, with their qualifying answers, a page at a time (none: the end).
    struct Selected {
        ExportItem item; // the answers the reviewer option leaves
        QList<ExportAnswer> qualifying;
    };
    Result<QList<Selected>> nextSelected(Store &store);

    const ExportRequest &request() const { return m_request; }
    const ExportSummary &summary() const { return m_summary; }
    Timestamp snapshot() const { return m_snapshot; }
    qint64 itemsInQueue() const { return m_itemsInQueue; } // 0 for a project's: not counted
    Uuid exportedId() const { return m_exportedId; }       // the queue's or the project's
    QString exportedKind() const { return m_runs ? QStringLiteral("project") : QStringLiteral("queue"); }
    QString fileName() const;

private:
    QueueExport() = default;
    // What open and openProject share: the filter and the reviewer checked against these rubrics (newest
    // version first) and reviewers; users' names; the snapshot.
    Result<Decision<bool>> prepare(Store &store, const QList<Rubric> &rubrics, const QStringList &reviewers);
    // One page of items with their runs and current answers: the queue's next items, or the queue
    // items of the project's next runs.
    Result<QList<ExportItem>> readPage(Store &store, qsizetype limit);
    Result<QList<QueueItem>> nextQueueItems(Store &store, qsizetype limit);
    Result<QList<QueueItem>> nextProjectItems(Store &store, qsizetype limit);
    Result<qsizetype> neededIn(Store &store, const Uuid &queueId); // reviewers completing its items
    std::optional<Selected> select(const ExportItem &item);        // counted in the summary
    void write(const ExportItem &item, ExportPiece &piece);
    void writeRecord(const QByteArray &record, ExportPiece &piece, const Uuid &runId);

    Uuid m_exportedId;
    QString m_name;                  // the queue's or the project's, for the file's name
    std::optional<RunSearch> m_runs; // a project's export: the runs whose items it takes
    QHash<Uuid, Queue> m_queues;     // the queues its items are in (a queue's: that one)
    QHash<Uuid, qsizetype> m_needed;
    ExportRequest m_request;
    AnswerFilter m_filter;
    QStringList m_columns; // csv answer columns
    QString m_reviewerId;  // resolved
    QHash<QString, QString> m_names;
    Timestamp m_snapshot;
    qint64 m_itemsInQueue = 0;
    std::optional<ListPosition> m_after;
    bool m_done = false;
    ExportSummary m_summary;
};

} // namespace assay::server
