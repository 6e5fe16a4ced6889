#include "queuepicker.h"

#include "queueeditor/leadqueuelistmodel.h"

namespace assay::app {

QueuePicker::QueuePicker(client::ApiClient &api, QWidget *parent)
    : QComboBox(parent)
    , m_queues(new client::LeadQueueListModel(api, this))
{
    setModel(m_queues);
    setMinimumContentsLength(24);
    connect(m_queues, &client::LeadQueueListModel::failed, this, &QueuePicker::failed);
    connect(m_queues, &client::LeadQueueListModel::loaded, this, [this] {
        if (currentIndex() < 0 && count() > 0)
            setCurrentIndex(0); // the first load chooses the first queue
    });
    connect(this, &QComboBox::currentIndexChanged, this, [this] {
        if (auto queue = currentQueue())
            emit queueChosen(*queue);
    });
}

void QueuePicker::reload()
{
    m_queues->reload();
}

std::optional<Uuid> QueuePicker::currentQueue() const
{
    return m_queues->idAt(currentIndex());
}

bool QueuePicker::choose(const Uuid &queue)
{
    const int row = m_queues->rowOf(queue);
    if (row < 0)
        return false;
    setCurrentIndex(row);
    return true;
}

} // namespace assay::app
