#include "cli.h"

#include "audit/auditlog.h"

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
    const QString url = cli.valueOrEnv(cli.database, "ASSAY_DATABASE_URL");
    return url.isEmpty() ? DatabaseUrl::defaultLocation() : DatabaseUrl::parse(url);
}

Result<QByteArray> auditKeyOf(const Cli &cli)
{
    const QString path = cli.valueOrEnv(cli.auditKeyFile, "ASSAY_AUDIT_HMAC_KEY_FILE");
    if (path.isEmpty())
        return QByteArray();
    return readAuditKey(path);
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

} // namespace assay::server
