#include "cli.h"

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

Result<std::unique_ptr<Store>> openStore(const Cli &cli)
{
    auto db = databaseOf(cli);
    if (!db)
        return db.error();
    return Store::open(*db, u"assay-server-cli"_s);
}

} // namespace assay::server
