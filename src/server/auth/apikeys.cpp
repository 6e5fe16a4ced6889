#include "apikeys.h"

#include "http/httpmessage.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

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
    k.record.prefix = secret.left(12);
    k.record.name = name;
    k.record.role = role;
    k.record.createdAt = Timestamp::now();
    return k;
}

NewApiKey generateApiKey(const QString &name, const QString &role)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QString secret = u"assay_"_s;
    for (int i = 0; i < 40; ++i)
        secret += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(62)]);
    return apiKeyFromSecret(secret, name, role);
}

Status ensureApiKey(Store &store, const NewApiKey &key)
{
    const QString hash = hashApiKey(key.key);
    auto existing = store.apiKeyByHash(hash);
    if (!existing)
        return existing.error();
    if (*existing)
        return Ok{};
    return store.insertApiKey(key.record, hash);
}

Result<Principal> authenticate(Store &store, const QByteArray &headerValue)
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
    if (!(*record)->lastUsedAt || now.micros() - (*record)->lastUsedAt->micros() > kTouchIntervalMicros)
        if (auto touched = store.touchApiKey((*record)->id, now); !touched)
            return touched.error();
    Principal principal{(*record)->id, (*record)->role, {}};
    if (principal.isReviewer()) {
        auto queues = store.queuesOfReviewer(principal.keyId);
        if (!queues)
            return queues.error();
        principal.queueIds = *queues;
    }
    return principal;
}

} // namespace assay::server
