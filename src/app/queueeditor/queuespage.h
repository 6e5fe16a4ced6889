#pragma once

// The lead's queues: every queue with its size and rubric version; new (Ctrl+N), edit (Enter), delete
// (Delete, asked first with what it touches), export (exports/ExportDialog); and beside the list, the routing
// rules that feed the chosen queue.

#include "core/queue.h"

#include <QWidget>

#include <functional>

class QLabel;
class QListView;

namespace assay::client {
class ApiClient;
class LeadQueueListModel;
struct QueueDetails;
} // namespace assay::client

namespace assay::app {

class ExportDialog;
class QueueEditorDialog;
class RulesPanel;

class QueuesPage : public QWidget {
    Q_OBJECT
public:
    explicit QueuesPage(client::ApiClient &api, QWidget *parent = nullptr);

    void refresh();
    QListView *list() const { return m_list; }
    client::LeadQueueListModel &queues() const { return *m_queues; }
    RulesPanel *rules() const { return m_rules; }
    QLabel *status() const { return m_status; }

    void newQueue();
    void editQueue();
    void deleteQueue();
    void exportQueue(); // the chosen queue, in the export dialog
    // Tests drive the editor (called instead of showing it) and answer the question before a delete.
    std::function<void(QueueEditorDialog &)> onEditor;
    std::function<bool(const QString &question)> confirm;
    std::function<void(ExportDialog &)> onExport;

private:
    void openEditor(const std::optional<Queue> &queue);
    // Reads the chosen queue with its counts, then `then`; a failure is shown.
    void withCurrentQueue(std::function<void(const client::QueueDetails &)> then);
    void selectionChanged();

    client::ApiClient &m_api;
    client::LeadQueueListModel *m_queues;
    QListView *m_list;
    RulesPanel *m_rules;
    QLabel *m_rulesTitle;
    QLabel *m_status;
};

} // namespace assay::app
