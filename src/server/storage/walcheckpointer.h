#pragma once

// Copies a SQLite database's write-ahead log back into the database on a thread of its own, so no
// request pays for a checkpoint (SQLite's automatic one runs inside whichever commit crosses the line,
// and measured here it put 80–490 ms on that request): the server's connections turn it off
// (connection.cpp says why).

#include <QString>
#include <QThread>

namespace assay::server {

class WalCheckpointer : public QThread {
public:
    explicit WalCheckpointer(QString databasePath, int intervalMs = 200);
    ~WalCheckpointer() override; // stops and waits

protected:
    void run() override;

private:
    QString m_path;
    int m_intervalMs;
};

} // namespace assay::server
