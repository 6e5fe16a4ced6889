#pragma once

// The lead's runs table for one project. A project's whole listing (no filter) has as many rows as the
// project has runs: the server counts them (POST /runs/stats, in an index; the first block is shown
// before the count comes) and the rows the view shows are fetched in blocks of kPageSize — a block through the cursor of the block before it, a jump (the
// scrollbar dragged to row 50,000) through an offset cursor the server places in its index — so row
// 50,000 costs what row 1 costs, and at most kRowsKept rows are held. A filtered listing (its length
// unknown until it is read) grows as the view scrolls: canFetchMore/fetchMore follow the server's
// keyset cursor. Newest first or oldest first (the one order the server sorts by), filtered in either
// filter syntax. A new query drops the rows and any answer still on its way for the old one. Columns:
// name, start, latency, tokens, error, feedback (key = value chips as text), the queues holding it (read
// for each page as it arrives).

#include "api/apiclient.h"
#include "core/uuid.h"
#include "sparseblocks.h"

#include <QAbstractTableModel>

namespace assay::client {

struct RunTableQuery {
    Uuid projectId;
    QString filter; // either syntax; empty: every run
    bool rootsOnly = true;
    bool oldestFirst = false;
    friend bool operator==(const RunTableQuery &, const RunTableQuery &) = default;
};

struct RunTableRow {
    Uuid id;
    QString name;
    QString runType;
    QDateTime start;
    QString latency; // "1.24 s", empty when unknown
    qint64 totalTokens = -1;
    QString error;
    QStringList feedback; // "key = value" (or "key = score", "key ×3" when several)
    QStringList queues;   // the names of the queues holding the run
    QJsonObject run;      // the fields the table shows, as the server sent them (kTableFields)
};

// The run fields a table row needs (POST /runs/query `select`): the inputs and outputs stay on the
// server until a run is opened.
extern const QStringList kTableFields;

// The POST /runs/query body for a query, without paging: the project, roots only, the filter, the order.
QJsonObject runQueryBody(const RunTableQuery &query);

// A run's feedback_stats as chips: "correctness = 0.5", "user_rating = negative", "thumbs ×3 avg 0.67".
QStringList feedbackChips(const QJsonObject &feedbackStats);

class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Start, Latency, Tokens, Error, Feedback, Queues, ColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1, RunJsonRole };
    // A whole listing's blocks, and a growing listing's first page: small, to paint at once. While the
    // view keeps asking, a growing listing's pages double up to kMaxPageSize (fewer round trips for a lead
    // holding End).
    static constexpr int kPageSize = 100;
    static constexpr int kMaxPageSize = 1000;
    static constexpr int kRowsKept = 20000; // of a whole listing (about 40 MB); the farthest go first

    explicit RunTableModel(ApiClient &api, QObject *parent = nullptr);

    // Starts over with this query (the first page is fetched at once).
    void setQuery(const RunTableQuery &query);
    const RunTableQuery &query() const { return m_query; }
    // The row as loaded; a row of a whole listing that is not loaded (yet, or any more) has a null id.
    const RunTableRow &rowAt(int row) const;
    // Whether the rows are the whole listing, counted by the server (no filter), not a growing one.
    bool wholeListing() const { return m_whole; }
    void setRowsKept(int rows) { m_blocks.setMaxBlocks(rows / kPageSize); }
    bool loading() const { return m_loading; }
    // Reads again which queues hold the rows already loaded (after runs were added to a queue).
    void refreshQueues();
    // Why the last page could not be fetched ("filter:1:22: ..." for a filter the server refused).
    QString lastError() const { return m_lastError; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    // Only the start column sorts (the server's order): newest or oldest first.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    void loadingChanged(bool loading);
    void pageFailed(const QString &message);
    void pageLoaded(int rows);

private:
    void fetchPage();
    void fetchCount();
    void fetchWanted();
    void fetchBlock(int block);
    void blockArrived(int block, QList<RunTableRow> rows, const QString &next);
    void growInstead(); // the server could not count the listing: read it as a growing one
    RunTableRow *rowPtr(int row);
    void fetchQueues(int from, int count);
    void updateLoading();
    void fail(const QString &message);

    ApiClient &m_api;
    RunTableQuery m_query;
    bool m_whole = false;
    // a whole listing
    qint64 m_total = 0; // rows shown: the server's count once it came, the first block's rows until then
    bool m_counting = false;
    bool m_counted = false;
    mutable SparseBlocks<RunTableRow> m_blocks{kPageSize, kRowsKept / kPageSize};
    mutable bool m_fetchScheduled = false;
    // a growing listing
    QList<RunTableRow> m_rows;
    bool m_pageOnItsWay = false;
    QString m_cursor; // where the next page starts; empty before the first page
    int m_pageSize = kPageSize;
    bool m_atEnd = true; // the server said there is no next page
    bool m_loading = false;
    quint64 m_generation = 0; // answers for an older query are dropped
    QString m_lastError;
};

} // namespace assay::client
