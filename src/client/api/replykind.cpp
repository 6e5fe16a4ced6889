#include "replykind.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTimeZone>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

ReplyKind kindOfStatus(int status)
{
    if (status >= 200 && status < 300)
        return ReplyKind::Ok;
    switch (status) {
    case 401:
    case 403:
        return ReplyKind::Auth;
    case 404:
        return ReplyKind::NotFound;
    case 408:
        return ReplyKind::Timeout;
    case 409:
        return ReplyKind::Conflict;
    case 413:
    case 414:
    case 431:
        return ReplyKind::TooLarge;
    case 429:
        return ReplyKind::RateLimited;
    default:
        return status >= 500 ? ReplyKind::ServerError : ReplyKind::Rejected;
    }
}

ReplyKind kindOfTransportError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // what a transfer timeout aborts with
        return ReplyKind::Timeout;
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        return ReplyKind::ServerError;
    default: // refused, reset, closed, host not found, proxy and TLS trouble, network down
        return ReplyKind::Offline;
    }
}

} // namespace

QString replyKindName(ReplyKind kind)
{
    switch (kind) {
    case ReplyKind::Ok:
        return u"ok"_s;
    case ReplyKind::Offline:
        return u"offline"_s;
    case ReplyKind::Timeout:
        return u"timeout"_s;
    case ReplyKind::Auth:
        return u"auth"_s;
    case ReplyKind::NotFound:
        return u"not found"_s;
    case ReplyKind::Conflict:
        return u"conflict"_s;
    case ReplyKind::Rejected:
        return u"rejected"_s;
    case ReplyKind::TooLarge:
        return u"too large"_s;
    case ReplyKind::RateLimited:
        return u"rate limited"_s;
    case ReplyKind::ServerError:
        return u"server error"_s;
    }
    return {};
}

std::optional<int> parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? std::nullopt : std::optional(int(std::min<qint64>(seconds, 24 * 3600)));
    // An HTTP date is IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), always in English and GMT.
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(v), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    when.setTimeSpec(Qt::UTC);
    if (!when.isValid())
        return std::nullopt;
    return int(std::clamp<qint64>(now.secsTo(when), 0, 24 * 3600));
}

ApiReply classifyReply(QNetworkReply::NetworkError error, const QString &errorString, int httpStatus,
                       const QByteArray &body, const QByteArray &retryAfter, const QByteArray &requestId)
{
    ApiReply r;
    r.status = httpStatus;
    r.requestId = requestId;
    r.retryAfterSeconds = parseRetryAfter(retryAfter, QDateTime::currentDateTimeUtc());
    if (httpStatus == 0) {
        r.kind = error == QNetworkReply::NoError ? ReplyKind::ServerError : kindOfTransportError(error);
        r.message = error == QNetworkReply::NoError ? u"the server sent no HTTP answer"_s : errorString;
        return r;
    }
    r.kind = kindOfStatus(httpStatus);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError)
        r.body = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    if (r.kind == ReplyKind::Ok) {
        if (!body.isEmpty() && parseError.error != QJsonParseError::NoError) {
            r.kind = ReplyKind::ServerError;
            r.message = u"the server's answer is not JSON (%1 at byte %2)"_s.arg(parseError.errorString())
                            .arg(parseError.offset);
        }
        return r;
    }
    const QString detail = r.body.toObject().value("detail"_L1).toString();
    r.message = !detail.isEmpty()                      ? detail
                : !body.isEmpty() && body.size() < 500 ? QString::fromUtf8(body).simplified()
                                                       : u"HTTP %1"_s.arg(httpStatus);
    if (r.kind == ReplyKind::Rejected)
        r.fieldErrors.append(r.message); // the server's detail is "field: message"
    return r;
}

} // namespace assay::client
