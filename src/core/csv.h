#pragma once

// CSV as RFC 4180 writes it: comma-separated, CRLF line ends, a field quoted when it holds a comma,
// quote, CR or LF, quotes doubled. Everything else (NUL, emoji, any UTF-8) passes as it is.

#include <QString>
#include <QStringList>

namespace assay {

QString csvField(const QString &text);
// One record, its line end included.
QString csvRecord(const QStringList &fields);

} // namespace assay
