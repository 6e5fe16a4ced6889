#pragma once

// A table as CSV (core/csv.h: RFC 4180), its header row first: "Copy as CSV" on the lead's tables.

#include <QAbstractItemModel>
#include <QString>

namespace assay::client {

QString tableToCsv(const QAbstractItemModel &model);

} // namespace assay::client
