#include "clientsession.h"

namespace assay::client {

using namespace Qt::StringLiterals;

Result<std::unique_ptr<ClientSession>> ClientSession::open(const QUrl &apiRoot, const QByteArray &apiKey,
                                                           const QString &directory, const SyncSettings &settings,
                                                           QList<StoreNotice> *notices)
{
    // Connection names must be unique per store in this process.
    static int opened = 0;
    auto store = LocalStore::open(directory, u"session%1"_s.arg(++opened), notices);
    if (!store)
        return store.error();
    std::unique_ptr<ClientSession> s(new ClientSession);
    s->m_store = std::move(*store);
    s->m_api = std::make_unique<ApiClient>(apiRoot, apiKey);
    s->m_sync = std::make_unique<SyncEngine>(*s->m_store, *s->m_api, settings);
    s->m_queues = std::make_unique<QueueListModel>(*s->m_store);
    s->m_review = std::make_unique<ReviewSession>(*s->m_store);
    if (Status loaded = s->m_queues->reload(); !loaded)
        return loaded.error();
    s->wire();
    return s;
}

ClientSession::~ClientSession()
{
    if (m_sync)
        m_sync->stop();
    if (m_review)
        (void)m_review->saveDraft(); // best effort: the window already saved it when it closed
}

void ClientSession::wire()
{
    connect(m_review.get(), &ReviewSession::answerSaved, this, [this] {
        m_sync->answerSaved();
        if (Status s = m_queues->reload(); !s)
            emit problem(s.error().message);
        emit countsChanged();
    });
    connect(m_sync.get(), &SyncEngine::cycleFinished, this, [this] { reloadLists(); });
    connect(m_sync.get(), &SyncEngine::answersChanged, this, &ClientSession::countsChanged);
}

void ClientSession::reloadLists()
{
    if (Status s = m_queues->reload(); !s)
        emit problem(s.error().message);
    if (Status s = m_review->refresh(); !s)
        emit problem(s.error().message);
    emit countsChanged();
}

qint64 ClientSession::unsentCount()
{
    auto n = m_store->work().count(AnswerState::Unsent);
    return n ? *n : 0;
}

qint64 ClientSession::needsAttentionCount()
{
    auto n = m_store->work().count(AnswerState::NeedsAttention);
    return n ? *n : 0;
}

} // namespace assay::client
