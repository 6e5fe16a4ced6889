#pragma once

// A queue's health, computed from what the server stores (queue_flow's counts per day, the items'
// counts of reviewers, the answers and leases): its backlog in days of throughput with the seed's alarm,
// its traffic per day for 90 days, what reviewing it costs in reviewer-hours, and each reviewer's
// progress. docs/health.md gives the definitions. Nothing here knows HTTP.

#include "storage/store.h"

#include <QMap>

namespace assay::server {

struct DayHealth {
    qint64 day = 0;                         // days since 1970-01-01, UTC
    qint64 depth = 0;                       // open items at the end of the day
    qint64 arrivals = 0;                    // items added that day
    QMap<QString, qint64> arrivalsBySource; // "rule:<id>", "user", "sdk"
    qint64 completions = 0;
};

struct ReviewerHealth {
    QString reviewer; // the user's (or key's) id
    QString name;
    qint64 today = 0;
    qint64 thisWeek = 0; // since Monday, UTC
    qint64 total = 0;
    qint64 pending = 0; // items held in live leases
    std::optional<double> medianSeconds;
    // Of the newest items answered by three reviewers or more (kOddOneOutItems at most), how many they
    // answered and on how many they stood alone against all the others.
    qint64 multiReviewItems = 0;
    qint64 oddOneOut = 0;
};

// When the queue last calibrated its reviewers, and the reminder past kRoundReminderDays without.
struct CalibrationHealth {
    std::optional<Timestamp> lastRoundAt;
    std::optional<Uuid> openRound;
    bool reminder = false;
    QString advice;
};

struct RuleTraffic {
    Uuid id;
    QString name;
    double samplingRate = 1;
    double routedPerDay = 0; // over the last 7 days
};

// Whether the queue's answers are put to use: the oldest current answer no dataset or export has used
// yet, the last use, and a note past kStaleAnswerDays.
struct FreshnessHealth {
    std::optional<Timestamp> oldestUnusedAt;
    std::optional<qint64> oldestUnusedDays;
    std::optional<Timestamp> lastUsedAt;
    QString note;
};

struct QueueHealth {
    qint64 depth = 0; // open items now
    qsizetype reviewersNeeded = 1;
    QList<DayHealth> days;        // kDays of them, oldest first, today last
    double completionsPerDay = 0; // mean over the last 7 days
    // depth ÷ completionsPerDay; none when items are open and nothing was completed in 7 days.
    std::optional<double> backlogDays;
    double alarmDays = 3;
    bool alarm = false;
    QString advice;                         // what to do first, when alarmed
    std::optional<double> secondsPerAnswer; // mean active time of the answers that have one
    std::optional<double> answersPerReviewerHour;
    // The planner: runs per day (every project, last 7 days), arrivals per day (last 7 days) and the
    // rules' part of them, and the reviewer-hours a day those arrivals need.
    double runsPerDay = 0;
    double arrivalsPerDay = 0;
    double routedPerDay = 0;
    std::optional<double> reviewerHoursPerDay;
    QList<RuleTraffic> rules;
    QList<ReviewerHealth> reviewers; // by name
    CalibrationHealth calibration;
    FreshnessHealth freshness;
};

class HealthService {
public:
    explicit HealthService(Store &store)
        : m_store(store)
    {
    }
    static constexpr int kDays = 90;
    static constexpr double kDefaultAlarmDays = 3;
    static constexpr qsizetype kOddOneOutItems = 1000; // the newest multi-review items looked at
    static constexpr int kRoundReminderDays = 42;      // six weeks
    static constexpr int kStaleAnswerDays = 30;

    // `now` fixes "today" (UTC); tests pass their own.
    Result<QueueHealth> health(const Queue &queue, const Timestamp &now);

private:
    Status countOddOneOut(const Queue &queue, QList<ReviewerHealth> &reviewers);
    Result<CalibrationHealth> calibration(const Queue &queue, const Timestamp &now);
    Result<FreshnessHealth> freshness(const Queue &queue, const Timestamp &now);

    Store &m_store;
};

// The queue's alarm threshold in days of backlog: its metadata's "assay_backlog_alarm_days", else 3.
double backlogAlarmDays(const Queue &queue);

} // namespace assay::server
