// A reviewer in a process of its own, for the kill -9 test: it syncs, answers the next item, prints
// "committed <answer id>" once the answer is committed locally, and goes on until it is killed.
//   assay_sync_helper <store dir> <api url> <api key> <queue id>

#include "api/apiclient.h"
#include "store/localstore.h"
#include "sync/syncengine.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

using namespace assay;
using namespace assay::client;
using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        std::fprintf(stderr, "usage: assay_sync_helper <store dir> <api url> <api key> <queue id>\n");
        return 2;
    }
    auto store = LocalStore::open(args[1], u"helper"_s);
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(store.error().message));
        return 1;
    }
    ApiClient api(QUrl(args[2]), args[3].toUtf8());
    api.setTransferTimeout(2000);
    SyncSettings settings;
    settings.readyPerQueue = 5;
    settings.debounceMs = 0;
    settings.backoffBaseMs = 20;
    settings.backoffCapMs = 100;
    SyncEngine engine(**store, api, settings);
    const Uuid queue = *Uuid::parse(args[4]);
    int n = 0;
    QTimer reviewer;
    QObject::connect(&reviewer, &QTimer::timeout, [&] {
        auto items = (*store)->cache().items(queue);
        if (!items || items->isEmpty())
            return;
        // Answer items in turn, over and over (a later answer to an item replaces the earlier one).
        const CachedItem &item = items->at(n % items->size());
        Annotation a;
        a.id = Uuid::v7();
        a.queueId = queue;
        a.runId = item.runId;
        a.values = QJsonObject{{"overall_quality"_L1, n % 2 ? u"good"_s : u"bad"_s}};
        a.submittedAt = Timestamp::now();
        if (!(*store)->work().saveAnswer(a))
            return;
        std::printf("committed %s\n", qPrintable(a.id.toString()));
        std::fflush(stdout);
        ++n;
        engine.answerSaved();
    });
    reviewer.start(15);
    engine.start();
    return app.exec();
}
