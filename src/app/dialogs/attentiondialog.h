#pragma once

// Answers the server rejected, with its reasons, until the reviewer fixes and resends them. Opening one
// brings its item on screen with the answer in the form; nothing here is ever dropped.

#include "core/uuid.h"

#include <QDialog>

class QListWidget;

namespace assay::client {
class LocalStore;
}

namespace assay::app {

class AttentionDialog : public QDialog {
    Q_OBJECT
public:
    AttentionDialog(client::LocalStore &store, QWidget *parent = nullptr);
    QListWidget *list() const { return m_list; }

signals:
    void openItem(const assay::Uuid &queueId, const assay::Uuid &runId);

private:
    QListWidget *m_list;
};

} // namespace assay::app
