#include "rescue.h"

#include "core/timestamp.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

QJsonValue cellValue(const QVariant &v)
{
    if (v.isNull())
        return QJsonValue::Null;
    if (v.typeId() == QMetaType::QByteArray) {
        const QByteArray bytes = v.toByteArray();
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        if (error.error == QJsonParseError::NoError)
            return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        return QString::fromLatin1(bytes.toBase64());
    }
    if (v.typeId() == QMetaType::LongLong || v.typeId() == QMetaType::Int)
        return double(v.toLongLong());
    return QJsonValue::fromVariant(v);
}

// Rowids a scan in one direction reads before it meets damage.
QList<qint64> scanRowids(QSqlDatabase &db, const QString &table, bool ascending, QString *error)
{
    QList<qint64> ids;
    QSqlQuery q(db);
    if (!q.exec(
            u"SELECT rowid FROM \"%1\" ORDER BY rowid %2"_s.arg(table, ascending ? u"ASC"_s : u"DESC"_s))) {
        *error = q.lastError().text();
        return ids;
    }
    while (q.next())
        ids.append(q.value(0).toLongLong());
    if (q.lastError().isValid())
        *error = q.lastError().text();
    return ids;
}

// Reads a table row by row, around damage: a scan from each end, then point lookups for the rowids
// between where the scans stopped (a damaged page hides its own rows, not the rest of the table).
QJsonArray readTable(QSqlDatabase &db, const QString &table, QStringList &unreadable)
{
    constexpr qint64 kMaxProbes = 200000;
    QString forwardError, backwardError;
    QList<qint64> rowids = scanRowids(db, table, true, &forwardError);
    if (!forwardError.isEmpty()) {
        unreadable.append(u"%1 (after %2 rows): %3"_s.arg(table).arg(rowids.size()).arg(forwardError));
        const QList<qint64> fromEnd = scanRowids(db, table, false, &backwardError);
        const qint64 low = rowids.isEmpty() ? 0 : rowids.last();
        const qint64 high = fromEnd.isEmpty() ? low + kMaxProbes : fromEnd.last();
        for (qint64 id = low + 1; id < high && id - low <= kMaxProbes; ++id)
            rowids.append(id); // probed below; missing ones are skipped quietly
        for (auto it = fromEnd.rbegin(); it != fromEnd.rend(); ++it)
            if (*it > low)
                rowids.append(*it);
    }
    QJsonArray rows;
    QSqlQuery row(db);
    for (qint64 id : rowids) {
        if (!row.exec(u"SELECT * FROM \"%1\" WHERE rowid = %2"_s.arg(table).arg(id))) {
            unreadable.append(u"%1 row %2: %3"_s.arg(table).arg(id).arg(row.lastError().text()));
            continue;
        }
        if (!row.next())
            continue;
        QJsonObject o;
        const QSqlRecord record = row.record();
        for (int i = 0; i < record.count(); ++i)
            o.insert(record.fieldName(i), cellValue(row.value(i)));
        rows.append(o);
    }
    return rows;
}

} // namespace

Result<RescueReport> rescueRows(const QString &databasePath, const QString &jsonPath,
                                const QStringList &knownTables)
{
    RescueReport report;
    report.jsonPath = jsonPath;
    const QString connection = u"assay-rescue-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(databasePath);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        QStringList tables = knownTables;
        if (db.open()) {
            QSqlQuery names(db);
            if (names.exec(u"SELECT name FROM sqlite_master WHERE type = 'table'"_s)) {
                while (names.next())
                    if (!tables.contains(names.value(0).toString()))
                        tables.append(names.value(0).toString());
            } else {
                report.unreadable.append(u"the schema: "_s + names.lastError().text());
            }
            for (const QString &table : tables) {
                const QJsonArray rows = readTable(db, table, report.unreadable);
                report.rows += rows.size();
                report.tables.insert(table, rows);
            }
        } else {
            report.unreadable.append(u"the file: "_s + db.lastError().text());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    QSaveFile out(jsonPath);
    if (!out.open(QIODevice::WriteOnly))
        return Error{u"cannot write %1: %2"_s.arg(jsonPath, out.errorString()), {}};
    out.write(QJsonDocument(QJsonObject{{"file"_L1, databasePath},
                                        {"rescued_at"_L1, Timestamp::now().toIso()},
                                        {"tables"_L1, report.tables},
                                        {"unreadable"_L1, QJsonArray::fromStringList(report.unreadable)}})
                  .toJson());
    if (!out.commit())
        return Error{u"cannot write %1: %2"_s.arg(jsonPath, out.errorString()), {}};
    return report;
}

} // namespace assay::client
