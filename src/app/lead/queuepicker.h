#pragma once

// A combo box of every annotation queue (the lead's list), for the pages that look at one queue at a
// time (Health, Calibration). Keeps the chosen queue across reloads.

#include "core/uuid.h"

#include <QComboBox>

#include <optional>

namespace assay::client {
class ApiClient;
class LeadQueueListModel;
} // namespace assay::client

namespace assay::app {

class QueuePicker : public QComboBox {
    Q_OBJECT
public:
    explicit QueuePicker(client::ApiClient &api, QWidget *parent = nullptr);

    void reload();
    std::optional<Uuid> currentQueue() const;
    // Chooses the queue (once the list holds it); false when it is not in the list.
    bool choose(const Uuid &queue);

signals:
    void queueChosen(const assay::Uuid &queue);
    void failed(const QString &message);

private:
    client::LeadQueueListModel *m_queues;
};

} // namespace assay::app
