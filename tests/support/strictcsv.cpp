#include "strictcsv.h"

#include <gtest/gtest.h>

namespace assay::test {

// RFC 4180 read back strictly: quoted fields with doubled quotes, CRLF between records.
QList<QStringList> readCsvStrictly(const QString &text)
{
    QList<QStringList> records{{}};
    QString field;
    bool quoted = false, wasQuoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            EXPECT_TRUE(field.isEmpty()) << "a quote inside an unquoted field";
            quoted = wasQuoted = true;
        } else if (c == u',') {
            records.last().append(field);
            field.clear();
            wasQuoted = false;
        } else if (c == u'\r') {
            EXPECT_TRUE(i + 1 < text.size() && text[i + 1] == u'\n') << "a bare CR";
            records.last().append(field);
            field.clear();
            wasQuoted = false;
            records.append(QStringList());
            ++i;
        } else {
            EXPECT_NE(c, u'\n') << "a bare LF";
            field += c;
        }
    }
    EXPECT_FALSE(quoted) << "an unterminated quote";
    if (records.last().isEmpty() && field.isEmpty() && !wasQuoted)
        records.removeLast();
    return records;
}

} // namespace assay::test
