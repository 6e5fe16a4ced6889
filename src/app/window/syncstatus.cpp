#include "syncstatus.h"

#include "session/clientsession.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>

namespace assay::app {

using namespace Qt::StringLiterals;
using client::SyncEngine;

namespace {

QString pill(const QString &colour)
{
    return u"padding:1px 8px; border-radius:8px; color:white; font-weight:600; background:%1;"_s.arg(colour);
}

} // namespace

SyncStatus::SyncStatus(client::ClientSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_connection(new QLabel(this))
    , m_sync(new QLabel(this))
    , m_unsent(new QLabel(this))
    , m_pace(new QLabel(this))
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 4, 0);
    row->setSpacing(14);
    for (QLabel *l : {m_pace, m_sync, m_unsent, m_connection})
        row->addWidget(l);
    connect(&m_session.sync(), &SyncEngine::stateChanged, this, &SyncStatus::refresh);
    connect(&m_session.sync(), &SyncEngine::cycleFinished, this, &SyncStatus::refresh);
    connect(&m_session, &client::ClientSession::countsChanged, this, &SyncStatus::refresh);
    auto *clock = new QTimer(this); // "synced 2 min ago" moves on by itself
    clock->start(20 * 1000);
    connect(clock, &QTimer::timeout, this, &SyncStatus::refresh);
    refresh();
}

QString SyncStatus::connectionText() const
{
    return m_connection->text();
}

QString SyncStatus::unsentText() const
{
    return m_unsent->text();
}

QString SyncStatus::paceText() const
{
    return m_pace->text();
}

void SyncStatus::refresh()
{
    const SyncEngine &sync = m_session.sync();
    const SyncEngine::State state = sync.state();
    switch (state) {
    case SyncEngine::State::Offline:
        m_connection->setText(tr("OFFLINE"));
        m_connection->setStyleSheet(pill(u"#718096"_s));
        m_connection->setToolTip(tr("No connection to the server. Keep reviewing: answers are saved on this "
                                    "computer and sent when the connection is back."));
        break;
    case SyncEngine::State::NeedsSignIn:
        m_connection->setText(tr("SIGNED OUT"));
        m_connection->setStyleSheet(pill(u"#c53030"_s));
        m_connection->setToolTip(tr("The server refused the API key. Connect again with a valid key."));
        break;
    case SyncEngine::State::Backoff:
        m_connection->setText(tr("ONLINE · RETRYING"));
        m_connection->setStyleSheet(pill(u"#d69e2e"_s));
        m_connection->setToolTip(tr("The server had a problem; the next try is automatic."));
        break;
    default:
        m_connection->setText(tr("ONLINE"));
        m_connection->setStyleSheet(pill(u"#38a169"_s));
        m_connection->setToolTip(m_session.api().baseUrl().toString());
    }

    QString what;
    switch (state) {
    case SyncEngine::State::Pushing:
        what = tr("Sending answers…");
        break;
    case SyncEngine::State::Pulling:
    case SyncEngine::State::Verifying:
        what = tr("Syncing…");
        break;
    case SyncEngine::State::CheckingOut:
        what = tr("Checking out items…");
        break;
    default:
        if (auto at = sync.lastSyncedAt()) {
            const qint64 minutes = (Timestamp::now().micros() - at->micros()) / 60'000'000;
            what = minutes < 1 ? tr("Last synced just now") : tr("Last synced %n min ago", nullptr, int(minutes));
        } else {
            what = tr("Not synced yet");
        }
    }
    if (!sync.lastError().isEmpty() && state != SyncEngine::State::Idle) {
        what += u" · "_s + tr("last error: %1").arg(sync.lastError());
        m_sync->setToolTip(tr("Request id %1 (tell your admin if this keeps happening)")
                               .arg(QString::fromLatin1(sync.lastErrorRequestId())));
    } else {
        m_sync->setToolTip({});
    }
    m_sync->setText(what);

    const qint64 unsent = m_session.unsentCount();
    const qint64 attention = m_session.needsAttentionCount();
    QString answers = tr("%n unsent", nullptr, int(unsent));
    if (attention > 0)
        answers += u" · "_s + tr("%n need attention", nullptr, int(attention));
    m_unsent->setText(answers);
    m_unsent->setStyleSheet(attention > 0 ? u"color:#c53030; font-weight:600;"_s
                                          : (unsent > 0 ? u"color:#b7791f; font-weight:600;"_s : QString()));

    const client::PaceTracker &pace = m_session.review().pace();
    // A rate from one or two items says nothing yet: it shows from the third on.
    constexpr int kItemsForAPace = 3;
    QString paceText = pace.reviewed() == 0 ? tr("No items reviewed yet this session")
                                            : tr("%n reviewed", nullptr, pace.reviewed());
    if (pace.reviewed() >= kItemsForAPace)
        paceText += u" · "_s + tr("%1 per hour").arg(qRound(pace.itemsPerHour())) + u" · "_s +
                    tr("%1 s per item").arg(qRound(pace.secondsPerItem()));
    m_pace->setText(paceText);
}

} // namespace assay::app
