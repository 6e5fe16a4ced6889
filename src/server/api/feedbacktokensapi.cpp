// Presigned feedback tokens (langsmith-api.md §5): an app hands a URL to its end users, who leave
// feedback on one run under one key without an API key. The token's id is the secret.

#include "apicontext.h"

#include "rules/ruleengine.h"

#include "core/jsonfields.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMaxLifetimeMicros = 365LL * 24 * 3600 * 1000000; // a year

QString tokenUrl(const HttpRequest &req, const Uuid &id)
{
    const QByteArray host = req.header("host");
    return u"http://%1/api/v1/feedback/tokens/%2"_s.arg(
        QString::fromLatin1(host.isEmpty() ? "127.0.0.1" : host), id.toString());
}

QJsonObject tokenJson(const HttpRequest &req, const FeedbackToken &t)
{
    return QJsonObject{{"id"_L1, t.id.toString()},
                       {"url"_L1, tokenUrl(req, t.id)},
                       {"expires_at"_L1, t.expiresAt.toIso()},
                       {"run_id"_L1, t.runId.toString()},
                       {"feedback_key"_L1, t.feedbackKey}};
}

Result<Timestamp> expiryOf(const QJsonObject &body, const Timestamp &now)
{
    JsonFields f(body);
    if (auto at = f.timestamp("expires_at"_L1)) {
        if (*at <= now)
            return Error{u"is in the past"_s, u"expires_at"_s};
        if (at->micros() - now.micros() > kMaxLifetimeMicros)
            return Error{u"is more than a year away"_s, u"expires_at"_s};
        return *at;
    }
    if (f.failed())
        return f.error();
    const QJsonObject in = f.object("expires_in"_L1).value_or(QJsonObject{{"hours"_L1, 3}});
    if (f.failed())
        return f.error();
    JsonFields d(in, u"expires_in"_s);
    const double seconds = d.number("days"_L1).value_or(0) * 86400 + d.number("hours"_L1).value_or(0) * 3600 +
                           d.number("minutes"_L1).value_or(0) * 60 + d.number("seconds"_L1).value_or(0);
    if (d.failed())
        return d.error();
    if (!(seconds > 0) || seconds * 1e6 > double(kMaxLifetimeMicros))
        return Error{u"must add up to more than nothing and at most a year"_s, u"expires_in"_s};
    return Timestamp::fromMicros(now.micros() + qint64(seconds * 1e6));
}

HttpResponse createToken(ApiContext &ctx, HttpRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return HttpResponse::badRequest(body.error());
    JsonFields f(*body);
    const auto runId = f.uuid("run_id"_L1, Need::Required);
    const QString key = f.string("feedback_key"_L1, Need::Required).value_or(QString());
    const QJsonObject config = f.object("feedback_config"_L1).value_or(QJsonObject());
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    const Timestamp now = Timestamp::now();
    auto expires = expiryOf(*body, now);
    if (!expires)
        return HttpResponse::badRequest(expires.error());
    auto runs = ctx.store.runsByIds({*runId});
    if (!runs)
        return HttpResponse::internal(runs.error());
    if (!runs->contains(*runId))
        return HttpResponse::notFound(u"run %1"_s.arg(runId->toString()));
    const FeedbackToken token{Uuid(QUuid::createUuid()), *runId, key, config, *expires, now};
    if (auto saved = ctx.store.saveFeedbackToken(token); !saved)
        return HttpResponse::internal(saved.error());
    return HttpResponse::json(tokenJson(req, token));
}

HttpResponse listTokens(ApiContext &ctx, HttpRequest &req)
{
    auto page = pageOf(req);
    if (!page)
        return validationError(page.error());
    auto runId = Uuid::parse(req.queryValue(u"run_id"_s));
    if (!runId)
        return HttpResponse::error(422, runId.error().message, u"run_id"_s);
    auto tokens = ctx.store.feedbackTokensForRun(*runId, page->offset, page->limit);
    if (!tokens)
        return HttpResponse::internal(tokens.error());
    QJsonArray out;
    for (const FeedbackToken &t : *tokens)
        out.append(tokenJson(req, t));
    return HttpResponse::json(out);
}

// GET with ?score=&value=&comment=&correction= or POST with a JSON body: records one feedback row.
HttpResponse useToken(ApiContext &ctx, HttpRequest &req)
{
    auto id = pathUuid(req, u"token"_s);
    if (!id)
        return HttpResponse::notFound(u"feedback token"_s);
    auto token = ctx.store.feedbackToken(*id);
    if (!token)
        return HttpResponse::internal(token.error());
    if (!*token)
        return HttpResponse::notFound(u"feedback token"_s);
    if ((*token)->expiresAt <= Timestamp::now())
        return HttpResponse::error(410, u"this feedback link has expired"_s);
    QJsonObject input;
    if (req.method == u"POST") {
        auto body = req.jsonObject();
        if (!body)
            return HttpResponse::badRequest(body.error());
        input = *body;
    } else {
        for (const QString &key : {u"score"_s, u"value"_s, u"comment"_s, u"correction"_s}) {
            if (!req.query.hasQueryItem(key))
                continue;
            const QString text = req.queryValue(key);
            bool isNumber = false;
            const double number = text.toDouble(&isNumber);
            input.insert(key, key == u"score" && isNumber ? QJsonValue(number) : QJsonValue(text));
        }
    }
    QJsonObject feedback{
        {"id"_L1, Uuid::v7().toString()},
        {"run_id"_L1, (*token)->runId.toString()},
        {"key"_L1, (*token)->feedbackKey},
        {"feedback_source"_L1,
         QJsonObject{{"type"_L1, u"api"_s},
                     {"metadata"_L1, QJsonObject{{"feedback_token_id"_L1, id->toString()}}}}}};
    for (const auto key : {"score"_L1, "value"_L1, "comment"_L1, "correction"_L1, "metadata"_L1})
        if (input.contains(key))
            feedback.insert(key == "metadata"_L1 ? "extra"_L1 : key, input.value(key));
    auto fb = parseFeedbackCreate(feedback);
    if (!fb)
        return HttpResponse::badRequest(fb.error());
    auto runs = ctx.store.runsByIds({(*token)->runId});
    if (!runs)
        return HttpResponse::internal(runs.error());
    if (const auto run = runs->constFind((*token)->runId); run != runs->cend()) {
        fb->sessionId = run->sessionId;
        fb->traceId = run->traceId;
    }
    fb->createdAt = fb->modifiedAt = Timestamp::now();
    if (auto saved = ctx.store.saveFeedback(*fb); !saved)
        return HttpResponse::internal(saved.error());
    return HttpResponse::json(
        QJsonObject{{"message"_L1, u"feedback recorded"_s}, {"feedback_id"_L1, fb->id.toString()}});
}

} // namespace

void registerFeedbackTokenRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/feedback/tokens", createToken, Access::Ingest);
    addRoute(router, ctx, "GET", "/feedback/tokens", listTokens);
    addRoute(router, ctx, "GET", "/feedback/tokens/{token}", useToken, Access::Public);
    addRoute(router, ctx, "POST", "/feedback/tokens/{token}", useToken, Access::Public);
}

} // namespace assay::server
