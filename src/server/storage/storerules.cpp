// Routing rules, their counters, what each rule routed, and backfill jobs.

#include "store.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kKeptErrors = 10;

Result<RoutingRule> ruleFromDoc(const QByteArray &bytes)
{
    auto rule = routingRuleFromJson(decodeDoc(bytes));
    if (!rule)
        return Error{u"stored routing rule is unreadable: %1"_s.arg(rule.error().toString()), {}};
    return *rule;
}

Result<RuleJob> jobFromDoc(const QByteArray &bytes)
{
    const QJsonObject o = decodeDoc(bytes);
    auto id = Uuid::parse(o.value("id"_L1).toString());
    auto rule = Uuid::parse(o.value("rule_id"_L1).toString());
    auto since = Timestamp::fromJson(o.value("since"_L1));
    auto created = Timestamp::fromJson(o.value("created_at"_L1));
    if (!id || !rule || !since || !created)
        return Error{u"stored rule job is unreadable"_s, {}};
    RuleJob j;
    j.id = *id;
    j.ruleId = *rule;
    j.since = *since;
    j.status = o.value("status"_L1).toString();
    j.total = qint64(o.value("total"_L1).toDouble());
    j.processed = qint64(o.value("processed"_L1).toDouble());
    j.added = qint64(o.value("added"_L1).toDouble());
    j.error = o.value("error"_L1).toString();
    j.createdAt = *created;
    if (auto finished = Timestamp::fromJson(o.value("finished_at"_L1)))
        j.finishedAt = *finished;
    return j;
}

} // namespace

QJsonObject ruleJobToJson(const RuleJob &j)
{
    return QJsonObject{
        {"id"_L1, j.id.toString()},
        {"rule_id"_L1, j.ruleId.toString()},
        {"since"_L1, j.since.toIso()},
        {"status"_L1, j.status},
        {"total"_L1, double(j.total)},
        {"processed"_L1, double(j.processed)},
        {"added"_L1, double(j.added)},
        {"error"_L1, j.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(j.error)},
        {"created_at"_L1, j.createdAt.toIso()},
        {"finished_at"_L1, j.finishedAt ? j.finishedAt->toJson() : QJsonValue(QJsonValue::Null)}};
}

Result<QList<RoutingRule>> Store::listRules(bool enabledOnly)
{
    return docs(enabledOnly ? u"SELECT doc FROM routing_rules WHERE enabled = 1 ORDER BY id"_s
                            : u"SELECT doc FROM routing_rules ORDER BY id"_s,
                {}, ruleFromDoc);
}

Result<std::optional<RoutingRule>> Store::ruleById(const Uuid &id)
{
    return doc(u"SELECT doc FROM routing_rules WHERE id = ?"_s, {id.toString()}, ruleFromDoc);
}

Status Store::saveRule(const RoutingRule &rule)
{
    auto q = exec(u"INSERT INTO routing_rules (id, queue_id, enabled, updated_at, doc) VALUES (?, ?, ?, ?, ?)"
                  " ON CONFLICT (id) DO UPDATE SET queue_id = excluded.queue_id, enabled = excluded.enabled,"
                  " updated_at = excluded.updated_at, doc = excluded.doc"_s,
                  {rule.id.toString(), rule.queueId.toString(), rule.enabled ? 1 : 0,
                   rule.updatedAt.value_or(Timestamp::now()).micros(), encodeDoc(routingRuleToJson(rule))});
    if (!q)
        return q.error();
    return Ok{};
}

Result<bool> Store::deleteRule(const Uuid &id)
{
    if (auto stats = exec(u"DELETE FROM rule_stats WHERE rule_id = ?"_s, {id.toString()}); !stats)
        return stats.error();
    auto q = exec(u"DELETE FROM routing_rules WHERE id = ?"_s, {id.toString()});
    if (!q)
        return q.error();
    return q->numRowsAffected() > 0;
}

Status Store::deleteRulesOfQueue(const Uuid &queueId)
{
    auto rules =
        docs(u"SELECT doc FROM routing_rules WHERE queue_id = ?"_s, {queueId.toString()}, ruleFromDoc);
    if (!rules)
        return rules.error();
    for (const RoutingRule &r : *rules)
        if (auto deleted = deleteRule(r.id); !deleted)
            return deleted.error();
    return Ok{};
}

Result<QString> Store::rulesFingerprint()
{
    auto row = firstRow(u"SELECT COUNT(*), MAX(updated_at) FROM routing_rules"_s);
    if (!row)
        return row.error();
    return row->isEmpty() ? QString() : row->at(0).toString() + u'/' + row->at(1).toString();
}

Result<RuleStats> Store::ruleStats(const Uuid &ruleId)
{
    auto row = firstRow(
        u"SELECT evaluated, matched, sampled_in, added, last_errors FROM rule_stats WHERE rule_id = ?"_s,
        {ruleId.toString()});
    if (!row)
        return row.error();
    RuleStats s;
    if (!row->isEmpty()) {
        s.evaluated = row->at(0).toLongLong();
        s.matched = row->at(1).toLongLong();
        s.sampledIn = row->at(2).toLongLong();
        s.added = row->at(3).toLongLong();
        for (const QJsonValue &e : QJsonDocument::fromJson(row->at(4).toByteArray()).array())
            s.lastErrors.append(e.toString());
    }
    return s;
}

Status Store::addRuleStats(const Uuid &ruleId, const RuleStats &delta)
{
    QStringList errors = delta.lastErrors;
    if (!errors.isEmpty()) {
        auto current = ruleStats(ruleId);
        if (!current)
            return current.error();
        errors += current->lastErrors;
        errors = errors.mid(0, kKeptErrors);
    }
    const QVariant errorsDoc =
        errors.isEmpty()
            ? QVariant(QMetaType(QMetaType::QByteArray))
            : QVariant(QJsonDocument(QJsonArray::fromStringList(errors)).toJson(QJsonDocument::Compact));
    auto q =
        exec(u"INSERT INTO rule_stats (rule_id, evaluated, matched, sampled_in, added, last_errors) VALUES "
             u"(?, ?, ?, ?, ?, ?)"
             " ON CONFLICT (rule_id) DO UPDATE SET evaluated = rule_stats.evaluated + excluded.evaluated,"
             " matched = rule_stats.matched + excluded.matched, sampled_in = rule_stats.sampled_in + "
             "excluded.sampled_in,"
             " added = rule_stats.added + excluded.added,"
             " last_errors = COALESCE(excluded.last_errors, rule_stats.last_errors)"_s,
             {ruleId.toString(), delta.evaluated, delta.matched, delta.sampledIn, delta.added, errorsDoc});
    if (!q)
        return q.error();
    return Ok{};
}

Status Store::saveRuleJob(const RuleJob &job)
{
    auto q = exec(
        u"INSERT INTO rule_jobs (id, rule_id, created_at, doc) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET doc = excluded.doc"_s,
        {job.id.toString(), job.ruleId.toString(), job.createdAt.micros(), encodeDoc(ruleJobToJson(job))});
    if (!q)
        return q.error();
    return Ok{};
}

Result<std::optional<RuleJob>> Store::ruleJob(const Uuid &id)
{
    return doc(u"SELECT doc FROM rule_jobs WHERE id = ?"_s, {id.toString()}, jobFromDoc);
}

Result<QList<Run>> Store::runsSince(const Timestamp &since, qsizetype offset, qsizetype limit)
{
    RunQuery q;
    q.startTimeFrom = since;
    q.ascending = true;
    q.offset = offset;
    q.limit = limit;
    return queryRuns(q);
}

Result<qint64> Store::countRunsSince(const Timestamp &since)
{
    // The position index answers it (start_time alone is not indexed).
    return count(u"SELECT COUNT(*) FROM runs WHERE COALESCE(start_time, 0) >= ? AND start_time >= ?"_s,
                 {since.micros(), since.micros()});
}

} // namespace assay::server
