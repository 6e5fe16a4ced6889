#pragma once

// API keys: random, prefixed ("assay_" + 40 base62 characters), shown once, stored as SHA-256.

#include "http/httpmessage.h"
#include "refusal.h"
#include "storage/store.h"

#include <QJsonObject>

#include <optional>

namespace assay::server {

struct NewApiKey {
    QString key; // the secret: print it once, never store it
    ApiKeyRecord record;
};

QString hashApiKey(QStringView key);
NewApiKey generateApiKey(const QString &name, const QString &role);
// A key whose secret is known in advance (ASSAY_BOOTSTRAP_ADMIN_KEY, for tests and containers).
NewApiKey apiKeyFromSecret(const QString &secret, const QString &name, const QString &role);
// What listings show of a secret: the "assay_" marker and 4 characters of a generated key (4 of 40), or
// the first tenth of any other secret, so a prefix never gives away more than a small part of a key.
QString visiblePrefixOf(const QString &secret);
// Why a secret chosen by hand cannot be a bootstrap admin key (at least 32 characters, at least 12 of
// them different), or nothing when it can.
std::optional<QString> weakBootstrapKey(const QString &secret);

// What an admin asks for: a key for a user (it acts with the user's role) or a service key with a role.
struct KeyDraft {
    QString name;
    std::optional<QString> role; // required for a service key; for a user's key, omitted or the user's
    QString user;                // a user's id or name; empty for a service key
    std::optional<Timestamp> expiresAt;
};

QJsonObject apiKeyJson(const ApiKeyRecord &key); // never the secret

// Validates, creates and audits a key, for the admin REST route and the `keys` CLI alike. Refusals
// name the field ("name", "role", "user_id", "expires_at"). Runs in the caller's transaction.
Result<Decision<NewApiKey>> createApiKey(Store &store, const QString &actor, const KeyDraft &draft);

// Creates the key in the store unless a key with the same secret exists; a new key is audited as made by
// `actor`. Says whether it was created.
Result<bool> ensureApiKey(Store &store, const NewApiKey &key, const QString &actor);

// The principal for an x-api-key header value, or an error for a missing, unknown, revoked or expired
// key, or a key whose user is disabled. A user's key acts as the user: the principal id is the user's.
// It only reads (read workers call it): `lastUseDue` says the key's recorded last use is over a minute
// old, for the caller to record with recordKeyUse on the write worker.
struct Authentication {
    Principal principal;
    bool lastUseDue = false;
};
Result<Authentication> authenticate(Store &store, const QByteArray &headerValue);
Status recordKeyUse(Store &store, const QString &keyId);

} // namespace assay::server
