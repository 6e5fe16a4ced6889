#include "apikeys.h"

#include "audit/auditlog.h"
#include "http/httpmessage.h"
#include "roles.h"
#include "users.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSet>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kTouchIntervalMicros = 60LL * 1000 * 1000; // last use is recorded at most once a minute

} // namespace

QString hashApiKey(QStringView key)
{
    return QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex());
}

NewApiKey apiKeyFromSecret(const QString &secret, const QString &name, const QString &role)
{
    NewApiKey k;
    k.key = secret;
    k.record.id = Uuid::v7().toString();
    k.record.prefix = visiblePrefixOf(secret);
    k.record.name = name;
    k.record.role = role;
    k.record.createdAt = Timestamp::now();
    return k;
}

QString visiblePrefixOf(const QString &secret)
{
    if (secret.startsWith(u"assay_"_s) && secret.size() >= 40)
        return secret.left(10);
    return secret.left(secret.size() / 10);
}

std::optional<QString> weakBootstrapKey(const QString &secret)
{
    const QSet<QChar> distinct(secret.begin(), secret.end());
    if (secret.size() >= 32 && distinct.size() >= 12)
        return std::nullopt;
    return u"the bootstrap admin key must be at least 32 random characters (at least 12 of them different); "
           "make one with: openssl rand -base64 32"_s;
}

NewApiKey generateApiKey(const QString &name, const QString &role)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QString secret = u"assay_"_s;
    for (int i = 0; i < 40; ++i)
        secret += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(62)]);
    return apiKeyFromSecret(secret, name, role);
}

QJsonObject apiKeyJson(const ApiKeyRecord &k)
{
    return QJsonObject{
        {"id"_L1, k.id},
        {"prefix"_L1, k.prefix},
        {"name"_L1, k.name},
        {"role"_L1, k.role},
        {"user_id"_L1, k.userId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(k.userId)},
        {"created_at"_L1, k.createdAt.toIso()},
        {"expires_at"_L1, k.expiresAt ? k.expiresAt->toJson() : QJsonValue(QJsonValue::Null)},
        {"revoked_at"_L1, k.revokedAt ? k.revokedAt->toJson() : QJsonValue(QJsonValue::Null)},
        {"last_used_at"_L1, k.lastUsedAt ? k.lastUsedAt->toJson() : QJsonValue(QJsonValue::Null)}};
}

Result<Decision<NewApiKey>> createApiKey(Store &store, const QString &actor, const KeyDraft &draft)
{
    using KeyDecision = Decision<NewApiKey>;
    const QString name = draft.name.trimmed();
    if (name.isEmpty())
        return KeyDecision::refused(Refusal::Invalid, u"must not be empty"_s, u"name"_s);
    if (draft.expiresAt && *draft.expiresAt <= Timestamp::now())
        return KeyDecision::refused(Refusal::Invalid, u"is in the past"_s, u"expires_at"_s);
    QString role = draft.role.value_or(QString());
    QString userId;
    if (!draft.user.isEmpty()) {
        auto user = findUser(store, draft.user);
        if (!user)
            return user.error();
        if (!*user)
            return KeyDecision::refused(Refusal::Invalid,
                                        u"no user has the id or name '%1'"_s.arg(draft.user), u"user_id"_s);
        if ((*user)->disabledAt)
            return KeyDecision::refused(Refusal::Conflict,
                                        u"user %1 is disabled; enable them first"_s.arg((*user)->name));
        if (draft.role && *draft.role != (*user)->role)
            return KeyDecision::refused(
                Refusal::Invalid,
                u"a user's keys act with the user's role (%1); leave role out"_s.arg((*user)->role),
                u"role"_s);
        role = (*user)->role;
        userId = (*user)->id;
    } else if (!draft.role) {
        return KeyDecision::refused(Refusal::Invalid, u"is required for a key without a user"_s, u"role"_s);
    }
    if (!isRole(role))
        return KeyDecision::refused(Refusal::Invalid, unknownRoleMessage(role), u"role"_s);
    NewApiKey key = generateApiKey(name, role);
    key.record.expiresAt = draft.expiresAt;
    key.record.userId = userId;
    if (Status inserted = store.insertApiKey(key.record, hashApiKey(key.key)); !inserted)
        return inserted.error();
    if (Status recorded = recordAudit(store, actor, u"create"_s, u"api_key"_s, key.record.id,
                                      QJsonValue::Null, apiKeyJson(key.record));
        !recorded)
        return recorded.error();
    return KeyDecision{Refusal::None, {}, key};
}

Result<bool> ensureApiKey(Store &store, const NewApiKey &key, const QString &actor)
{
    const QString hash = hashApiKey(key.key);
    auto existing = store.apiKeyByHash(hash);
    if (!existing)
        return existing.error();
    if (*existing)
        return false;
    if (Status inserted = store.insertApiKey(key.record, hash); !inserted)
        return inserted.error();
    if (Status recorded = recordAudit(store, actor, u"create"_s, u"api_key"_s, key.record.id,
                                      QJsonValue::Null, apiKeyJson(key.record));
        !recorded)
        return recorded.error();
    return true;
}

Status recordKeyUse(Store &store, const QString &keyId)
{
    return store.touchApiKey(keyId, Timestamp::now());
}

Result<Authentication> authenticate(Store &store, const QByteArray &headerValue)
{
    const QString key = QString::fromUtf8(headerValue).trimmed();
    if (key.isEmpty())
        return Error{u"missing API key: send it in the x-api-key header"_s, {}};
    // The lookup is by SHA-256 of the key, so comparing secrets never happens in a timing-sensitive way.
    auto record = store.apiKeyByHash(hashApiKey(key));
    if (!record)
        return record.error();
    if (!*record || (*record)->revokedAt)
        return Error{u"invalid API key"_s, {}};
    const Timestamp now = Timestamp::now();
    if ((*record)->expiresAt && *(*record)->expiresAt <= now)
        return Error{
            u"this API key expired at %1; ask an admin for a new one"_s.arg((*record)->expiresAt->toIso()),
            {}};
    const bool lastUseDue =
        !(*record)->lastUsedAt || now.micros() - (*record)->lastUsedAt->micros() > kTouchIntervalMicros;
    Principal principal{(*record)->id, (*record)->id, {}, (*record)->role, {}, (*record)->name};
    if (!(*record)->userId.isEmpty()) {
        auto user = store.userById((*record)->userId);
        if (!user)
            return user.error();
        if (!*user || (*user)->disabledAt)
            return Error{u"the user of this API key is disabled; ask an admin"_s, {}};
        principal.id = (*user)->id;
        principal.userId = (*user)->id;
        principal.role = (*user)->role;
        principal.name = (*user)->name;
    }
    if (principal.isReviewer()) {
        auto queues = store.queuesOfReviewer(principal.id);
        if (!queues)
            return queues.error();
        principal.queueIds = *queues;
    }
    return Authentication{principal, lastUseDue};
}

} // namespace assay::server
