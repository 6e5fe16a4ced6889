#pragma once

// One line per answered request on stderr (where systemd's journal or a container's log driver takes it),
// as text or as JSON (--log-format json): the request id, method, route pattern, status, duration and who
// called. Never a secret: no headers, no query string, no body, and the route's pattern rather than the
// path (a feedback link's token travels in its path).

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace assay::server {

enum class LogFormat { None, Text, Json };

// "text" or "json" (what --log-format takes); an error naming the choices otherwise.
Result<LogFormat> parseLogFormat(const QString &text);

struct RequestRecord {
    QByteArray requestId;
    QString method;
    QString route; // the pattern ("/runs/{id}"), or the path's family when no route matched
    int status = 0;
    double seconds = 0;
    QString principal; // "user:<id>", "key:<id>" or "anonymous"
    QString remoteAddress;
};

// The record as one line (with its newline) in `format`.
QByteArray requestLogLine(LogFormat format, const RequestRecord &record);

// Writes the line to stderr whole, whichever thread calls.
void writeLogLine(const QByteArray &line);

// Qt's own messages (warnings from the workers, the storage) as JSON lines too, so a log shipper reads
// one format.
void logQtMessagesAsJson();

} // namespace assay::server
