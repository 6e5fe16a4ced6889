// One function sorts every answer the client can get into the kinds the sync engine acts on; the
// backoff it then waits by; and the split that keeps request bodies at or under ApiClient::kMaxBodyBytes.

#include "api/apiclient.h"
#include "api/replykind.h"
#include "sync/backoff.h"

#include <printers.h>

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace assay::client;
using namespace Qt::StringLiterals;

namespace {

ApiReply http(int status, const QByteArray &body = {}, const QByteArray &retryAfter = {})
{
    return classifyReply(status >= 400 ? QNetworkReply::ContentAccessDenied : QNetworkReply::NoError, {},
                         status, body, retryAfter, "req-1");
}

ApiReply transport(QNetworkReply::NetworkError error)
{
    return classifyReply(error, u"what the network said"_s, 0, {}, {}, "req-2");
}

} // namespace

TEST(ReplyKind, EveryStatusHasItsKind)
{
    const std::pair<int, ReplyKind> cases[] = {
        {200, ReplyKind::Ok},          {202, ReplyKind::Ok},          {204, ReplyKind::Ok},
        {400, ReplyKind::Rejected},    {401, ReplyKind::Auth},        {403, ReplyKind::Auth},
        {404, ReplyKind::NotFound},    {408, ReplyKind::Timeout},     {409, ReplyKind::Conflict},
        {413, ReplyKind::TooLarge},    {414, ReplyKind::TooLarge},    {422, ReplyKind::Rejected},
        {429, ReplyKind::RateLimited}, {431, ReplyKind::TooLarge},    {500, ReplyKind::ServerError},
        {502, ReplyKind::ServerError}, {503, ReplyKind::ServerError}, {418, ReplyKind::Rejected},
    };
    for (const auto &[status, kind] : cases)
        EXPECT_EQ(replyKindName(http(status, "{}").kind), replyKindName(kind)) << status;
}

TEST(ReplyKind, TransportFailuresAreOfflineOrTimeouts)
{
    for (auto error : {QNetworkReply::ConnectionRefusedError, QNetworkReply::RemoteHostClosedError,
                       QNetworkReply::HostNotFoundError, QNetworkReply::NetworkSessionFailedError,
                       QNetworkReply::TemporaryNetworkFailureError, QNetworkReply::UnknownNetworkError}) {
        const ApiReply r = transport(error);
        EXPECT_EQ(r.kind, ReplyKind::Offline) << int(error);
        EXPECT_TRUE(r.transient());
        EXPECT_EQ(r.message, u"what the network said"_s);
        EXPECT_EQ(r.requestId, "req-2");
    }
    EXPECT_EQ(transport(QNetworkReply::TimeoutError).kind, ReplyKind::Timeout);
    EXPECT_EQ(transport(QNetworkReply::OperationCanceledError).kind, ReplyKind::Timeout)
        << "a transfer timeout";
    EXPECT_EQ(transport(QNetworkReply::ProtocolFailure).kind, ReplyKind::ServerError);
}

TEST(ReplyKind, MessagesComeFromTheServersDetail)
{
    const ApiReply rejected = http(400, R"({"detail":"values.overall_quality: is required"})");
    EXPECT_EQ(rejected.kind, ReplyKind::Rejected);
    EXPECT_EQ(rejected.message, u"values.overall_quality: is required"_s);
    EXPECT_EQ(rejected.fieldErrors, QStringList{u"values.overall_quality: is required"_s});
    EXPECT_FALSE(rejected.transient());
    EXPECT_EQ(http(502, "<html>Bad Gateway</html>").message, u"<html>Bad Gateway</html>"_s)
        << "a proxy's page";
    EXPECT_EQ(http(500).message, u"HTTP 500"_s);
    const ApiReply notJson = http(200, "<html>captive portal</html>");
    EXPECT_EQ(notJson.kind, ReplyKind::ServerError) << "a 200 that is not JSON is not the server";
    EXPECT_TRUE(notJson.message.startsWith(u"the server's answer is not JSON"_s));
    EXPECT_EQ(http(200, R"({"a":1})").body.toObject().value("a"_L1).toInt(), 1);
}

TEST(ReplyKind, RetryAfterInSecondsOrAsADate)
{
    EXPECT_EQ(http(429, "{}", "7").retryAfterSeconds, 7);
    EXPECT_EQ(http(503, "{}", " 0 ").retryAfterSeconds, 0);
    const QDateTime now = QDateTime::fromString(u"2026-11-30T10:00:00Z"_s, Qt::ISODate);
    EXPECT_EQ(parseRetryAfter("Mon, 30 Nov 2026 10:01:30 GMT", now), 90);
    EXPECT_EQ(parseRetryAfter("Mon, 30 Nov 2026 09:00:00 GMT", now), 0) << "a date in the past: now";
    EXPECT_EQ(parseRetryAfter("999999999", now), 24 * 3600) << "capped at a day";
    EXPECT_FALSE(parseRetryAfter("soon", now).has_value());
    EXPECT_FALSE(parseRetryAfter("-5", now).has_value());
    EXPECT_FALSE(parseRetryAfter("", now).has_value());
}

TEST(Backoff, GrowsWithJitterUpToItsCapAndHonoursRetryAfter)
{
    Backoff backoff(100, 2000, 7);
    for (int n = 0; n < 12; ++n) {
        const int wait = backoff.next();
        EXPECT_GE(wait, 0);
        EXPECT_LE(wait, std::min(2000, 100 << n)) << "attempt " << n;
    }
    EXPECT_EQ(backoff.failures(), 12);
    // Jitter: the waits at the cap are spread, not one value.
    QSet<int> atCap;
    for (int i = 0; i < 20; ++i)
        atCap.insert(backoff.next());
    EXPECT_GT(atCap.size(), 10);
    EXPECT_GE(backoff.next(30), 30000) << "never shorter than Retry-After";
    backoff.reset();
    EXPECT_LE(backoff.next(), 100);
}

TEST(SplitBySize, KeepsEveryBodyWithinTheLimitAndTheOrder)
{
    QList<QJsonObject> items;
    for (int i = 0; i < 2000; ++i)
        items.append(QJsonObject{{"i"_L1, i}, {"text"_L1, QString(20 + (i * 37) % 400, u'x')}});
    items.insert(1000, QJsonObject{{"i"_L1, -1}, {"text"_L1, QString(ApiClient::kMaxBodyBytes + 1000, u'y')}});
    const QList<QJsonArray> batches = splitBySize(items, ApiClient::kMaxBodyBytes);
    int next = 0;
    for (const QJsonArray &batch : batches) {
        const qsizetype size = QJsonDocument(batch).toJson(QJsonDocument::Compact).size();
        if (batch.size() > 1) {
            EXPECT_LE(size, ApiClient::kMaxBodyBytes);
        } else if (batch.at(0).toObject().value("i"_L1).toInt() == -1) {
            EXPECT_GT(size, ApiClient::kMaxBodyBytes) << "an item larger than a body travels alone";
        }
        for (const QJsonValue &v : batch) {
            const int i = v.toObject().value("i"_L1).toInt();
            if (i >= 0) {
                EXPECT_EQ(i, next++);
            }
        }
    }
    EXPECT_EQ(next, 2000);
    EXPECT_GT(batches.size(), 5);
}
