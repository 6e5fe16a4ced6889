// Presigned feedback links (langsmith-api.md §5): an app hands a URL to its end users, who leave feedback
// on one run under one key without an API key. The URL carries a random secret (a UUID, as the SDKs
// expect); only its SHA-256 is stored. A link is single-use unless made with `max_uses`, checked against
// its `feedback_config`, size-capped, rate-limited per client address, revocable, and audited. A plain
// GET records nothing: link previews and crawlers follow links, so GET answers a page that asks to
// confirm, and the SDK's POST records.

#include "apicontext.h"

#include "audit/auditlog.h"
#include "rules/ruleengine.h"

#include "core/jsonfields.h"

#include <QCryptographicHash>
#include <QUrlQuery>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMaxLifetimeMicros = 365LL * 24 * 3600 * 1000000; // a year
constexpr qint64 kMaxUses = 100000;
constexpr qsizetype kMaxFeedbackBytes = 64 * 1024; // what one use may carry, comment and metadata included
// What a link's page shows from its query and posts back as a form.
const QStringList kFormFields{u"score"_s, u"value"_s, u"comment"_s, u"correction"_s};

QString secretHash(const QString &secret)
{
    return QString::fromLatin1(QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString linkUrl(const ApiContext &ctx, const QString &secret)
{
    return ctx.state.publicUrl() + u"/api/v1/feedback/tokens/"_s + secret;
}

// A link as listings show it: its handle, never its secret or URL.
QJsonObject linkJson(const FeedbackToken &t)
{
    return QJsonObject{{"id"_L1, t.id.toString()},
                       {"run_id"_L1, t.runId.toString()},
                       {"feedback_key"_L1, t.feedbackKey},
                       {"expires_at"_L1, t.expiresAt.toIso()},
                       {"created_at"_L1, t.createdAt.toIso()},
                       {"max_uses"_L1, double(t.maxUses)},
                       {"uses"_L1, double(t.uses)},
                       {"revoked_at"_L1, t.revokedAt ? t.revokedAt->toJson() : QJsonValue(QJsonValue::Null)}};
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
    const qint64 maxUses = f.integer("max_uses"_L1).value_or(1);
    if (f.failed())
        return HttpResponse::badRequest(f.error());
    if (!isValidFeedbackKey(key))
        return HttpResponse::error(
            400, u"a key may only use letters, digits and _ . : - (at most 100 characters)"_s,
            u"feedback_key"_s);
    if (maxUses < 0 || maxUses > kMaxUses)
        return HttpResponse::error(400, u"must be from 1 to %1, or 0 for no limit"_s.arg(kMaxUses),
                                   u"max_uses"_s);
    if (!config.isEmpty())
        if (auto field = parseFeedbackConfig(key, config); !field)
            return HttpResponse::error(400, field.error().toString(), u"feedback_config"_s);
    const Timestamp now = Timestamp::now();
    auto expires = expiryOf(*body, now);
    if (!expires)
        return HttpResponse::badRequest(expires.error());
    auto runs = ctx.store.runsByIds({*runId});
    if (!runs)
        return HttpResponse::internal(runs.error());
    if (!runs->contains(*runId))
        return HttpResponse::notFound(u"run %1"_s.arg(runId->toString()));
    const QString secret = Uuid(QUuid::createUuid()).toString(); // 122 random bits from the system's source
    FeedbackToken token;
    token.id = Uuid::v7();
    token.secretHash = secretHash(secret);
    token.runId = *runId;
    token.feedbackKey = key;
    token.feedbackConfig = config;
    token.expiresAt = *expires;
    token.createdAt = now;
    token.createdBy = actorOf(req);
    token.maxUses = maxUses;
    if (auto saved = ctx.store.saveFeedbackToken(token); !saved)
        return HttpResponse::internal(saved.error());
    // The SDKs read `id` as the token to send back (Python's create_feedback_from_token): it is the secret.
    const QJsonObject created{{"id"_L1, secret},
                              {"url"_L1, linkUrl(ctx, secret)},
                              {"expires_at"_L1, token.expiresAt.toIso()},
                              {"handle"_L1, token.id.toString()},
                              {"max_uses"_L1, double(token.maxUses)}};
    return auditOrFail(ctx, req, u"create"_s, u"feedback_link"_s, token.id.toString(), QJsonValue::Null,
                       linkJson(token), HttpResponse::json(created));
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
        out.append(linkJson(t));
    return HttpResponse::json(out);
}

HttpResponse revokeToken(ApiContext &ctx, HttpRequest &req)
{
    auto id = pathUuid(req, u"token"_s);
    if (!id)
        return validationError(id.error());
    auto token = ctx.store.feedbackTokenById(*id);
    if (!token)
        return HttpResponse::internal(token.error());
    if (!*token)
        return HttpResponse::notFound(u"feedback link %1"_s.arg(id->toString()));
    auto revoked = ctx.store.revokeFeedbackToken(*id, Timestamp::now());
    if (!revoked)
        return HttpResponse::internal(revoked.error());
    if (!*revoked)
        return HttpResponse::noContent(); // already revoked
    return auditOrFail(ctx, req, u"revoke"_s, u"feedback_link"_s, id->toString(), linkJson(**token),
                       QJsonValue::Null, HttpResponse::noContent());
}

// The link's secret from the path, and the link it opens (usable or not).
Result<std::optional<FeedbackToken>> linkOf(ApiContext &ctx, const HttpRequest &req)
{
    const QString secret = req.param(u"token"_s);
    if (secret.size() > 100)
        return std::optional<FeedbackToken>();
    return ctx.store.feedbackTokenBySecretHash(secretHash(secret));
}

std::optional<HttpResponse> unusable(const FeedbackToken &t, const Timestamp &now)
{
    if (t.revokedAt)
        return HttpResponse::error(410, u"this feedback link was revoked"_s);
    if (t.expiresAt <= now)
        return HttpResponse::error(410, u"this feedback link has expired"_s);
    if (t.maxUses > 0 && t.uses >= t.maxUses)
        return HttpResponse::error(410, u"this feedback link has been used"_s);
    return std::nullopt;
}

// GET: nothing is recorded. A page that shows what would be sent and asks to confirm it with a POST.
HttpResponse confirmationPage(ApiContext &ctx, HttpRequest &req)
{
    auto link = linkOf(ctx, req);
    if (!link)
        return HttpResponse::internal(link.error());
    if (!*link)
        return HttpResponse::notFound(u"feedback link"_s);
    if (auto refused = unusable(**link, Timestamp::now()))
        return *refused;
    QString fields;
    for (const QString &key : kFormFields) {
        if (!req.query.hasQueryItem(key))
            continue;
        const QString v = req.queryValue(key).toHtmlEscaped();
        fields += u"<p>%1: <b>%2</b></p><input type=\"hidden\" name=\"%1\" value=\"%2\">"_s.arg(key, v);
    }
    const QString page =
        u"<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
        "<title>Send feedback</title></head><body><form method=\"post\"><h1>Send this feedback?</h1>%1"
        "<button type=\"submit\">Send</button></form></body></html>"_s.arg(fields);
    HttpResponse response;
    response.contentType = "text/html; charset=utf-8";
    response.body = page.toUtf8();
    response.headers.append({QByteArray("Cache-Control"), QByteArray("no-store")});
    return response;
}

// The fields a use sends: a JSON body (the SDKs) or a form (the confirmation page).
Result<QJsonObject> useInput(const HttpRequest &req)
{
    if (req.header("content-type").startsWith("application/x-www-form-urlencoded")) {
        const QUrlQuery form(QString::fromUtf8(req.body).replace(u'+', u' '));
        QJsonObject input;
        for (const QString &key : kFormFields) {
            if (!form.hasQueryItem(key))
                continue;
            const QString text = form.queryItemValue(key, QUrl::FullyDecoded);
            bool isNumber = false;
            const double number = text.toDouble(&isNumber);
            input.insert(key, key == u"score" && isNumber ? QJsonValue(number) : QJsonValue(text));
        }
        return input;
    }
    return req.jsonObject();
}

// What a link's config allows: the answer (value, else score) must fit the field it describes.
std::optional<QString> configProblem(const FeedbackToken &t, const QJsonObject &input)
{
    if (t.feedbackConfig.isEmpty())
        return std::nullopt;
    auto field = parseFeedbackConfig(t.feedbackKey, t.feedbackConfig);
    if (!field)
        return field.error().toString();
    QJsonValue answer = field->type == FieldType::Continuous ? input.value("score"_L1)
                        : input.contains("value"_L1)         ? input.value("value"_L1)
                                                             : input.value("score"_L1);
    if (answer.isUndefined() || answer.isNull())
        return u"%1: this link takes %2"_s.arg(
            t.feedbackKey, field->type == FieldType::Continuous ? u"a score"_s : u"a value"_s);
    const ValidationReport report =
        validateAnnotationValues(Rubric{1, {}, {*field}}, {{t.feedbackKey, answer}});
    if (!report.ok())
        return report.errors.first().toString();
    return std::nullopt;
}

HttpResponse useToken(ApiContext &ctx, HttpRequest &req)
{
    if (const auto wait = ctx.feedbackLinkUses->take(req.remoteAddress))
        return HttpResponse::tooManyRequests(
            *wait, u"too many feedback links used from this address; retry later"_s);
    if (req.body.size() > kMaxFeedbackBytes)
        return HttpResponse::error(
            413, u"feedback through a link may carry at most %1 bytes"_s.arg(kMaxFeedbackBytes));
    auto link = linkOf(ctx, req);
    if (!link)
        return HttpResponse::internal(link.error());
    if (!*link)
        return HttpResponse::notFound(u"feedback link"_s);
    const FeedbackToken &token = **link;
    const Timestamp now = Timestamp::now();
    if (auto refused = unusable(token, now))
        return *refused;
    auto input = useInput(req);
    if (!input)
        return HttpResponse::badRequest(input.error());
    if (auto problem = configProblem(token, *input))
        return HttpResponse::error(400, *problem);
    QJsonObject feedback{
        {"id"_L1, Uuid::v7().toString()},
        {"run_id"_L1, token.runId.toString()},
        {"key"_L1, token.feedbackKey},
        {"feedback_source"_L1,
         QJsonObject{{"type"_L1, u"api"_s},
                     {"metadata"_L1, QJsonObject{{"feedback_link_id"_L1, token.id.toString()}}}}}};
    for (const auto key : {"score"_L1, "value"_L1, "comment"_L1, "correction"_L1, "metadata"_L1})
        if (input->contains(key))
            feedback.insert(key == "metadata"_L1 ? "extra"_L1 : key, input->value(key));
    auto fb = parseFeedbackCreate(feedback);
    if (!fb)
        return HttpResponse::badRequest(fb.error());
    // Counted in one statement with its checks, so a single-use link cannot be used twice at once.
    auto used = ctx.store.useFeedbackToken(token.secretHash, now);
    if (!used)
        return HttpResponse::internal(used.error());
    if (!*used)
        return HttpResponse::error(410, u"this feedback link has been used"_s);
    auto runs = ctx.store.runsByIds({token.runId});
    if (!runs)
        return HttpResponse::internal(runs.error());
    if (const auto run = runs->constFind(token.runId); run != runs->cend()) {
        fb->sessionId = run->sessionId;
        fb->traceId = run->traceId;
    }
    fb->source.userId = u"link:"_s + token.id.toString();
    fb->createdAt = fb->modifiedAt = now;
    if (auto saved = ctx.store.saveFeedback(*fb); !saved)
        return HttpResponse::internal(saved.error());
    if (auto routed = ctx.rules().onFeedback(token.runId); !routed)
        return HttpResponse::internal(routed.error());
    if (Status audited = recordAudit(ctx.store, u"link:"_s + token.id.toString(), u"create"_s, u"feedback"_s,
                                     fb->id.toString(), QJsonValue::Null, feedbackToJson(*fb));
        !audited)
        return HttpResponse::internal(audited.error());
    return HttpResponse::json(
        QJsonObject{{"message"_L1, u"feedback recorded"_s}, {"feedback_id"_L1, fb->id.toString()}});
}

} // namespace

void registerFeedbackTokenRoutes(Router &router, ApiContext &ctx)
{
    addRoute(router, ctx, "POST", "/feedback/tokens", createToken, Access::Ingest);
    addRoute(router, ctx, "GET", "/feedback/tokens", listTokens);
    addRoute(router, ctx, "DELETE", "/feedback/tokens/{token}", revokeToken);
    addRoute(router, ctx, "GET", "/feedback/tokens/{token}", confirmationPage, Access::Public);
    addRoute(router, ctx, "POST", "/feedback/tokens/{token}", useToken, Access::Public);
}

} // namespace assay::server
