#pragma once

// The request a handler sees and the response it returns, independent of QtHttpServer.

#include "auth/principal.h"
#include "core/result.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <memory>

namespace assay::server {

struct HttpRequest {
    QString method; // "GET", "POST", ...
    QString path;   // API path with the /api/v1 prefix removed: "/runs/batch"
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QHash<QString, QString> params; // from the route pattern: {id} -> value
    QString remoteAddress;          // the client's (behind a trusted proxy, the one it names)
    Principal principal;
    bool admitted = false; // key, limits and role already checked when the headers arrived
    bool viaMetricsListener = false; // came in on --metrics-listen: /metrics and the probes only

    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
    QString param(const QString &name) const { return params.value(name); }
    // All values of a repeated query parameter (?run=a&run=b), decoded.
    QStringList queryValues(const QString &key) const;
    QString queryValue(const QString &key) const;

    Result<QJsonValue> json() const; // 400-worthy errors say where the JSON broke
    Result<QJsonObject> jsonObject() const;
    Result<QJsonArray> jsonArray() const;
};

// One piece of a streamed body. A failed piece ends the response without its last chunk, so the client
// sees it incomplete (the status is long sent).
struct BodyPiece {
    QByteArray bytes;
    bool last = false;
    bool failed = false;
};

// A body made piece by piece (an export): the HTTP layer asks its dispatcher for the next piece once
// the ones before it are mostly sent, so a connection holds about one piece however large the body is.
// What makes the pieces is the dispatcher's business (work/ runs them on a read worker's connection).
class BodyStream {
public:
    virtual ~BodyStream() = default;
};

struct HttpResponse {
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<std::pair<QByteArray, QByteArray>> headers;
    // Set: the body is sent chunked, `body` first and then the stream's pieces.
    std::shared_ptr<BodyStream> stream;

    static HttpResponse json(const QJsonValue &value, int status = 200);
    static HttpResponse noContent();
    // {"detail": "..."}: `where` (a field path) is prefixed to the message.
    static HttpResponse error(int status, const QString &detail, const QString &where = {});
    static HttpResponse badRequest(const Error &e) { return error(400, e.message, e.where); }
    static HttpResponse notFound(const QString &what)
    {
        return error(404, what + QStringLiteral(" not found"));
    }
    static HttpResponse internal(const Error &e);
    static HttpResponse tooManyRequests(int retryAfterSeconds, const QString &detail);
};

} // namespace assay::server
