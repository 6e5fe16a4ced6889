#include "routingrule.h"

#include "filter/compiledfilter.h"
#include "jsonfields.h"

namespace assay {

using namespace Qt::StringLiterals;

Result<RoutingRule> parseRoutingRule(const QJsonObject &body)
{
    JsonFields f(body);
    RoutingRule rule;
    if (auto id = f.uuid("id"_L1))
        rule.id = *id;
    const auto nameKey = f.has("display_name"_L1) && !f.has("name"_L1) ? "display_name"_L1 : "name"_L1;
    rule.name = f.string(nameKey, Need::Required).value_or(QString());
    if (!f.failed() && rule.name.trimmed().isEmpty())
        f.fail(nameKey, u"must not be empty"_s);
    const auto queueKey = f.has("add_to_annotation_queue_id"_L1) && !f.has("queue_id"_L1)
                              ? "add_to_annotation_queue_id"_L1
                              : "queue_id"_L1;
    rule.queueId = f.uuid(queueKey, Need::Required).value_or(Uuid());
    rule.filter = f.string("filter"_L1, Need::Required).value_or(QString());
    if (auto rate = f.number("sampling_rate"_L1)) {
        if (*rate < 0 || *rate > 1)
            f.fail("sampling_rate"_L1, u"must be between 0 and 1, got %1"_s.arg(*rate));
        else
            rule.samplingRate = *rate;
    }
    const auto enabledKey = f.has("is_enabled"_L1) && !f.has("enabled"_L1) ? "is_enabled"_L1 : "enabled"_L1;
    rule.enabled = f.boolean(enabledKey).value_or(true);
    rule.backfillFrom = f.timestamp("backfill_from"_L1);
    if (f.failed())
        return f.error();
    if (auto compiled = filter::CompiledFilter::compile(rule.filter); !compiled)
        return Error{compiled.error().message, u"filter:"_s + compiled.error().where};
    return rule;
}

Result<RoutingRule> routingRuleFromJson(const QJsonObject &json)
{
    auto rule = parseRoutingRule(json);
    if (!rule)
        return rule.error();
    JsonFields f(json);
    rule->createdAt = f.timestamp("created_at"_L1);
    rule->updatedAt = f.timestamp("updated_at"_L1);
    if (f.failed())
        return f.error();
    return rule;
}

QJsonObject routingRuleToJson(const RoutingRule &rule)
{
    return QJsonObject{
        {"id"_L1, rule.id.toString()},
        {"name"_L1, rule.name},
        {"queue_id"_L1, rule.queueId.toString()},
        {"filter"_L1, rule.filter},
        {"sampling_rate"_L1, rule.samplingRate},
        {"enabled"_L1, rule.enabled},
        {"backfill_from"_L1, jsonOrNull(rule.backfillFrom)},
        {"created_at"_L1, jsonOrNull(rule.createdAt)},
        {"updated_at"_L1, jsonOrNull(rule.updatedAt)},
    };
}

} // namespace assay
