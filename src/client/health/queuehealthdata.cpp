#include "queuehealthdata.h"

#include "core/jsonfields.h"

#include <QJsonArray>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

qint64 integer(const QJsonObject &o, QLatin1StringView key)
{
    return qint64(o.value(key).toDouble());
}

} // namespace

Result<QueueHealthData> parseQueueHealth(const QJsonObject &json)
{
    if (!json.value("days"_L1).isArray() || !json.value("backlog"_L1).isObject())
        return Error{u"the server's answer is not a queue's health"_s, {}};
    QueueHealthData h;
    h.depth = integer(json, "depth"_L1);
    h.reviewersNeeded = json.value("reviewers_needed"_L1).toInt(1);
    const QJsonObject backlog = json.value("backlog"_L1).toObject();
    h.backlogDays = numberOrNothing(backlog.value("days"_L1));
    h.completionsPerDay = backlog.value("completions_per_day"_L1).toDouble();
    h.alarmDays = backlog.value("alarm_days"_L1).toDouble(3);
    h.alarm = backlog.value("alarm"_L1).toBool();
    h.advice = backlog.value("advice"_L1).toString();
    const QJsonObject throughput = json.value("throughput"_L1).toObject();
    h.secondsPerAnswer = numberOrNothing(throughput.value("seconds_per_answer"_L1));
    h.answersPerReviewerHour = numberOrNothing(throughput.value("answers_per_reviewer_hour"_L1));
    const QJsonObject planner = json.value("planner"_L1).toObject();
    h.runsPerDay = planner.value("runs_per_day"_L1).toDouble();
    h.arrivalsPerDay = planner.value("arrivals_per_day"_L1).toDouble();
    h.routedPerDay = planner.value("routed_per_day"_L1).toDouble();
    h.reviewerHoursPerDay = numberOrNothing(planner.value("reviewer_hours_per_day"_L1));
    for (const QJsonValue &v : planner.value("rules"_L1).toArray()) {
        const QJsonObject r = v.toObject();
        h.rules.append({r.value("id"_L1).toString(), r.value("name"_L1).toString(),
                        r.value("sampling_rate"_L1).toDouble(1), r.value("routed_per_day"_L1).toDouble()});
    }
    for (const QJsonValue &v : json.value("days"_L1).toArray()) {
        const QJsonObject d = v.toObject();
        h.days.append({QDate::fromString(d.value("date"_L1).toString(), Qt::ISODate), integer(d, "depth"_L1),
                       integer(d, "arrivals"_L1), integer(d, "completions"_L1)});
    }
    for (const QJsonValue &v : json.value("reviewers"_L1).toArray()) {
        const QJsonObject r = v.toObject();
        const QJsonObject odd = r.value("odd_one_out"_L1).toObject();
        h.reviewers.append({r.value("reviewer"_L1).toString(), r.value("name"_L1).toString(),
                            integer(r, "today"_L1), integer(r, "this_week"_L1), integer(r, "total"_L1),
                            integer(r, "pending"_L1), numberOrNothing(r.value("median_seconds"_L1)),
                            integer(odd, "multi_review_items"_L1), integer(odd, "times"_L1)});
    }
    const QJsonObject calibration = json.value("calibration"_L1).toObject();
    h.calibrationReminder = calibration.value("reminder"_L1).toBool();
    h.calibrationAdvice = calibration.value("advice"_L1).toString();
    if (calibration.value("last_round_at"_L1).isString())
        h.lastRoundAt =
            QDateTime::fromString(calibration.value("last_round_at"_L1).toString(), Qt::ISODateWithMs);
    h.freshnessNote = json.value("freshness"_L1).toObject().value("note"_L1).toString();
    return h;
}

void fetchQueueHealth(ApiClient &api, const Uuid &queueId, std::function<void(Result<QueueHealthData>)> done)
{
    api.get(u"/annotation-queues/%1/health"_s.arg(queueId.toString()), [done](const ApiReply &reply) {
        if (!reply.ok())
            done(Error{reply.message, {}});
        else
            done(parseQueueHealth(reply.body.toObject()));
    });
}

QStringList healthAlarms(const QueueHealthData &health)
{
    // The server words them (docs/health.md); the page shows them as they come.
    QStringList out;
    if (health.alarm && !health.advice.isEmpty())
        out.append(health.advice);
    if (health.calibrationReminder && !health.calibrationAdvice.isEmpty())
        out.append(health.calibrationAdvice);
    if (!health.freshnessNote.isEmpty())
        out.append(health.freshnessNote);
    return out;
}

QList<std::optional<double>> backlogDaysPerDay(const QList<HealthDay> &days)
{
    constexpr qsizetype kWeek = 7;
    QList<std::optional<double>> out;
    qint64 completedInWindow = 0;
    for (qsizetype i = 0; i < days.size(); ++i) {
        completedInWindow += days[i].completions;
        if (i >= kWeek)
            completedInWindow -= days[i - kWeek].completions;
        const double perDay = double(completedInWindow) / kWeek;
        if (days[i].depth == 0)
            out.append(0.0);
        else if (perDay > 0)
            out.append(days[i].depth / perDay);
        else
            out.append(std::nullopt);
    }
    return out;
}

std::optional<double> plannedReviewerHours(const QueueHealthData &health, const QHash<QString, double> &rates)
{
    if (!health.secondsPerAnswer)
        return std::nullopt;
    double arrivals = health.arrivalsPerDay;
    for (const HealthRule &rule : health.rules) {
        const auto rate = rates.constFind(rule.id);
        if (rate == rates.cend() || rule.samplingRate <= 0)
            continue;
        arrivals += rule.routedPerDay * (*rate / rule.samplingRate - 1);
    }
    return std::max(0.0, arrivals) * health.reviewersNeeded * *health.secondsPerAnswer / 3600;
}

DraftRuleCost draftRuleCost(const QueueHealthData &health, qint64 evaluated, qint64 routed)
{
    DraftRuleCost cost;
    if (evaluated > 0)
        cost.itemsPerDay = health.runsPerDay * double(routed) / double(evaluated);
    if (health.secondsPerAnswer)
        cost.reviewerHoursPerDay =
            cost.itemsPerDay * health.reviewersNeeded * *health.secondsPerAnswer / 3600;
    return cost;
}

} // namespace assay::client
