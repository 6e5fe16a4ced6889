// The side index that lets a run query's filter narrow in SQL (run_facets, migration 15): a run's tags,
// and its top-level metadata keys with their values as text and as numbers. Written with the run when
// its tags or metadata change; read by narrowingsSql for the conditions filter::Narrowing names.

#include "store.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <cmath>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kIdsPerStatement = 500;

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

Status Store::replaceRunFacets(const QList<Run> &runs)
{
    for (qsizetype start = 0; start < runs.size(); start += kIdsPerStatement) {
        QVariantList binds;
        QList<Uuid> ids;
        for (qsizetype i = start; i < std::min(runs.size(), start + kIdsPerStatement); ++i)
            ids.append(runs.at(i).id);
        if (auto q = exec(u"DELETE FROM run_facets WHERE run_id IN "_s + inList(ids, binds), binds); !q)
            return q.error();
    }
    return addRunFacets(runs);
}

Status Store::addRunFacets(const QList<Run> &runs)
{
    // SQLite: one prepared single-row statement, reused (Qt's driver binds by name, quadratic in a
    // statement's parameters, and there is no round trip to save). PostgreSQL: many rows per statement,
    // each statement being a round trip.
    const qsizetype perStatement = m_url.dialect == Dialect::Sqlite ? 1 : 200;
    QVariantList rows;
    qsizetype count = 0;
    const auto flush = [&]() -> Status {
        if (count == 0)
            return Ok{};
        QString sql = u"INSERT INTO run_facets (run_id, kind, key, text, num) VALUES (?, ?, ?, ?, ?)"_s;
        for (qsizetype i = 1; i < count; ++i)
            sql += u", (?, ?, ?, ?, ?)"_s;
        auto q = exec(sql, rows);
        rows.clear();
        count = 0;
        return q ? Status(Ok{}) : Status(q.error());
    };
    for (const Run &run : runs) {
        const QString id = run.id.toString();
        for (const RunFacet &f : runFacets(run)) {
            rows << id << f.kind << f.key << f.text << f.number;
            if (++count == perStatement)
                if (Status done = flush(); !done)
                    return done;
        }
    }
    return flush();
}

Result<qint64> Store::indexAllRunFacets()
{
    if (auto emptied = exec(u"DELETE FROM run_facets"_s, {}); !emptied)
        return emptied.error();
    qint64 indexed = 0;
    QString after = u""_s; // not a null string: that would bind as NULL
    for (;;) {
        auto page = docs(u"SELECT doc FROM runs WHERE id > ? ORDER BY id LIMIT 1000"_s, {after}, runFromDoc);
        if (!page)
            return page.error();
        if (page->isEmpty())
            return indexed;
        if (Status done = addRunFacets(*page); !done)
            return done.error();
        indexed += page->size();
        after = page->constLast().id.toString();
    }
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
        binds << n.key;
        return u"SELECT run_id FROM feedback WHERE key = ?"_s;
    }
    return {};
}

QString Store::narrowingsSql(const QList<filter::Narrowing> &narrowings, QVariantList &binds) const
{
    using K = filter::Narrowing::Kind;
    QString sql;
    for (const filter::Narrowing &n : narrowings) {
        if (n.kind == K::StartTime) {
            sql += u" AND COALESCE(start_time, 0) %1 ?"_s.arg(QLatin1StringView(sqlOp(n.op)));
            binds << n.micros;
        } else if (n.kind == K::RunType) {
            sql += u" AND run_type IN ("_s + placeholders(n.texts.size()) + u')';
            for (const QString &t : n.texts)
                binds << t;
        } else {
            sql += u" AND id IN ("_s + narrowingSubquery(n, binds) + u')';
        }
    }
    return sql;
}

} // namespace assay::server
