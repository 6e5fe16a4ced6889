#pragma once

// The lead's traces page: a project, a filter bar (either syntax, checked as it is typed with the
// column of a mistake marked under the bar, Enter applies, earlier filters offered again) and the
// project's runs, fetched as the table scrolls; Enter or a double click opens a run with its trace and
// feedback; chosen runs, or all matching ones, go into a queue; the matching runs' queue items export. The
// models (src/client) do the work; this only lays them out and passes what is typed on.

#include "core/uuid.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStringListModel;
class QTableView;

namespace assay::client {
class ApiClient;
class ProjectListModel;
class RunTableModel;
} // namespace assay::client

namespace assay::app {

class TracesPage : public QWidget {
    Q_OBJECT
public:
    explicit TracesPage(client::ApiClient &api, QWidget *parent = nullptr);

    // Reads the projects again and shows the first (or the one shown before).
    void refresh();

    QComboBox *projects() const { return m_project; }
    QLineEdit *filter() const { return m_filter; }
    QLabel *problem() const { return m_problem; }
    QTableView *table() const { return m_table; }
    client::RunTableModel &runs() const { return *m_runs; }
    QPushButton *addToQueueButton() const { return m_addToQueue; }
    QPushButton *exportButton() const { return m_export; }
    // The runs chosen in the table.
    QList<Uuid> selectedRuns() const;
    // "Add to queue" for the chosen runs, or every run matching the filter (the
    // lead.add_to_queue command). Modal in the
    // app; tests take the dialog with `onDialog` before it is shown.
    void addToQueue();
    std::function<void(class AddToQueueDialog &)> onDialog;
    // The project's reviewed runs that match the filter, exported (exports/ExportDialog); tests take the
    // dialog with `onExport`.
    void exportRuns();
    std::function<void(class ExportDialog &)> onExport;

private:
    void checkAsTyped();
    void apply();
    void remember(const QString &filter);
    void openRun(const QModelIndex &index);

    client::ApiClient &m_api;
    client::ProjectListModel *m_projects;
    client::RunTableModel *m_runs;
    QComboBox *m_project;
    QLineEdit *m_filter;
    QCheckBox *m_rootsOnly;
    QLabel *m_problem;
    QTableView *m_table;
    QLabel *m_status;
    QPushButton *m_addToQueue;
    QPushButton *m_export;
    QStringListModel *m_history;
};

} // namespace assay::app
