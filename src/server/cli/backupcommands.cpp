#include "backupcommands.h"

#include "storage/sqlitebackup.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

// The SQLite file the command works on, or the line to print.
Result<QString> sqlitePathOf(const Cli &cli, const QString &command)
{
    auto db = databaseOf(cli);
    if (!db)
        return db.error();
    if (db->dialect != Dialect::Sqlite)
        return Error{u"%1 is for SQLite; back up the %2 with pg_dump and restore it with pg_restore "
                     "(docs/operations.md, \"Backups\")"_s.arg(command, db->describe()),
                     {}};
    return db->path;
}

QString sizeText(qint64 bytes)
{
    return bytes >= 10 * 1024 * 1024 ? u"%1 MB"_s.arg(bytes / (1024 * 1024))
                                     : u"%1 KB"_s.arg((bytes + 1023) / 1024);
}

} // namespace

int backupCommand(const Cli &cli, QTextStream &out, QTextStream &err)
{
    const QString target = cli.parser.value(cli.to);
    if (target.isEmpty())
        return fail(err, u"backup needs --to FILE"_s);
    auto source = sqlitePathOf(cli, u"backup"_s);
    if (!source)
        return fail(err, source.error().message);
    auto copy = backupSqlite(*source, target, cli.parser.isSet(cli.replace));
    if (!copy)
        return fail(err, copy.error().message);
    out << "Backed up " << *source << " to " << target << " (" << sizeText(copy->bytes) << ", schema version "
        << copy->schemaVersion << ", checked).\n";
    return 0;
}

int restoreCommand(const Cli &cli, QTextStream &out, QTextStream &err)
{
    const QString backup = cli.parser.value(cli.from);
    if (backup.isEmpty())
        return fail(err, u"restore needs --from FILE"_s);
    auto target = sqlitePathOf(cli, u"restore"_s);
    if (!target)
        return fail(err, target.error().message);
    auto copy = restoreSqlite(backup, *target, cli.parser.isSet(cli.replace));
    if (!copy)
        return fail(err, copy.error().message);
    out << "Restored " << *target << " from " << backup << " (schema version " << copy->schemaVersion
        << "). Check it with `assay-server audit verify`, then start the server: it migrates the schema if "
           "the backup is older. Desktop apps notice the server went back and send their answers again.\n";
    return 0;
}

} // namespace assay::server
