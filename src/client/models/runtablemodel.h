#pragma once

// The lead's runs table for one project: pages of POST /runs/query fetched as the view scrolls
// (canFetchMore/fetchMore follow the server's keyset cursor, so row 50,000 costs what row 1 costs),
// newest first or oldest first (the one order the server sorts by), filtered in either filter syntax.
// A new query drops the rows and any answer still on its way for the old one. Columns: name, start,
// latency, tokens, error, feedback (key = value chips as text), the queues holding it (read for each page
// as it arrives).

#include "api/apiclient.h"
#include "core/uuid.h"

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
    // The first page is small, to paint at once; while the view keeps asking, pages double up to
    // kMaxPageSize (fewer round trips for a lead holding End).
    static constexpr int kPageSize = 100;
    static constexpr int kMaxPageSize = 1000;

    explicit RunTableModel(ApiClient &api, QObject *parent = nullptr);

    // Starts over with this query (the first page is fetched at once).
    void setQuery(const RunTableQuery &query);
    const RunTableQuery &query() const { return m_query; }
    const RunTableRow &rowAt(int row) const { return m_rows.at(row); }
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
    void fetchQueues(qsizetype from, qsizetype to);
    void setLoading(bool loading);

    ApiClient &m_api;
    RunTableQuery m_query;
    QList<RunTableRow> m_rows;
    QString m_cursor; // where the next page starts; empty before the first page
    int m_pageSize = kPageSize;
    bool m_atEnd = true; // the server said there is no next page
    bool m_loading = false;
    quint64 m_generation = 0; // answers for an older query are dropped
    QString m_lastError;
};

} // namespace assay::client
