#pragma once

// New queue / edit queue: its name, the reviewer guide (markdown, with a preview), how items are handed
// out (reviewers per item, reservations and their lease), the rubric designer, and beside it a live
// preview that is the reviewers' own rubric form. Saving is refused while the rubric has errors; a
// changed rubric says first that it becomes version N+1 and what happens to the answers under version N.

#include "core/queue.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace assay::client {
class ApiClient;
class RubricDesignModel;
class RubricFormModel;
} // namespace assay::client

namespace assay::app {

class RubricDesigner;

class QueueEditorDialog : public QDialog {
    Q_OBJECT
public:
    // `existing`: the queue to edit; none: a new queue.
    QueueEditorDialog(client::ApiClient &api, const std::optional<Queue> &existing,
                      QWidget *parent = nullptr);

    QLineEdit *name() const { return m_name; }
    QPlainTextEdit *guide() const { return m_guide; }
    QSpinBox *reviewersPerItem() const { return m_reviewers; }
    client::RubricDesignModel &design() const { return *m_design; }
    client::RubricFormModel &preview() const { return *m_preview; }
    RubricDesigner *designer() const { return m_designer; }
    QLabel *versionNote() const { return m_versionNote; }
    QLabel *verdict() const { return m_verdict; }
    QPushButton *saveButton() const { return m_save; }
    // The queue as the server stored it, once saved.
    const Queue &saved() const { return m_saved; }
    // The queue the dialog's settings describe.
    Queue edited() const;

private:
    void rubricChanged();
    void save();

    client::ApiClient &m_api;
    std::optional<Queue> m_existing;
    Queue m_saved;
    QLineEdit *m_name;
    QPlainTextEdit *m_guide;
    QTextBrowser *m_guidePreview;
    QSpinBox *m_reviewers;
    QCheckBox *m_reservations;
    QSpinBox *m_lease;
    QCheckBox *m_seeFeedback;
    client::RubricDesignModel *m_design;
    client::RubricFormModel *m_preview;
    RubricDesigner *m_designer;
    QLabel *m_versionNote;
    QLabel *m_verdict;
    QPushButton *m_save;
};

} // namespace assay::app
