#pragma once

// A routing rule: runs that match its filter (after deterministic sampling) go into its queue.

#include "result.h"
#include "timestamp.h"
#include "uuid.h"

#include <QJsonObject>

#include <optional>

namespace assay {

struct RoutingRule {
    Uuid id;
    QString name;
    Uuid queueId;
    QString filter; // either syntax of the filter language
    double samplingRate = 1.0;
    bool enabled = true;
    std::optional<Timestamp> backfillFrom;
    std::optional<Timestamp> createdAt;
    std::optional<Timestamp> updatedAt;

    friend bool operator==(const RoutingRule &, const RoutingRule &) = default;
};

// Create/update bodies. Accepts Assay's keys and LangSmith's rule names for them (display_name,
// add_to_annotation_queue_id, is_enabled). The filter is compiled to check it; a bad filter is an
// error whose `where` is "filter:<line>:<column>".
Result<RoutingRule> parseRoutingRule(const QJsonObject &body);
QJsonObject routingRuleToJson(const RoutingRule &rule);
// Storage: parseRoutingRule plus the timestamps.
Result<RoutingRule> routingRuleFromJson(const QJsonObject &json);

} // namespace assay
