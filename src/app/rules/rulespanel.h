#pragma once

// The routing rules that feed one queue, with their counters (read again every few seconds while shown):
// new, edit (Enter), switch on or off, delete (asked first), and backfill from a date with a progress bar
// that follows the server's job.

#include "core/routingrule.h"
#include "core/uuid.h"

#include <QDateTime>

#include <QWidget>

#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;

namespace assay::client {
class ApiClient;
class RuleListModel;
} // namespace assay::client

namespace assay::app {

class RuleEditorDialog;

class RulesPanel : public QWidget {
    Q_OBJECT
public:
    explicit RulesPanel(client::ApiClient &api, QWidget *parent = nullptr);

    void setQueue(const std::optional<Uuid> &queueId, const QString &queueName);
    client::RuleListModel &rules() const { return *m_rules; }
    QTableView *table() const { return m_table; }
    QProgressBar *backfillProgress() const { return m_progress; }
    QLabel *status() const { return m_status; }

    void newRule();
    void editRule();
    void toggleRule();
    void deleteRule();
    void backfill();
    // Starts the rule's backfill from `since` and follows it in the progress bar.
    void startBackfill(const Uuid &ruleId, const QDateTime &since);
    // Tests drive the dialogs: called with each dialog before it would be shown (it is not shown then),
    // and asked instead of a message box (true = yes).
    std::function<void(RuleEditorDialog &)> onEditor;
    std::function<bool(const QString &question)> confirm;

signals:
    void backfillFinished();

private:
    void openEditor(const RoutingRule &rule);
    int currentRow() const;

    client::ApiClient &m_api;
    client::RuleListModel *m_rules;
    std::optional<Uuid> m_queue;
    QString m_queueName;
    QTableView *m_table;
    QProgressBar *m_progress;
    QLabel *m_status;
    QTimer *m_refresh;
    QList<QPushButton *> m_needQueue;
};

} // namespace assay::app
