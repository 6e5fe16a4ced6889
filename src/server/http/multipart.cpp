#include "multipart.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// The value of `key="..."` (or key=token) in a Content-Disposition header.
QString dispositionParam(const QByteArray &header, const QByteArray &key)
{
    const QList<QByteArray> items = header.split(';');
    for (const QByteArray &raw : items) {
        const QByteArray item = raw.trimmed();
        if (!item.startsWith(key + '='))
            continue;
        QByteArray value = item.mid(key.size() + 1);
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return QString::fromUtf8(value);
    }
    return {};
}

} // namespace

Result<QByteArray> multipartBoundary(const QByteArray &contentType)
{
    if (!contentType.trimmed().toLower().startsWith("multipart/form-data"))
        return Error{
            u"expected Content-Type multipart/form-data, got '%1'"_s.arg(QString::fromUtf8(contentType)), {}};
    for (const QByteArray &raw : contentType.split(';')) {
        const QByteArray item = raw.trimmed();
        if (item.toLower().startsWith("boundary=")) {
            QByteArray b = item.mid(9);
            if (b.size() >= 2 && b.startsWith('"') && b.endsWith('"'))
                b = b.mid(1, b.size() - 2);
            if (b.isEmpty() || b.size() > 200)
                break;
            return b;
        }
    }
    return Error{u"the multipart Content-Type has no usable boundary"_s, {}};
}

Result<QList<MultipartPart>> parseMultipart(const QByteArray &body, const QByteArray &boundary)
{
    const QByteArray delimiter = "--" + boundary;
    QList<MultipartPart> parts;
    qsizetype pos = body.indexOf(delimiter);
    if (pos < 0)
        return Error{u"the body does not contain the multipart boundary"_s, {}};
    while (true) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            return parts; // closing delimiter
        if (body.mid(pos, 2) != "\r\n")
            return Error{u"part %1: expected a line break after the boundary"_s.arg(parts.size()), {}};
        pos += 2;
        const qsizetype headersEnd = body.indexOf("\r\n\r\n", pos);
        if (headersEnd < 0)
            return Error{u"part %1: headers are not terminated by an empty line"_s.arg(parts.size()), {}};
        MultipartPart part;
        for (const QByteArray &line : body.mid(pos, headersEnd - pos).split('\n')) {
            const QByteArray l = line.trimmed();
            const qsizetype colon = l.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = l.left(colon).trimmed().toLower();
            const QByteArray value = l.mid(colon + 1).trimmed();
            if (name == "content-disposition") {
                part.name = dispositionParam(value, "name");
                part.filename = dispositionParam(value, "filename");
            } else if (name == "content-type") {
                part.contentType = value;
            }
        }
        if (part.name.isEmpty())
            return Error{u"part %1 has no name in its Content-Disposition"_s.arg(parts.size()), {}};
        const qsizetype dataStart = headersEnd + 4;
        const qsizetype next = body.indexOf("\r\n" + delimiter, dataStart);
        if (next < 0)
            return Error{
                u"part '%1' is not closed by the boundary (the body may be cut short)"_s.arg(part.name), {}};
        part.data = body.mid(dataStart, next - dataStart);
        parts.append(std::move(part));
        pos = next + 2;
    }
}

} // namespace assay::server
