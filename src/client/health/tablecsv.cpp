#include "tablecsv.h"

#include "core/csv.h"

namespace assay::client {

QString tableToCsv(const QAbstractItemModel &model)
{
    QStringList header;
    for (int c = 0; c < model.columnCount(); ++c)
        header.append(model.headerData(c, Qt::Horizontal).toString());
    QString out = csvRecord(header);
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < model.columnCount(); ++c)
            row.append(model.index(r, c).data().toString());
        out += csvRecord(row);
    }
    return out;
}

} // namespace assay::client
