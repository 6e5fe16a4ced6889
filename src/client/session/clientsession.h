#pragma once

// One reviewer signed in to one server: the local store of that profile, the API client, the sync
// engine, and the models the windows show, wired so that a saved answer starts a sync and a sync
// updates the lists in place. The app holds one of these; tests and benchmarks build it the same way.

#include "api/apiclient.h"
#include "models/queuelistmodel.h"
#include "review/reviewsession.h"
#include "store/localstore.h"
#include "sync/syncengine.h"

#include <QObject>

#include <memory>

namespace assay::client {

class ClientSession : public QObject {
    Q_OBJECT
public:
    // `directory` holds the profile's cache and work databases.
    static Result<std::unique_ptr<ClientSession>> open(const QUrl &apiRoot, const QByteArray &apiKey,
                                                       const QString &directory, const SyncSettings &settings = {},
                                                       QList<StoreNotice> *notices = nullptr);
    ~ClientSession() override;

    LocalStore &store() { return *m_store; }
    ApiClient &api() { return *m_api; }
    SyncEngine &sync() { return *m_sync; }
    QueueListModel &queues() { return *m_queues; }
    ReviewSession &review() { return *m_review; }

    qint64 unsentCount();
    qint64 needsAttentionCount();

signals:
    void countsChanged(); // unsent or needs-attention counts may differ now
    void problem(const QString &message); // a local database error while updating the lists

private:
    ClientSession() = default;
    void wire();
    void reloadLists();

    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<SyncEngine> m_sync;
    std::unique_ptr<QueueListModel> m_queues;
    std::unique_ptr<ReviewSession> m_review;
};

} // namespace assay::client
