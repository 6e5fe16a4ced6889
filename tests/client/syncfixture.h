#pragma once

// A real assay-server with a review queue and reviewers, and "devices": a local store, an API client and
// a sync engine each, as the desktop app has them.

#include "api/apiclient.h"
#include "store/localstore.h"
#include "sync/syncengine.h"

#include "serverharness.h"

#include <QTemporaryDir>

namespace assay::test {

struct Device {
    std::unique_ptr<client::LocalStore> store;
    std::unique_ptr<client::ApiClient> api;
    std::unique_ptr<client::SyncEngine> engine;

    // Starts a cycle and runs the event loop until the engine has been idle for a moment; true when the
    // last cycle succeeded.
    bool sync(int timeoutMs = 60000);
    // Saves an answer locally, as the app does when the reviewer submits.
    Annotation answer(const QString &queue, const QString &run, const QJsonObject &values,
                      int rubricVersion = 1);
    QList<client::CachedItem> items(const QString &queue);
};

class SyncFixture : public ServerTest {
protected:
    void SetUp() override;

    // A user with the reviewer role assigned to the queue; returns a new key of theirs.
    QByteArray reviewerKey(const QString &userName);
    std::unique_ptr<Device> device(const QByteArray &key, const QString &baseUrl = {},
                                   client::SyncSettings settings = {});
    // Annotations the server has applied, by annotation id -> how many times its answer was audited.
    QHash<QString, int> appliedOnServer();

    QTemporaryDir dirs;
    QString queue;
    QStringList runs;
    int devices = 0;
};

QJsonObject good();

} // namespace assay::test
