#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace assay::test {

// RFC 4180 read back strictly: quoted fields with doubled quotes, CRLF between records; anything else
// (a bare CR or LF, a quote inside an unquoted field, an unterminated quote) fails the test.
QList<QStringList> readCsvStrictly(const QString &text);

} // namespace assay::test
