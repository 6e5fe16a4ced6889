#pragma once

// Where a profile's API key lives: the system keychain (a Secret Service, through QtKeychain) when one is
// there; otherwise $ASSAY_API_KEY, or the app asks for it each session. Never a silent plain-text file:
// QtKeychain's insecure fallback stays off, and when no keychain can store the key the caller is told so.

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace assay::client {

enum class KeySource {
    Keychain,    // stored in the system keychain
    Environment, // $ASSAY_API_KEY
    Prompt,      // nowhere: ask the reviewer (and keep it for this session only)
};

struct LoadedKey {
    std::optional<QByteArray> key;
    KeySource source = KeySource::Prompt;
    QString note; // why the keychain was not used, in words for the reviewer
};

class CredentialStore : public QObject {
    Q_OBJECT
public:
    explicit CredentialStore(QString service = QStringLiteral("assay"), QObject *parent = nullptr);

    // The key for a profile (e.g. "https://review.example.com alice"), from the first place that has one.
    void load(const QString &profile, std::function<void(const LoadedKey &)> done);
    // Stores the key in the keychain; `stored` is false (with why) when there is no keychain to store it
    // in: the app then keeps it in memory for this session and says so.
    void save(const QString &profile, const QByteArray &key,
              std::function<void(bool stored, const QString &why)> done);
    void forget(const QString &profile, std::function<void(bool forgotten)> done);

private:
    QString m_service;
};

} // namespace assay::client
