// Feedback rows and feedback configs.

#include "store.h"

#include "feedbackdoc.h"

#include <QSqlQuery>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

Result<Feedback> feedbackFromDoc(const QByteArray &bytes)
{
    auto fb = parseFeedbackCreate(decodeDoc(bytes));
    if (!fb)
        return Error{u"stored feedback is unreadable: %1"_s.arg(fb.error().toString()), {}};
    return *fb;
}

Result<StoredFeedbackConfig> configFromDoc(const QByteArray &bytes)
{
    const QJsonObject doc = decodeDoc(bytes);
    const QString key = doc.value("feedback_key"_L1).toString();
    const QJsonObject config = doc.value("feedback_config"_L1).toObject();
    auto field = parseFeedbackConfig(key, config);
    if (!field)
        return Error{u"stored feedback config %1 is unreadable: %2"_s.arg(key, field.error().toString()), {}};
    auto modified = Timestamp::fromJson(doc.value("modified_at"_L1));
    return StoredFeedbackConfig{*field, config, doc.value("is_lower_score_better"_L1).toBool(),
                                modified ? *modified : Timestamp()};
}

} // namespace

Status Store::saveFeedback(const Feedback &fb)
{
    const QString sql = u"INSERT INTO feedback (id, run_id, session_id, key, source_type, created_at, doc) "
                        u"VALUES (?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, session_id = "
                        "excluded.session_id, key = excluded.key,"
                        " source_type = excluded.source_type, doc = excluded.doc"_s;
    auto q = exec(
        sql,
        {fb.id.toString(),
         fb.runId ? QVariant(fb.runId->toString()) : QVariant(QMetaType(QMetaType::QString)),
         fb.sessionId ? QVariant(fb.sessionId->toString()) : QVariant(QMetaType(QMetaType::QString)), fb.key,
         fb.source.type, fb.createdAt.value_or(Timestamp::now()).micros(), storedFeedbackDoc(fb)});
    if (!q)
        return q.error();
    return Ok{};
}

Result<std::optional<Feedback>> Store::feedbackById(const Uuid &id)
{
    return doc(u"SELECT doc FROM feedback WHERE id = ?"_s, {id.toString()}, feedbackFromDoc);
}

Result<ListPage<Feedback>> Store::listFeedback(const FeedbackQuery &query)
{
    QString sql = u"SELECT doc, created_at, id FROM feedback WHERE 1 = 1"_s;
    QVariantList binds;
    if (!query.runs.isEmpty())
        sql += u" AND run_id IN "_s + inList(query.runs, binds);
    if (!query.sessions.isEmpty())
        sql += u" AND session_id IN "_s + inList(query.sessions, binds);
    if (!query.keys.isEmpty())
        sql += u" AND key IN "_s + inStrings(query.keys, binds);
    if (!query.sources.isEmpty())
        sql += u" AND source_type IN "_s + inStrings(query.sources, binds);
    sql += pageClauses(u"created_at"_s, query.page, binds);
    return docsPage(sql, binds, feedbackFromDoc);
}

Result<QHash<Uuid, QList<Feedback>>> Store::feedbackForRuns(const QList<Uuid> &runIds)
{
    QHash<Uuid, QList<Feedback>> out;
    for (qsizetype start = 0; start < runIds.size(); start += 500) {
        QVariantList binds;
        const QString sql = u"SELECT doc FROM feedback WHERE run_id IN "_s +
                            inList(runIds.mid(start, 500), binds) + u" ORDER BY created_at, id"_s;
        auto rows = docs(sql, binds, feedbackFromDoc);
        if (!rows)
            return rows.error();
        for (const Feedback &fb : *rows)
            out[*fb.runId].append(fb);
    }
    return out;
}

Result<bool> Store::deleteFeedback(const Uuid &id)
{
    auto q = exec(u"DELETE FROM feedback WHERE id = ?"_s, {id.toString()});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

Result<std::optional<StoredFeedbackConfig>> Store::feedbackConfig(const QString &key)
{
    return doc(u"SELECT doc FROM feedback_configs WHERE feedback_key = ? AND deleted = 0"_s, {key},
               configFromDoc);
}

Result<QList<StoredFeedbackConfig>> Store::listFeedbackConfigs(const QStringList &keys,
                                                               const QString &keyContains, qsizetype offset,
                                                               qsizetype limit)
{
    QString sql = u"SELECT doc FROM feedback_configs WHERE deleted = 0"_s;
    QVariantList binds;
    if (!keys.isEmpty())
        sql += u" AND feedback_key IN "_s + inStrings(keys, binds);
    if (!keyContains.isEmpty())
        sql += containsClause(u"feedback_key"_s, keyContains, binds);
    sql += u" ORDER BY feedback_key LIMIT ? OFFSET ?"_s;
    binds << limit << offset;
    return docs(sql, binds, configFromDoc);
}

Status Store::saveFeedbackConfig(const StoredFeedbackConfig &c)
{
    const QJsonObject doc{{"feedback_key"_L1, c.field.key},
                          {"feedback_config"_L1, c.config},
                          {"is_lower_score_better"_L1, c.lowerIsBetter},
                          {"modified_at"_L1, c.modifiedAt.toIso()}};
    auto q = exec(
        u"INSERT INTO feedback_configs (feedback_key, deleted, modified_at, doc) VALUES (?, 0, ?, ?)"
        " ON CONFLICT (feedback_key) DO UPDATE SET deleted = 0, modified_at = excluded.modified_at, doc = excluded.doc"_s,
        {c.field.key, c.modifiedAt.micros(), encodeDoc(doc)});
    if (!q)
        return q.error();
    return Ok{};
}

Result<bool> Store::deleteFeedbackConfig(const QString &key)
{
    auto q = exec(
        u"UPDATE feedback_configs SET deleted = 1, modified_at = ? WHERE feedback_key = ? AND deleted = 0"_s,
        {Timestamp::now().micros(), key});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

} // namespace assay::server
