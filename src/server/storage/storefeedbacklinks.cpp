// Presigned feedback links (feedback_links): stored by the SHA-256 of their secret.

#include "store.h"

#include <QCryptographicHash>
#include <QSqlQuery>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

const QString kColumns = u"doc, secret_hash, max_uses, uses, revoked_at"_s;

QByteArray linkDoc(const FeedbackToken &t)
{
    return encodeDoc(QJsonObject{{"id"_L1, t.id.toString()},
                                 {"run_id"_L1, t.runId.toString()},
                                 {"feedback_key"_L1, t.feedbackKey},
                                 {"feedback_config"_L1, t.feedbackConfig},
                                 {"expires_at"_L1, t.expiresAt.toIso()},
                                 {"created_at"_L1, t.createdAt.toIso()},
                                 {"created_by"_L1, t.createdBy}});
}

Result<FeedbackToken> linkFromRow(const Statement &q)
{
    const QJsonObject o = decodeDoc(q.value(0).toByteArray());
    auto id = Uuid::parse(o.value("id"_L1).toString());
    auto run = Uuid::parse(o.value("run_id"_L1).toString());
    auto expires = Timestamp::fromJson(o.value("expires_at"_L1));
    auto created = Timestamp::fromJson(o.value("created_at"_L1));
    if (!id || !run || !expires || !created)
        return Error{u"stored feedback link is unreadable"_s, {}};
    FeedbackToken t;
    t.id = *id;
    t.runId = *run;
    t.feedbackKey = o.value("feedback_key"_L1).toString();
    t.feedbackConfig = o.value("feedback_config"_L1).toObject();
    t.expiresAt = *expires;
    t.createdAt = *created;
    t.createdBy = o.value("created_by"_L1).toString();
    t.secretHash = q.value(1).toString();
    t.maxUses = q.value(2).toLongLong();
    t.uses = q.value(3).toLongLong();
    if (!q.value(4).isNull())
        t.revokedAt = Timestamp::fromMicros(q.value(4).toLongLong());
    return t;
}

} // namespace

Status Store::saveFeedbackToken(const FeedbackToken &t)
{
    auto q = exec(u"INSERT INTO feedback_links (secret_hash, id, run_id, expires_at, max_uses, uses, doc)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
                  {t.secretHash, t.id.toString(), t.runId.toString(), t.expiresAt.micros(), t.maxUses, t.uses,
                   linkDoc(t)});
    if (!q)
        return q.error();
    return Ok{};
}

Result<std::optional<FeedbackToken>> Store::feedbackTokenWhere(const QString &column, const QString &value)
{
    auto q = exec(u"SELECT %1 FROM feedback_links WHERE %2 = ?"_s.arg(kColumns, column), {value});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<FeedbackToken>();
    auto t = linkFromRow(*q);
    if (!t)
        return t.error();
    return std::optional(*t);
}

Result<std::optional<FeedbackToken>> Store::feedbackTokenBySecretHash(const QString &secretHash)
{
    return feedbackTokenWhere(u"secret_hash"_s, secretHash);
}

Result<std::optional<FeedbackToken>> Store::feedbackTokenById(const Uuid &id)
{
    return feedbackTokenWhere(u"id"_s, id.toString());
}

Result<QList<FeedbackToken>> Store::feedbackTokensForRun(const Uuid &runId, qsizetype offset, qsizetype limit)
{
    auto q =
        exec(u"SELECT %1 FROM feedback_links WHERE run_id = ? ORDER BY expires_at, id LIMIT ? OFFSET ?"_s.arg(
                 kColumns),
             {runId.toString(), limit, offset});
    if (!q)
        return q.error();
    QList<FeedbackToken> out;
    while (q->next()) {
        auto t = linkFromRow(*q);
        if (!t)
            return t.error();
        out.append(*t);
    }
    return out;
}

Result<bool> Store::useFeedbackToken(const QString &secretHash, const Timestamp &now)
{
    auto q = exec(u"UPDATE feedback_links SET uses = uses + 1 WHERE secret_hash = ? AND revoked_at IS NULL"
                  " AND expires_at > ? AND (max_uses = 0 OR uses < max_uses)"_s,
                  {secretHash, now.micros()});
    if (!q)
        return q.error();
    return q->numRowsAffected() == 1;
}

Result<bool> Store::revokeFeedbackToken(const Uuid &id, const Timestamp &now)
{
    auto q = exec(u"UPDATE feedback_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"_s,
                  {now.micros(), id.toString()});
    if (!q)
        return q.error();
    return q->numRowsAffected() == 1;
}

Status Store::moveLegacyFeedbackTokens()
{
    auto q = exec(u"SELECT id, doc FROM feedback_tokens"_s, {});
    if (!q)
        return q.error();
    QList<FeedbackToken> moved;
    while (q->next()) {
        const QJsonObject o = decodeDoc(q->value(1).toByteArray());
        auto run = Uuid::parse(o.value("run_id"_L1).toString());
        auto expires = Timestamp::fromJson(o.value("expires_at"_L1));
        auto created = Timestamp::fromJson(o.value("created_at"_L1));
        if (!run || !expires || !created)
            continue; // unreadable: it could not have been used either
        FeedbackToken t;
        t.id = Uuid::v7();
        t.secretHash = QString::fromLatin1(
            QCryptographicHash::hash(q->value(0).toString().toUtf8(), QCryptographicHash::Sha256).toHex());
        t.runId = *run;
        t.feedbackKey = o.value("feedback_key"_L1).toString();
        t.feedbackConfig = o.value("feedback_config"_L1).toObject();
        t.expiresAt = *expires;
        t.createdAt = *created;
        t.maxUses = 0;
        moved.append(t);
    }
    if (moved.isEmpty())
        return Ok{};
    if (Status begun = begin(); !begun)
        return begun;
    for (const FeedbackToken &t : moved)
        if (Status saved = saveFeedbackToken(t); !saved) {
            rollback();
            return saved;
        }
    if (auto cleared = exec(u"DELETE FROM feedback_tokens"_s, {}); !cleared) {
        rollback();
        return cleared.error();
    }
    return commit();
}

} // namespace assay::server
