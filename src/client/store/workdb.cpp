#include "workdb.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

const QString kAnswerColumns = u"doc, state, server_status, errors, flags, attempts, seq"_s;

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QStringList listOf(const QVariant &v)
{
    QStringList out;
    for (const QJsonValue &e : QJsonDocument::fromJson(v.toByteArray()).array())
        out.append(e.toString());
    return out;
}

QByteArray bytesOf(const QStringList &list)
{
    return QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact);
}

AnswerState stateOf(const QString &name)
{
    return name == u"sent"        ? AnswerState::Sent
           : name == u"attention" ? AnswerState::NeedsAttention
                                  : AnswerState::Unsent;
}

Result<LocalAnswer> answerFrom(const QSqlQuery &q)
{
    auto parsed = parseAnnotation(QJsonDocument::fromJson(q.value(0).toByteArray()).object());
    if (!parsed)
        return parsed.error();
    LocalAnswer a;
    a.annotation = *parsed;
    a.state = stateOf(q.value(1).toString());
    a.serverStatus = q.value(2).toString();
    a.errors = listOf(q.value(3));
    a.flags = listOf(q.value(4));
    a.attempts = q.value(5).toInt();
    a.localSeq = q.value(6).toLongLong();
    return a;
}

Result<QList<LocalAnswer>> answersFrom(Result<QSqlQuery *> q)
{
    if (!q)
        return q.error();
    QList<LocalAnswer> out;
    while ((*q)->next()) {
        auto a = answerFrom(**q);
        if (!a)
            return a.error();
        out.append(*a);
    }
    return out;
}

} // namespace

QString answerStateName(AnswerState state)
{
    switch (state) {
    case AnswerState::Unsent:
        return u"unsent"_s;
    case AnswerState::Sent:
        return u"sent"_s;
    case AnswerState::NeedsAttention:
        return u"attention"_s;
    }
    return {};
}

QList<LocalMigration> WorkDb::migrations()
{
    return {
        {1,
         "answers, drafts, facts",
         {
             "CREATE TABLE answers (id TEXT PRIMARY KEY, queue_id TEXT NOT NULL, run_id TEXT NOT NULL,"
             " submitted_at INTEGER NOT NULL, doc BLOB NOT NULL, state TEXT NOT NULL,"
             " server_status TEXT NOT NULL DEFAULT '', errors BLOB NOT NULL DEFAULT '[]',"
             " flags BLOB NOT NULL DEFAULT '[]', attempts INTEGER NOT NULL DEFAULT 0,"
             " seq INTEGER NOT NULL)",
             "CREATE INDEX answers_by_state ON answers (state, seq)",
             "CREATE INDEX answers_by_item ON answers (queue_id, run_id)",
             "CREATE TABLE drafts (queue_id TEXT NOT NULL, run_id TEXT NOT NULL, doc BLOB NOT NULL,"
             " updated_at INTEGER NOT NULL, PRIMARY KEY (queue_id, run_id))",
             "CREATE TABLE facts (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
         }},
    };
}

Status WorkDb::saveAnswer(const Annotation &a)
{
    return m_db.transaction([&]() -> Status {
        auto seq = m_db.scalar(u"SELECT coalesce(max(seq), 0) + 1 FROM answers"_s);
        if (!seq)
            return seq.error();
        auto saved = m_db.exec(u"INSERT INTO answers (id, queue_id, run_id, submitted_at, doc, state, seq)"
                               " VALUES (?, ?, ?, ?, ?, 'unsent', ?)"_s,
                               {a.id.toString(), a.queueId.toString(), a.runId.toString(),
                                a.submittedAt.micros(), compact(annotationToJson(a)), seq->toLongLong()});
        if (!saved)
            return saved.error();
        auto dropped = m_db.exec(u"DELETE FROM drafts WHERE queue_id = ? AND run_id = ?"_s,
                                 {a.queueId.toString(), a.runId.toString()});
        if (!dropped)
            return dropped.error();
        return Ok{};
    });
}

Result<QList<LocalAnswer>> WorkDb::outbox(int limit, qint64 afterSeq)
{
    return answersFrom(
        m_db.exec(u"SELECT "_s + kAnswerColumns +
                      u" FROM answers WHERE state = 'unsent' AND seq > ? ORDER BY seq LIMIT ?"_s,
                  {afterSeq, limit}));
}

Result<qint64> WorkDb::count(AnswerState state)
{
    auto n = m_db.scalar(u"SELECT count(*) FROM answers WHERE state = ?"_s, {answerStateName(state)});
    if (!n)
        return n.error();
    return n->toLongLong();
}

Status WorkDb::recordOutcomes(const QList<SubmitOutcome> &outcomes)
{
    return m_db.transaction([&]() -> Status {
        for (const SubmitOutcome &o : outcomes) {
            const bool rejected = o.status == AnswerStatus::Rejected;
            auto q = m_db.exec(u"UPDATE answers SET state = ?, server_status = ?, errors = ?, flags = ?,"
                               " attempts = attempts + 1 WHERE id = ? AND state = 'unsent'"_s,
                               {rejected ? u"attention"_s : u"sent"_s, answerStatusName(o.status),
                                bytesOf(o.errors), bytesOf(o.flags), o.id.toString()});
            if (!q)
                return q.error();
        }
        return Ok{};
    });
}

Result<QList<LocalAnswer>> WorkDb::needingAttention()
{
    return answersFrom(
        m_db.exec(u"SELECT "_s + kAnswerColumns + u" FROM answers WHERE state = 'attention' ORDER BY seq"_s));
}

Status WorkDb::resend(const Uuid &answerId, const QJsonObject &values, int rubricVersion)
{
    auto current = answer(answerId);
    if (!current)
        return current.error();
    if (!*current)
        return Error{u"answer %1 not found"_s.arg(answerId.toString()), {}};
    Annotation a = (*current)->annotation;
    a.values = values;
    a.rubricVersion = rubricVersion;
    // Rejected answers were never stored by the server, so the same id can carry the fixed values.
    auto q = m_db.exec(
        u"UPDATE answers SET doc = ?, state = 'unsent', errors = '[]' WHERE id = ? AND state = 'attention'"_s,
        {compact(annotationToJson(a)), answerId.toString()});
    if (!q)
        return q.error();
    if ((*q)->numRowsAffected() != 1)
        return Error{u"answer %1 does not need attention"_s.arg(answerId.toString()), {}};
    return Ok{};
}

Result<qint64> WorkDb::resendAllSent()
{
    auto q = m_db.exec(u"UPDATE answers SET state = 'unsent' WHERE state = 'sent'"_s);
    if (!q)
        return q.error();
    return qint64((*q)->numRowsAffected());
}

Status WorkDb::markUnsent(const QList<Uuid> &answerIds)
{
    return m_db.transaction([&]() -> Status {
        for (const Uuid &id : answerIds)
            if (auto q = m_db.exec(u"UPDATE answers SET state = 'unsent' WHERE id = ? AND state = 'sent'"_s,
                                   {id.toString()});
                !q)
                return q.error();
        return Ok{};
    });
}

Result<std::optional<LocalAnswer>> WorkDb::answer(const Uuid &id)
{
    auto list = answersFrom(
        m_db.exec(u"SELECT "_s + kAnswerColumns + u" FROM answers WHERE id = ?"_s, {id.toString()}));
    if (!list)
        return list.error();
    return list->isEmpty() ? std::nullopt : std::optional(list->first());
}

Result<std::optional<LocalAnswer>> WorkDb::latestAnswerFor(const Uuid &queueId, const Uuid &runId)
{
    auto list = answersFrom(m_db.exec(u"SELECT "_s + kAnswerColumns +
                                          u" FROM answers WHERE queue_id = ? AND run_id = ?"
                                          u" ORDER BY submitted_at DESC, seq DESC LIMIT 1"_s,
                                      {queueId.toString(), runId.toString()}));
    if (!list)
        return list.error();
    return list->isEmpty() ? std::nullopt : std::optional(list->first());
}

Result<QHash<Uuid, AnswerState>> WorkDb::latestStates(const Uuid &queueId)
{
    auto q = m_db.exec(u"SELECT run_id, state FROM answers WHERE queue_id = ? ORDER BY submitted_at, seq"_s,
                       {queueId.toString()});
    if (!q)
        return q.error();
    QHash<Uuid, AnswerState> latest;
    while ((*q)->next())
        if (auto run = Uuid::parse((*q)->value(0).toString()))
            latest.insert(*run, stateOf((*q)->value(1).toString())); // later rows replace earlier ones
    return latest;
}

Result<QSet<QString>> WorkDb::answeredAmong(const Uuid &queueId, const QStringList &runIds)
{
    QSet<QString> out;
    constexpr qsizetype kChunk = 400; // bound the statement's parameters
    for (qsizetype i = 0; i < runIds.size(); i += kChunk) {
        const QStringList chunk = runIds.mid(i, kChunk);
        QVariantList binds{queueId.toString()};
        for (const QString &id : chunk)
            binds.append(id);
        QStringList marks(chunk.size(), u"?"_s);
        auto ids =
            m_db.column(u"SELECT DISTINCT run_id FROM answers WHERE queue_id = ? AND run_id IN (%1)"_s.arg(
                            marks.join(u", "_s)),
                        binds);
        if (!ids)
            return ids.error();
        for (const QVariant &id : *ids)
            out.insert(id.toString());
    }
    return out;
}

Result<QHash<Uuid, Uuid>> WorkDb::sentAnswers(const Uuid &queueId)
{
    auto q = m_db.exec(u"SELECT id, run_id FROM answers WHERE queue_id = ? AND state = 'sent'"_s,
                       {queueId.toString()});
    if (!q)
        return q.error();
    QHash<Uuid, Uuid> out;
    while ((*q)->next()) {
        auto id = Uuid::parse((*q)->value(0).toString());
        auto run = Uuid::parse((*q)->value(1).toString());
        if (id && run)
            out.insert(*id, *run);
    }
    return out;
}

Result<QList<LocalAnswer>> WorkDb::allAnswers()
{
    return answersFrom(m_db.exec(u"SELECT "_s + kAnswerColumns + u" FROM answers ORDER BY seq"_s));
}

namespace {

Result<QHash<Uuid, int>> countsByQueue(Result<QSqlQuery *> q)
{
    if (!q)
        return q.error();
    QHash<Uuid, int> out;
    while ((*q)->next())
        if (auto id = Uuid::parse((*q)->value(0).toString()))
            out.insert(*id, (*q)->value(1).toInt());
    return out;
}

} // namespace

Result<QHash<Uuid, int>> WorkDb::itemsAnsweredSince(const Timestamp &since)
{
    return countsByQueue(m_db.exec(
        u"SELECT queue_id, count(DISTINCT run_id) FROM answers WHERE submitted_at >= ? GROUP BY queue_id"_s,
        {since.micros()}));
}

Result<QHash<Uuid, int>> WorkDb::countPerQueue(AnswerState state)
{
    return countsByQueue(
        m_db.exec(u"SELECT queue_id, count(*) FROM answers WHERE state = ? GROUP BY queue_id"_s,
                  {answerStateName(state)}));
}

Status WorkDb::saveDraft(const Uuid &queueId, const Uuid &runId, const QJsonObject &values)
{
    auto q =
        m_db.exec(u"INSERT OR REPLACE INTO drafts (queue_id, run_id, doc, updated_at) VALUES (?, ?, ?, ?)"_s,
                  {queueId.toString(), runId.toString(), compact(values), Timestamp::now().micros()});
    if (!q)
        return q.error();
    return Ok{};
}

Result<std::optional<QJsonObject>> WorkDb::draft(const Uuid &queueId, const Uuid &runId)
{
    auto doc = m_db.scalar(u"SELECT doc FROM drafts WHERE queue_id = ? AND run_id = ?"_s,
                           {queueId.toString(), runId.toString()});
    if (!doc)
        return doc.error();
    if (!doc->isValid())
        return std::optional<QJsonObject>();
    return std::optional(QJsonDocument::fromJson(doc->toByteArray()).object());
}

Status WorkDb::setFact(const QString &key, const QString &value)
{
    auto q = m_db.exec(u"INSERT OR REPLACE INTO facts (key, value) VALUES (?, ?)"_s, {key, value});
    if (!q)
        return q.error();
    return Ok{};
}

Result<QString> WorkDb::fact(const QString &key)
{
    auto v = m_db.scalar(u"SELECT value FROM facts WHERE key = ?"_s, {key});
    if (!v)
        return v.error();
    return v->toString();
}

} // namespace assay::client
