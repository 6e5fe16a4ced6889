#pragma once

// A queue's health as GET /annotation-queues/{id}/health answers it (docs/health.md), read into types
// the Health page draws, and the sums the page does with it: the alarms to show, days of backlog per
// day, and the planner's what-if (another sampling rate for a rule → reviewer-hours a day).

#include "api/apiclient.h"
#include "core/result.h"
#include "core/uuid.h"

#include <QDate>
#include <QHash>

#include <functional>
#include <optional>

namespace assay::client {

struct HealthDay {
    QDate date;
    qint64 depth = 0;
    qint64 arrivals = 0;
    qint64 completions = 0;
};

struct HealthRule {
    QString id;
    QString name;
    double samplingRate = 1;
    double routedPerDay = 0;
};

struct HealthReviewer {
    QString id;
    QString name;
    qint64 today = 0, thisWeek = 0, total = 0, pending = 0;
    std::optional<double> medianSeconds;
    qint64 multiReviewItems = 0, oddOneOut = 0;
};

struct QueueHealthData {
    qint64 depth = 0;
    int reviewersNeeded = 1;
    std::optional<double> backlogDays;
    double completionsPerDay = 0;
    double alarmDays = 3;
    bool alarm = false;
    QString advice;
    std::optional<double> secondsPerAnswer, answersPerReviewerHour;
    double runsPerDay = 0, arrivalsPerDay = 0, routedPerDay = 0;
    std::optional<double> reviewerHoursPerDay;
    QList<HealthRule> rules;
    QList<HealthDay> days; // oldest first
    QList<HealthReviewer> reviewers;
    bool calibrationReminder = false;
    QString calibrationAdvice;
    std::optional<QDateTime> lastRoundAt;
    QString freshnessNote;
};

Result<QueueHealthData> parseQueueHealth(const QJsonObject &json);

// GET /annotation-queues/{id}/health, read.
void fetchQueueHealth(ApiClient &api, const Uuid &queueId, std::function<void(Result<QueueHealthData>)> done);

// The texts the page's banner shows: the backlog alarm, the calibration reminder, the freshness note.
QStringList healthAlarms(const QueueHealthData &health);

// Days of backlog at the end of each day: that day's depth ÷ the mean completions of the 7 days up to it
// (nothing when items were open and none was completed; 0 when none was open).
QList<std::optional<double>> backlogDaysPerDay(const QList<HealthDay> &days);

// The reviewer-hours a day the queue would need if each rule in `rates` (rule id → sampling rate) ran at
// that rate instead: its routed items a day scale by new ÷ current rate, the rest stays. Nothing without
// a measured time per answer.
std::optional<double> plannedReviewerHours(const QueueHealthData &health,
                                           const QHash<QString, double> &rates);

// What a draft rule would cost the queue, from its dry run over the last `evaluated` completed runs of
// which it would route `routed`: that share of the runs a day, and the reviewer-hours a day they need at
// the queue's measured time per answer (nothing when none is measured yet).
struct DraftRuleCost {
    double itemsPerDay = 0;
    std::optional<double> reviewerHoursPerDay;
};
DraftRuleCost draftRuleCost(const QueueHealthData &health, qint64 evaluated, qint64 routed);

} // namespace assay::client
