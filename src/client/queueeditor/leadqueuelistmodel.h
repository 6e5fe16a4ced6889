#pragma once

// Every annotation queue, for the lead (GET /annotation-queues, every page): name, how many runs it
// holds and its rubric version. reload() replaces the rows in place, so the selection survives a save.

#include "api/apiclient.h"
#include "core/uuid.h"
#include "models/keyedlistmodel.h"

namespace assay::client {

struct LeadQueueRow {
    Uuid id;
    QString name;
    qint64 items = 0;
    int rubricVersion = 1;
    friend bool operator==(const LeadQueueRow &, const LeadQueueRow &) = default;
};

class LeadQueueListModel : public KeyedListModel<LeadQueueRow, Uuid> {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, NameRole };
    explicit LeadQueueListModel(ApiClient &api, QObject *parent = nullptr);

    void reload();
    std::optional<Uuid> idAt(int row) const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

signals:
    void loaded();
    void failed(const QString &message);

protected:
    Uuid keyOf(const LeadQueueRow &row) const override { return row.id; }

private:
    ApiClient &m_api;
    quint64 m_generation = 0;
};

} // namespace assay::client
