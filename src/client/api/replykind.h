#pragma once

// Every answer the server (or the network) can give the desktop app, sorted into the kinds the sync
// engine and the UI act on. One tested function does the sorting; nothing else looks at raw errors.

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QNetworkReply>
#include <QString>
#include <QStringList>

#include <optional>

namespace assay::client {

enum class ReplyKind {
    Ok,
    Offline,     // no connection, refused, reset, dropped mid-transfer: try again when online
    Timeout,     // no answer in time
    Auth,        // the key is wrong, revoked, expired, or may not do this (401/403)
    NotFound,    // 404
    Conflict,    // 409
    Rejected,    // 400/422 and other client errors: the request itself is wrong; field messages say why
    TooLarge,    // 413/414/431: send less at once
    RateLimited, // 429: wait Retry-After
    ServerError, // 5xx, or an answer that is not what the protocol promises
};

QString replyKindName(ReplyKind kind);

struct ApiReply {
    ReplyKind kind = ReplyKind::Ok;
    int status = 0;          // HTTP status; 0 when no response arrived
    QJsonValue body;         // the parsed JSON body, when there was one
    QString message;         // in words: the server's detail, or what the network said
    QStringList fieldErrors; // "field: message" for Rejected
    std::optional<int> retryAfterSeconds;
    QByteArray requestId; // the X-Request-ID this request carried

    bool ok() const { return kind == ReplyKind::Ok; }
    // Worth trying again later without changing anything.
    bool transient() const
    {
        return kind == ReplyKind::Offline || kind == ReplyKind::Timeout || kind == ReplyKind::RateLimited ||
               kind == ReplyKind::ServerError;
    }
};

// What a finished exchange means. `retryAfter` is the raw header (seconds or an HTTP date).
ApiReply classifyReply(QNetworkReply::NetworkError error, const QString &errorString, int httpStatus,
                       const QByteArray &body, const QByteArray &retryAfter, const QByteArray &requestId);

// Seconds from a Retry-After header: a number of seconds or an HTTP date; nothing for garbage.
std::optional<int> parseRetryAfter(const QByteArray &value, const QDateTime &now);

} // namespace assay::client
