#include "tablecsv.h"

#include <QStringList>

namespace assay::client {

using namespace Qt::StringLiterals;

QString csvField(const QString &text)
{
    static const QString special = u",\"\r\n"_s;
    bool quote = false;
    for (const QChar c : text)
        quote = quote || special.contains(c);
    if (!quote)
        return text;
    QString doubled = text;
    doubled.replace(u"\""_s, u"\"\""_s);
    return u"\""_s + doubled + u"\""_s;
}

QString tableToCsv(const QAbstractItemModel &model)
{
    QString out;
    auto line = [&](const QStringList &fields) {
        QStringList quoted;
        for (const QString &f : fields)
            quoted.append(csvField(f));
        out += quoted.join(u',') + u"\r\n"_s;
    };
    QStringList header;
    for (int c = 0; c < model.columnCount(); ++c)
        header.append(model.headerData(c, Qt::Horizontal).toString());
    line(header);
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < model.columnCount(); ++c)
            row.append(model.index(r, c).data().toString());
        line(row);
    }
    return out;
}

} // namespace assay::client
