#pragma once

// The status bar's right side: an unmistakable online/offline indicator, what the sync is doing and when
// it last succeeded, the last error (its request id in the tooltip), unsent answers, answers that need
// attention, and the reviewer's pace this session.

#include <QWidget>

class QLabel;

namespace assay::client {
class ClientSession;
}

namespace assay::app {

class SyncStatus : public QWidget {
    Q_OBJECT
public:
    explicit SyncStatus(client::ClientSession &session, QWidget *parent = nullptr);

    QString connectionText() const;
    QString unsentText() const;
    QString paceText() const;
    void refresh();

private:
    client::ClientSession &m_session;
    QLabel *m_connection;
    QLabel *m_sync;
    QLabel *m_unsent;
    QLabel *m_pace;
};

} // namespace assay::app
