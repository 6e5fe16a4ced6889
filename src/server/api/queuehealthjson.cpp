#include "queuehealthjson.h"

#include "core/jsonfields.h"

#include <QDate>
#include <QJsonArray>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

QString isoDay(qint64 day)
{
    return QDate(1970, 1, 1).addDays(day).toString(Qt::ISODate);
}

} // namespace

QJsonObject healthToJson(const Queue &queue, const QueueHealth &h)
{
    QJsonArray days;
    for (const DayHealth &d : h.days) {
        QJsonObject bySource;
        for (auto it = d.arrivalsBySource.cbegin(); it != d.arrivalsBySource.cend(); ++it)
            bySource.insert(it.key(), it.value());
        days.append(QJsonObject{{"date"_L1, isoDay(d.day)},
                                {"depth"_L1, d.depth},
                                {"arrivals"_L1, d.arrivals},
                                {"arrivals_by_source"_L1, bySource},
                                {"completions"_L1, d.completions}});
    }
    QJsonArray rules;
    for (const RuleTraffic &r : h.rules)
        rules.append(QJsonObject{{"id"_L1, r.id.toString()},
                                 {"name"_L1, r.name},
                                 {"sampling_rate"_L1, r.samplingRate},
                                 {"routed_per_day"_L1, r.routedPerDay}});
    QJsonArray reviewers;
    for (const ReviewerHealth &r : h.reviewers)
        reviewers.append(QJsonObject{
            {"reviewer"_L1, r.reviewer},
            {"name"_L1, r.name},
            {"today"_L1, r.today},
            {"this_week"_L1, r.thisWeek},
            {"total"_L1, r.total},
            {"pending"_L1, r.pending},
            {"median_seconds"_L1, jsonOrNull(r.medianSeconds)},
            {"odd_one_out"_L1,
             QJsonObject{{"multi_review_items"_L1, r.multiReviewItems},
                         {"times"_L1, r.oddOneOut},
                         {"rate"_L1, r.multiReviewItems ? QJsonValue(double(r.oddOneOut) / r.multiReviewItems)
                                                        : QJsonValue(QJsonValue::Null)}}}});
    return QJsonObject{
        {"queue_id"_L1, queue.id.toString()},
        {"depth"_L1, h.depth},
        {"reviewers_needed"_L1, qint64(h.reviewersNeeded)},
        {"backlog"_L1, QJsonObject{{"days"_L1, jsonOrNull(h.backlogDays)},
                                   {"completions_per_day"_L1, h.completionsPerDay},
                                   {"alarm_days"_L1, h.alarmDays},
                                   {"alarm"_L1, h.alarm},
                                   {"advice"_L1, textOrNull(h.advice)}}},
        {"throughput"_L1,
         QJsonObject{{"seconds_per_answer"_L1, jsonOrNull(h.secondsPerAnswer)},
                     {"answers_per_reviewer_hour"_L1, jsonOrNull(h.answersPerReviewerHour)}}},
        {"planner"_L1, QJsonObject{{"runs_per_day"_L1, h.runsPerDay},
                                   {"arrivals_per_day"_L1, h.arrivalsPerDay},
                                   {"routed_per_day"_L1, h.routedPerDay},
                                   {"reviewer_hours_per_day"_L1, jsonOrNull(h.reviewerHoursPerDay)},
                                   {"rules"_L1, rules}}},
        {"days"_L1, days},
        {"reviewers"_L1, reviewers},
        {"freshness"_L1, QJsonObject{{"oldest_unused_at"_L1, jsonOrNull(h.freshness.oldestUnusedAt)},
                                     {"oldest_unused_days"_L1, jsonOrNull(h.freshness.oldestUnusedDays)},
                                     {"last_used_at"_L1, jsonOrNull(h.freshness.lastUsedAt)},
                                     {"note"_L1, textOrNull(h.freshness.note)}}},
        {"calibration"_L1, QJsonObject{{"last_round_at"_L1, jsonOrNull(h.calibration.lastRoundAt)},
                                       {"open_round"_L1, jsonOrNull(h.calibration.openRound)},
                                       {"reminder"_L1, h.calibration.reminder},
                                       {"advice"_L1, textOrNull(h.calibration.advice)}}},
    };
}

} // namespace assay::server
