#include "credentials.h"

#include <qt6keychain/keychain.h>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

QString keychainProblem(QKeychain::Error error, const QString &detail)
{
    switch (error) {
    case QKeychain::NoBackendAvailable:
        return u"no system keychain is available (%1)"_s.arg(detail);
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return u"the system keychain refused access (%1)"_s.arg(detail);
    default:
        return u"the system keychain failed (%1)"_s.arg(detail);
    }
}

} // namespace

CredentialStore::CredentialStore(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{
}

void CredentialStore::load(const QString &profile, std::function<void(const LoadedKey &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(profile);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        if (job->error() == QKeychain::NoError && !job->binaryData().isEmpty()) {
            done(LoadedKey{job->binaryData(), KeySource::Keychain, {}});
            return;
        }
        const QString note = job->error() == QKeychain::EntryNotFound
                                 ? u"no key is stored in the keychain for this profile"_s
                                 : keychainProblem(job->error(), job->errorString());
        const QByteArray fromEnv = qgetenv("ASSAY_API_KEY").trimmed();
        if (!fromEnv.isEmpty())
            done(LoadedKey{fromEnv, KeySource::Environment, note});
        else
            done(LoadedKey{std::nullopt, KeySource::Prompt, note});
    });
    job->start();
}

void CredentialStore::save(const QString &profile, const QByteArray &key,
                           std::function<void(bool, const QString &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(profile);
    job->setBinaryData(key);
    job->setInsecureFallback(false); // never a plain-text file behind the reviewer's back
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        if (job->error() == QKeychain::NoError)
            done(true, {});
        else
            done(false, keychainProblem(job->error(), job->errorString()) +
                            u"; the key is kept for this session only"_s);
    });
    job->start();
}

void CredentialStore::forget(const QString &profile, std::function<void(bool)> done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(profile);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        done(job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound);
    });
    job->start();
}

} // namespace assay::client
