#pragma once

// multipart/form-data bodies (RFC 7578), as Node's FormData sends them for the SDK's example upload.

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace assay::server {

struct MultipartPart {
    QString name;
    QString filename;
    QByteArray contentType;
    QByteArray data;
};

// The boundary of a "multipart/form-data; boundary=..." Content-Type, or an error saying what is wrong.
Result<QByteArray> multipartBoundary(const QByteArray &contentType);
// The parts in order. Refuses bodies that do not follow the format, naming the part that broke it.
Result<QList<MultipartPart>> parseMultipart(const QByteArray &body, const QByteArray &boundary);

} // namespace assay::server
