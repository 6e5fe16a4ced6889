#include "httpmessage.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>

namespace assay::server {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHttp, "assay.http")

QStringList HttpRequest::queryValues(const QString &key) const
{
    return query.allQueryItemValues(key, QUrl::FullyDecoded);
}

QString HttpRequest::queryValue(const QString &key) const
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

Result<QJsonValue> HttpRequest::json() const
{
    if (body.trimmed().isEmpty())
        return Error{u"the request body is empty; expected JSON"_s, {}};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return Error{u"malformed JSON at byte %1: %2"_s.arg(error.offset).arg(error.errorString()), {}};
    if (doc.isObject())
        return QJsonValue(doc.object());
    return QJsonValue(doc.array());
}

Result<QJsonObject> HttpRequest::jsonObject() const
{
    auto v = json();
    if (!v)
        return v.error();
    if (!v->isObject())
        return Error{u"expected a JSON object, got an array"_s, {}};
    return v->toObject();
}

Result<QJsonArray> HttpRequest::jsonArray() const
{
    auto v = json();
    if (!v)
        return v.error();
    if (!v->isArray())
        return Error{u"expected a JSON array, got an object"_s, {}};
    return v->toArray();
}

HttpResponse HttpResponse::json(const QJsonValue &value, int status)
{
    HttpResponse r;
    r.status = status;
    r.body = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                             : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return r;
}

HttpResponse HttpResponse::noContent()
{
    HttpResponse r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

HttpResponse HttpResponse::error(int status, const QString &detail, const QString &where)
{
    return json(QJsonObject{{"detail"_L1, where.isEmpty() ? detail : where + u": "_s + detail}}, status);
}

HttpResponse HttpResponse::tooManyRequests(int retryAfterSeconds, const QString &detail)
{
    HttpResponse r = error(429, detail);
    r.headers.append({"Retry-After", QByteArray::number(retryAfterSeconds)});
    return r;
}

HttpResponse HttpResponse::internal(const Error &e)
{
    qCWarning(lcHttp).noquote() << "internal error:" << e.toString();
    return error(500, u"internal error; the server log has the details"_s);
}

} // namespace assay::server
