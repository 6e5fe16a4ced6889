#include "csv.h"

namespace assay {

using namespace Qt::StringLiterals;

QString csvField(const QString &text)
{
    bool quote = false;
    for (const QChar c : text)
        quote = quote || c == u',' || c == u'"' || c == u'\r' || c == u'\n';
    if (!quote)
        return text;
    QString doubled = text;
    doubled.replace(u"\""_s, u"\"\""_s);
    return u"\""_s + doubled + u"\""_s;
}

QString csvRecord(const QStringList &fields)
{
    QString out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += u',';
        out += csvField(fields[i]);
    }
    return out + u"\r\n"_s;
}

} // namespace assay
