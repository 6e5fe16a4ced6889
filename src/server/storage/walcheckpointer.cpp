#include "walcheckpointer.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace assay::server {

using namespace Qt::StringLiterals;

WalCheckpointer::WalCheckpointer(QString databasePath, int intervalMs)
    : m_path(std::move(databasePath))
    , m_intervalMs(intervalMs)
{
    setObjectName(u"assay-wal-checkpoint"_s);
}

WalCheckpointer::~WalCheckpointer()
{
    requestInterruption();
    wait();
}

void WalCheckpointer::run()
{
    const QString name = u"assay-wal-checkpoint-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(m_path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=1000"_s);
        if (db.open()) {
            QSqlQuery q(db);
            bool warned = false;
            while (!isInterruptionRequested()) {
                // PASSIVE: copies what it can without waiting for, or blocking, the server's writes.
                if (!q.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s) && !warned) {
                    qWarning("WAL checkpoints: %s", qPrintable(q.lastError().text()));
                    warned = true;
                }
                q.finish();
                for (int slept = 0; slept < m_intervalMs && !isInterruptionRequested(); slept += 20)
                    msleep(20);
            }
        } else {
            qWarning("WAL checkpoints: cannot open %s: %s", qPrintable(m_path),
                     qPrintable(db.lastError().text()));
        }
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace assay::server
