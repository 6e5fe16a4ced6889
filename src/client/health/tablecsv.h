#pragma once

// A table as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote,
// CR or LF, quotes doubled), its header row first: "Copy as CSV" on the lead's tables.

#include <QAbstractItemModel>
#include <QString>

namespace assay::client {

QString tableToCsv(const QAbstractItemModel &model);
QString csvField(const QString &text);

} // namespace assay::client
