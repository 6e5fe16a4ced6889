#include "exportcommand.h"

#include "audit/auditlog.h"
#include "services/queueexport.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace assay::server {

using namespace Qt::StringLiterals;

int exportCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.size() < 2)
        return fail(err, u"export needs a queue: its id or exact name"_s);
    QHash<QString, QJsonValue> options;
    for (const QString &arg : args.mid(2)) {
        const qsizetype eq = arg.indexOf(u'=');
        if (eq <= 0)
            return fail(err,
                        u"export options are NAME=VALUE (format=openai, \"where=overall_quality = good\"), "
                        u"not '%1'"_s.arg(arg));
        options.insert(arg.left(eq), arg.mid(eq + 1));
    }
    auto request = parseExportRequest(options);
    if (!request)
        return fail(err, request.error().where + u": "_s + request.error().message);
    auto store = openStore(cli);
    if (!store)
        return fail(err, store.error().message);
    auto queue = queueNamed(**store, args.value(1));
    if (!queue)
        return fail(err, queue.error().message);
    auto opened = QueueExport::open(**store, *queue, *request);
    if (!opened)
        return fail(err, opened.error().message);
    if (!opened->done())
        return fail(err, opened->error.where + u": "_s + opened->error.message);
    QueueExport &e = *opened->value;

    const QString path = cli.parser.value(cli.out);
    QSaveFile file(path);
    if (!path.isEmpty() && !file.open(QIODevice::WriteOnly))
        return fail(err, u"cannot write %1: %2"_s.arg(path, file.errorString()));
    QFile stdoutFile;
    if (path.isEmpty()) {
        out.flush();
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
            return fail(err, u"cannot write to stdout"_s);
    }
    QIODevice &sink = path.isEmpty() ? static_cast<QIODevice &>(stdoutFile) : file;
    sink.write(e.preamble());
    for (;;) {
        // A read transaction per piece, as the server reads it; the answers that went out are marked used.
        if (auto begun = (*store)->begin(); !begun)
            return fail(err, begun.error().message);
        auto piece = e.next(**store);
        (*store)->rollback();
        if (!piece)
            return fail(err, piece.error().message); // the file is never renamed into place
        if (sink.write(piece->bytes) != piece->bytes.size())
            return fail(
                err, u"cannot write %1: %2"_s.arg(path.isEmpty() ? u"stdout"_s : path, sink.errorString()));
        if (!piece->exportedRuns.isEmpty()) {
            const bool marked = (*store)->begin() &&
                                (*store)->markAnswersUsed(piece->exportedRuns, Timestamp::now()) &&
                                (*store)->commit();
            if (!marked)
                return fail(err, u"cannot mark the exported answers used"_s);
        }
        if (piece->last)
            break;
    }
    if (!path.isEmpty() && !file.commit())
        return fail(err, u"cannot write %1: %2"_s.arg(path, file.errorString()));
    if (stdoutFile.isOpen())
        stdoutFile.flush();
    const QJsonObject what{{"format"_L1, exportFormatName(e.request().format)},
                           {"where"_L1, e.request().where.value_or(QString())},
                           {"snapshot"_L1, QString::number(e.snapshot().micros())}};
    if (auto begun = (*store)->begin(); begun) {
        if (recordAudit(**store, u"cli"_s, u"export"_s, e.exportedKind(), e.exportedId().toString(),
                        QJsonValue(), what))
            (void)(*store)->commit();
        else
            (*store)->rollback();
    }
    const QJsonObject summary = exportSummaryToJson(e.summary(), e.request(), e.snapshot());
    if (cli.parser.isSet(cli.json) && !path.isEmpty()) {
        out << QJsonDocument(summary).toJson(QJsonDocument::Indented);
        return 0;
    }
    err << "exported " << e.summary().records << " records of " << e.summary().itemsScanned << " items ("
        << e.summary().notQualifying << " did not qualify, " << e.summary().unreadableCount
        << " could not be read)" << (path.isEmpty() ? QString() : u" to "_s + path) << '\n';
    for (const ExportSummary::Unreadable &u : e.summary().unreadable)
        err << "  unreadable: run " << u.runId.toString() << ": " << u.reason << '\n';
    return 0;
}

} // namespace assay::server
