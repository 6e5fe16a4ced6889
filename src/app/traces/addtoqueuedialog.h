#pragma once

// "Add to queue" from the traces page: the runs chosen in the table, or every run matching the table's
// filter (counted by the server first: "37 runs match; 12 are in the queue already; 25 will be added" —
// the button then says how many it adds), a queue, and an optional reason the reviewer reads as "Why it
// is here". What was added, and what was already queued, is said in words when it is done.

#include "core/uuid.h"
#include "models/runtablemodel.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace assay::client {
class ApiClient;
class LeadQueueListModel;
} // namespace assay::client

namespace assay::app {

class AddToQueueDialog : public QDialog {
    Q_OBJECT
public:
    AddToQueueDialog(client::ApiClient &api, const QList<Uuid> &selected, const client::RunTableQuery &query,
                     QWidget *parent = nullptr);

    QComboBox *queue() const { return m_queue; }
    QRadioButton *allMatching() const { return m_all; }
    QLineEdit *reason() const { return m_reason; }
    QLabel *verdict() const { return m_verdict; }
    QPushButton *addButton() const { return m_add; }
    // What was done, once done ("2 runs added to “Low scores”.").
    QString outcome() const { return m_outcome; }

signals:
    void added(const QString &outcome);

private:
    void recount();
    void add();
    std::optional<Uuid> chosenQueue() const;

    client::ApiClient &m_api;
    QList<Uuid> m_selected;
    client::RunTableQuery m_query;
    client::LeadQueueListModel *m_queues;
    QComboBox *m_queue;
    QRadioButton *m_chosen;
    QRadioButton *m_all;
    QLineEdit *m_reason;
    QLabel *m_verdict;
    QPushButton *m_add;
    QList<Uuid> m_matching; // counted for the queue shown: what "all matching" adds
    bool m_counted = false;
    quint64 m_countGeneration = 0;
    QString m_outcome;
};

} // namespace assay::app
