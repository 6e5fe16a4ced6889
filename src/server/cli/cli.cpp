#include "cli.h"

#include "services/queueservice.h"

#include <QFile>

namespace assay::server {

using namespace Qt::StringLiterals;

int fail(QTextStream &err, const QString &message)
{
    err << "assay-server: " << message.simplified() << '\n'; // one line, whatever the driver said
    err.flush();
    return 1;
}

Result<DatabaseUrl> databaseOf(const Cli &cli)
{
    const QString url = cli.setting("database"_L1);
    return url.isEmpty() ? DatabaseUrl::defaultLocation() : DatabaseUrl::parse(url);
}

Result<QByteArray> readSecretFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{u"cannot read %1 from %2: %3"_s.arg(what, path, file.errorString()), {}};
    return file.readAll().trimmed();
}

Result<QByteArray> auditKeyOf(const Cli &cli)
{
    const QString path = cli.setting("audit-hmac-key-file"_L1);
    if (path.isEmpty())
        return QByteArray();
    auto key = readSecretFile(path, u"the audit key"_s);
    if (key && key->size() < 32)
        return Error{
            u"the audit key in %1 is shorter than 32 bytes; make one with: openssl rand -base64 48"_s.arg(
                path),
            {}};
    return key;
}

Result<std::unique_ptr<Store>> openStore(const Cli &cli)
{
    auto db = databaseOf(cli);
    if (!db)
        return db.error();
    auto key = auditKeyOf(cli);
    if (!key)
        return key.error();
    auto store = Store::open(*db, u"assay-server-cli"_s);
    if (store)
        (*store)->setAuditKey(*key);
    return store;
}

Principal cliAdmin()
{
    Principal admin;
    admin.id = u"cli"_s;
    admin.role = u"admin"_s;
    return admin;
}

Result<Queue> queueNamed(Store &store, const QString &idOrName)
{
    auto found = QueueService(store, cliAdmin(), Uuid()).find(idOrName);
    if (!found)
        return found.error();
    if (!*found)
        return Error{u"annotation queue %1 not found"_s.arg(idOrName), {}};
    return **found;
}

} // namespace assay::server
