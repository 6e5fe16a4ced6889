#pragma once

// API keys: random, prefixed ("assay_" + 40 base62 characters), shown once, stored as SHA-256.

#include "http/httpmessage.h"
#include "storage/store.h"

namespace assay::server {

struct NewApiKey {
    QString key; // the secret: print it once, never store it
    ApiKeyRecord record;
};

QString hashApiKey(QStringView key);
NewApiKey generateApiKey(const QString &name, const QString &role);
// A key whose secret is known in advance (ASSAY_BOOTSTRAP_ADMIN_KEY, for tests and containers).
NewApiKey apiKeyFromSecret(const QString &secret, const QString &name, const QString &role);

// Creates the key in the store unless a key with the same secret exists.
Status ensureApiKey(Store &store, const NewApiKey &key);

// The principal for an x-api-key header value, or an error for a missing, unknown or revoked key.
Result<Principal> authenticate(Store &store, const QByteArray &headerValue);

} // namespace assay::server
