// Datasets and their examples.

#include "store.h"

#include <QSqlQuery>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

Result<Dataset> datasetFromDoc(const QByteArray &bytes)
{
    auto d = datasetFromJson(decodeDoc(bytes));
    if (!d)
        return Error{u"stored dataset is unreadable: %1"_s.arg(d.error().toString()), {}};
    return *d;
}

Result<Example> exampleFromDoc(const QByteArray &bytes)
{
    auto e = exampleFromJson(decodeDoc(bytes));
    if (!e)
        return Error{u"stored example is unreadable: %1"_s.arg(e.error().toString()), {}};
    return *e;
}

} // namespace

Result<std::optional<Dataset>> Store::datasetById(const Uuid &id)
{
    return doc(u"SELECT doc FROM datasets WHERE id = ?"_s, {id.toString()}, datasetFromDoc);
}

Result<QList<Dataset>> Store::listDatasets(const ListQuery &query)
{
    QVariantList binds;
    const QString sql = u"SELECT doc FROM datasets WHERE 1 = 1"_s + listClauses(query, binds);
    return docs(sql, binds, datasetFromDoc);
}

Status Store::saveDataset(const Dataset &d)
{
    auto q = exec(u"INSERT INTO datasets (id, name, created_at, doc) VALUES (?, ?, ?, ?)"
                  " ON CONFLICT (id) DO UPDATE SET name = excluded.name, doc = excluded.doc"_s,
                  {d.id.toString(), d.name, d.createdAt.value_or(Timestamp::now()).micros(),
                   encodeDoc(datasetToJson(d, Uuid(), 0))});
    if (!q)
        return q.error();
    return Ok{};
}

Result<bool> Store::deleteDataset(const Uuid &id)
{
    if (auto examples = exec(u"DELETE FROM examples WHERE dataset_id = ?"_s, {id.toString()}); !examples)
        return examples.error();
    auto q = exec(u"DELETE FROM datasets WHERE id = ?"_s, {id.toString()});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

Result<qint64> Store::exampleCount(const Uuid &datasetId)
{
    return count(u"SELECT COUNT(*) FROM examples WHERE dataset_id = ?"_s, {datasetId.toString()});
}

Status Store::saveExamples(const QList<Example> &examples)
{
    // An answer is used once its run is an example: the queue's feedback freshness counts from then.
    QList<Uuid> sourceRuns;
    for (const Example &e : examples)
        if (e.sourceRunId)
            sourceRuns.append(*e.sourceRunId);
    if (auto marked = markAnswersUsed(sourceRuns, Timestamp::now()); !marked)
        return marked;
    return insertRows(
        u"INSERT INTO examples (id, dataset_id, created_at, source_run_id, doc) VALUES "_s, 5,
        examples.size(),
        [&](qsizetype i, QVariantList &binds) {
            const Example &e = examples.at(i);
            binds << e.id.toString() << e.datasetId.toString()
                  << e.createdAt.value_or(Timestamp::now()).micros()
                  << (e.sourceRunId ? QVariant(e.sourceRunId->toString())
                                    : QVariant(QMetaType(QMetaType::QString)))
                  << encodeDoc(exampleToJson(e));
        },
        u" ON CONFLICT (id) DO UPDATE SET dataset_id = excluded.dataset_id, source_run_id = "
        "excluded.source_run_id, doc = excluded.doc"_s);
}

Status Store::markAnswersUsed(const QList<Uuid> &runIds, const Timestamp &at)
{
    for (qsizetype i = 0; i < runIds.size(); i += 500) {
        QVariantList binds{at.micros()};
        const QString in = inList(runIds.mid(i, 500), binds);
        if (auto q = exec(u"UPDATE annotations SET used_at = ? WHERE used_at IS NULL AND run_id IN "_s + in,
                          binds);
            !q)
            return q.error();
    }
    return Ok{};
}

Result<std::optional<Example>> Store::exampleById(const Uuid &id)
{
    return doc(u"SELECT doc FROM examples WHERE id = ?"_s, {id.toString()}, exampleFromDoc);
}

Result<ListPage<Example>> Store::listExamples(const std::optional<Uuid> &datasetId, const QList<Uuid> &ids,
                                              const PageRequest &page)
{
    QString sql = u"SELECT doc, created_at, id FROM examples WHERE 1 = 1"_s;
    QVariantList binds;
    if (datasetId) {
        sql += u" AND dataset_id = ?"_s;
        binds << datasetId->toString();
    }
    if (!ids.isEmpty())
        sql += u" AND id IN "_s + inList(ids, binds);
    sql += pageClauses(u"created_at"_s, page, binds);
    return docsPage(sql, binds, exampleFromDoc);
}

Result<bool> Store::deleteExample(const Uuid &id)
{
    auto q = exec(u"DELETE FROM examples WHERE id = ?"_s, {id.toString()});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

} // namespace assay::server
