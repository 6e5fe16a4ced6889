// The side index that lets a run query's filter narrow in SQL (run_facets, migration 15): a
// run's tags, and its top-level metadata keys with their values as text and as numbers. Ingest queues a
// run with its rows (unindexed_runs) when its tags or metadata change; the facet indexer writes them in
// bulk (work/facetindexer.h says why); narrowingsSql reads both, so a queued run is always a candidate.

#include "store.h"

#include "core/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <cmath>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

QVariant nullDouble()
{
    return QVariant(QMetaType(QMetaType::Double));
}

// A value as the filter compares it with a number: numbers, bools as 0/1, text that spells a number.
// Infinite and NaN values are left out (neither database stores them the same way).
QVariant numberOf(const QJsonValue &v)
{
    double n = 0;
    bool ok = false;
    if (v.isDouble()) {
        n = v.toDouble();
        ok = true;
    } else if (v.isBool()) {
        n = v.toBool() ? 1 : 0;
        ok = true;
    } else if (v.isString()) {
        n = v.toString().toDouble(&ok);
    }
    return ok && std::isfinite(n) ? QVariant(n) : nullDouble();
}

const char *sqlOp(filter::CompareOp op)
{
    switch (op) {
    case filter::CompareOp::Gt:
        return ">";
    case filter::CompareOp::Gte:
        return ">=";
    case filter::CompareOp::Lt:
        return "<";
    case filter::CompareOp::Lte:
        return "<=";
    default:
        return "=";
    }
}

} // namespace

QList<RunFacet> runFacets(const Run &run)
{
    QList<RunFacet> out;
    QSet<QString> tags; // a tag listed twice is one row (the table's key is run, kind, key)
    for (const QString &tag : run.tags)
        if (!tags.contains(tag)) {
            tags.insert(tag);
            out.append({u"t"_s, tag, QVariant(QMetaType(QMetaType::QString)), nullDouble()});
        }
    const QJsonObject metadata = run.metadata();
    for (auto it = metadata.begin(); it != metadata.end(); ++it) {
        const QJsonValue v = it.value();
        out.append({u"m"_s, it.key(),
                    v.isString() ? QVariant(v.toString()) : QVariant(QMetaType(QMetaType::QString)),
                    numberOf(v)});
    }
    return out;
}

QByteArray encodeRunFacets(const QList<RunFacet> &facets)
{
    // Written directly (on ingest's path: building QJsonArrays cost a tenth of ingest's throughput).
    JsonWriter out;
    out.raw("[");
    for (qsizetype i = 0; i < facets.size(); ++i) {
        const RunFacet &f = facets.at(i);
        out.raw(i ? ",[" : "[");
        out.string(f.kind);
        out.raw(",");
        out.string(f.key);
        out.raw(",");
        if (f.text.isNull())
            out.raw("null");
        else
            out.string(f.text.toString());
        out.raw(",");
        out.value(f.number.isNull() ? QJsonValue() : QJsonValue(f.number.toDouble()));
        out.raw("]");
    }
    out.raw("]");
    return out.bytes();
}

Result<QList<RunFacet>> decodeRunFacets(const QByteArray &bytes)
{
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (!doc.isArray())
        return Error{u"a queued run's side index rows are not a JSON array"_s, {}};
    QList<RunFacet> out;
    for (const QJsonValue &row : doc.array()) {
        const QJsonArray r = row.toArray();
        out.append(
            {r.at(0).toString(), r.at(1).toString(),
             r.at(2).isString() ? QVariant(r.at(2).toString()) : QVariant(QMetaType(QMetaType::QString)),
             r.at(3).isDouble() ? QVariant(r.at(3).toDouble()) : nullDouble()});
    }
    return out;
}

Status Store::queueRunFacets(const QList<Run> &runs)
{
    return insertRows(
        u"INSERT INTO unindexed_runs (run_id, facets) VALUES "_s, 2, runs.size(),
        [&](qsizetype i, QVariantList &binds) {
            binds << runs.at(i).id.toString() << encodeRunFacets(runFacets(runs.at(i)));
        },
        u" ON CONFLICT (run_id) DO UPDATE SET facets = excluded.facets"_s);
}

Status Store::insertRows(const QString &insert, int columns, qsizetype rows,
                         const std::function<void(qsizetype, QVariantList &)> &bindRow, const QString &tail)
{
    // SQLite: one prepared row at a time (Qt's driver binds by name, quadratic in a statement's
    // parameters, and there is no round trip to save); PostgreSQL: many rows per round trip.
    const qsizetype perStatement = m_url.dialect == Dialect::Sqlite ? 1 : 200;
    const QString row = u'(' + placeholders(columns) + u')';
    for (qsizetype start = 0; start < rows; start += perStatement) {
        const qsizetype count = std::min(perStatement, rows - start);
        QString sql = insert;
        QVariantList binds;
        for (qsizetype i = start; i < start + count; ++i) {
            sql += i > start ? u", "_s + row : row;
            bindRow(i, binds);
        }
        if (auto q = exec(sql + tail, binds); !q)
            return q.error();
    }
    return Ok{};
}

Result<qsizetype> Store::indexQueuedRunFacets(qsizetype max)
{
    qsizetype indexed = 0;
    while (indexed < max) {
        auto chunk = indexQueuedRunFacetsChunk(std::min<qsizetype>(max - indexed, 500));
        if (!chunk)
            return chunk;
        if (*chunk == 0)
            break;
        indexed += *chunk;
    }
    return indexed;
}

Result<qsizetype> Store::indexQueuedRunFacetsChunk(qsizetype max)
{
    // Another server's indexer may hold some queued runs: PostgreSQL skips them rather than waiting.
    const QString lock = m_url.dialect == Dialect::Postgres ? u" FOR UPDATE SKIP LOCKED"_s : QString();
    auto q = exec(u"SELECT run_id, facets FROM unindexed_runs ORDER BY run_id LIMIT ?"_s + lock, {max});
    if (!q)
        return q.error();
    QList<Uuid> ids;
    QList<QByteArray> queued; // each run's encoded rows; none for runs a migration queued
    while (q->next()) {
        auto id = Uuid::parse(q->value(0).toString());
        if (!id)
            return id.error();
        ids.append(*id);
        queued.append(q->value(1).toByteArray());
    }
    q->finish();
    if (ids.isEmpty())
        return 0;
    // Each run's rows as queued, or from the run itself: for runs a migration queued without rows, and
    // for rows that do not decode (which would otherwise stop the indexer at that run for ever).
    std::vector<std::optional<QList<RunFacet>>> decoded(size_t(ids.size()));
    QList<Uuid> fromDocs;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (!queued.at(i).isEmpty())
            if (auto rows = decodeRunFacets(queued.at(i)))
                decoded[size_t(i)] = *rows;
        if (!decoded[size_t(i)])
            fromDocs.append(ids.at(i));
    }
    auto stored = runsByIds(fromDocs);
    if (!stored)
        return stored.error();
    QVariantList binds;
    const QString in = inList(ids, binds);
    if (auto emptied = exec(u"DELETE FROM run_facets WHERE run_id IN "_s + in, binds); !emptied)
        return emptied.error();
    QList<std::pair<QString, RunFacet>> rows;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        QList<RunFacet> facets;
        if (decoded[size_t(i)])
            facets = *decoded[size_t(i)];
        else if (const auto run = stored->constFind(ids.at(i)); run != stored->cend())
            facets = runFacets(*run); // (a run deleted since has nothing to index)
        for (const RunFacet &f : std::as_const(facets))
            rows.append({ids.at(i).toString(), f});
    }
    if (Status written = insertRunFacets(rows); !written)
        return written.error();
    if (auto dequeued = exec(u"DELETE FROM unindexed_runs WHERE run_id IN "_s + in, binds); !dequeued)
        return dequeued.error();
    return ids.size();
}

Status Store::insertRunFacets(const QList<std::pair<QString, RunFacet>> &rows)
{
    return insertRows(u"INSERT INTO run_facets (run_id, kind, key, text, num) VALUES "_s, 5, rows.size(),
                      [&](qsizetype i, QVariantList &binds) {
                          const auto &[runId, f] = rows.at(i);
                          binds << runId << f.kind << f.key << f.text << f.number;
                      });
}

Result<std::optional<qsizetype>> Store::selectiveNarrowing(const QList<filter::Narrowing> &narrowings,
                                                           qsizetype limit)
{
    for (qsizetype i = 0; i < narrowings.size(); ++i) {
        QVariantList binds;
        const QString subquery = narrowingSubquery(narrowings.at(i), binds);
        if (subquery.isEmpty())
            continue; // on the runs table's own columns
        binds << limit + 1;
        auto count = firstRow(u"SELECT COUNT(*) FROM (%1 LIMIT ?) probe"_s.arg(subquery), binds);
        if (!count)
            return count.error();
        if (!count->isEmpty() && count->at(0).toLongLong() <= limit)
            return std::optional(i);
    }
    return std::optional<qsizetype>();
}

QString Store::narrowingSubquery(const filter::Narrowing &n, QVariantList &binds) const
{
    using K = filter::Narrowing::Kind;
    if (n.kind == K::FeedbackKey) {
        binds << n.key;
        return u"SELECT run_id FROM feedback WHERE key = ?"_s;
    }
    if (n.kind == K::Text)
        return textSubquery(n.texts.constFirst(), binds); // with its own queue of runs not yet indexed
    const QString indexed = facetSubquery(n, binds);
    // Runs the indexer has not reached yet may match: they are candidates (the filter decides).
    return indexed.isEmpty() ? indexed : indexed + u" UNION ALL SELECT run_id FROM unindexed_runs"_s;
}

QString Store::facetSubquery(const filter::Narrowing &n, QVariantList &binds) const
{
    using K = filter::Narrowing::Kind;
    const QString metadata = u"SELECT run_id FROM run_facets WHERE kind = 'm' AND key = ?"_s;
    switch (n.kind) {
    case K::StartTime:
    case K::RunType:
        return {};
    case K::MetadataNumber:
        binds << n.key << n.numbers.constFirst();
        return metadata + u" AND num %1 ?"_s.arg(QLatin1StringView(sqlOp(n.op)));
    case K::MetadataEquals: {
        QStringList either;
        binds << n.key;
        if (!n.texts.isEmpty()) {
            either.append(u"text IN ("_s + placeholders(n.texts.size()) + u')');
            for (const QString &t : n.texts)
                binds << t;
        }
        if (!n.numbers.isEmpty()) {
            either.append(u"num IN ("_s + placeholders(n.numbers.size()) + u')');
            for (double d : n.numbers)
                binds << d;
        }
        return metadata + u" AND ("_s + either.join(u" OR "_s) + u')';
    }
    case K::MetadataKey:
        binds << n.key;
        return metadata;
    case K::Tag:
        for (const QString &t : n.texts)
            binds << t;
        return u"SELECT run_id FROM run_facets WHERE kind = 't' AND key IN ("_s +
               placeholders(n.texts.size()) + u')';
    case K::FeedbackKey:
    case K::Text:
        return {};
    }
    return {};
}

QString Store::narrowingsSql(const QList<filter::Narrowing> &narrowings, std::optional<qsizetype> driving,
                             QVariantList &binds) const
{
    using K = filter::Narrowing::Kind;
    QString sql;
    for (qsizetype i = 0; i < narrowings.size(); ++i) {
        const filter::Narrowing &n = narrowings.at(i);
        // A text search that matches many runs costs more to list whole (300,000 of a million runs for
        // "password": 1.2 s) than the scan takes to find a page of them: it narrows only when it leads.
        if (n.kind == K::Text && driving != i)
            continue;
        if (n.kind == K::StartTime) {
            sql += u" AND COALESCE(start_time, 0) %1 ?"_s.arg(QLatin1StringView(sqlOp(n.op)));
            binds << n.micros;
        } else if (n.kind == K::RunType) {
            sql += u" AND run_type IN ("_s + placeholders(n.texts.size()) + u')';
            for (const QString &t : n.texts)
                binds << t;
        } else if (const QString subquery = narrowingSubquery(n, binds); !subquery.isEmpty()) {
            sql += u" AND id IN ("_s + subquery + u')';
        }
    }
    return sql;
}

} // namespace assay::server
