#pragma once

// Reads whatever rows are still readable from a damaged SQLite file and writes them to a JSON file
// ({"file", "rescued_at", "tables": {name: [row objects]}, "unreadable": [...]}), so a reviewer's work
// survives a corrupt database.

#include "core/result.h"

#include <QJsonArray>
#include <QJsonObject>

namespace assay::client {

struct RescueReport {
    QString jsonPath;
    qint64 rows = 0;
    QJsonObject tables;     // name -> array of rows (blobs holding JSON are inlined, other blobs base64)
    QStringList unreadable; // tables or row ranges that could not be read, with SQLite's words
};

// `knownTables` are tried even when the schema table itself is unreadable.
Result<RescueReport> rescueRows(const QString &databasePath, const QString &jsonPath,
                                const QStringList &knownTables);

} // namespace assay::client
