#include "healthservice.h"

#include "reviewstate.h"

#include <QDate>

#include <algorithm>
#include <numeric>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr int kWeek = 7;

std::optional<double> median(const QList<double> &sorted)
{
    if (sorted.isEmpty())
        return std::nullopt;
    const qsizetype n = sorted.size();
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

// The days of the window with their traffic; depth is filled in afterwards.
QList<DayHealth> trafficPerDay(const QList<QueueFlowDay> &flow, qint64 firstDay, qint64 today,
                               QHash<qint64, qint64> &netChange)
{
    QList<DayHealth> days;
    for (qint64 d = firstDay; d <= today; ++d)
        days.append(DayHealth{d, 0, 0, {}, 0});
    for (const QueueFlowDay &f : flow) {
        if (f.day < firstDay || f.day > today)
            continue;
        DayHealth &day = days[f.day - firstDay];
        day.arrivals += f.arrivals;
        if (f.arrivals > 0)
            day.arrivalsBySource[f.source] += f.arrivals;
        day.completions += f.completions;
        netChange[f.day] += f.arrivals - f.completions + f.reopened - f.removedOpen;
    }
    return days;
}

} // namespace

double backlogAlarmDays(const Queue &queue)
{
    const QJsonValue v = queue.metadata.value("assay_backlog_alarm_days"_L1);
    return v.isDouble() && v.toDouble() > 0 ? v.toDouble() : HealthService::kDefaultAlarmDays;
}

Result<QueueHealth> HealthService::health(const Queue &queue, const Timestamp &now)
{
    QueueHealth h;
    auto needed = ReviewState::reviewersNeeded(m_store, queue);
    if (!needed)
        return needed.error();
    h.reviewersNeeded = *needed;
    auto depth = m_store.openItemCount(queue.id, *needed);
    if (!depth)
        return depth.error();
    h.depth = *depth;

    const qint64 today = Store::dayOf(now);
    const qint64 firstDay = today - kDays + 1;
    auto flow = m_store.queueFlow(queue.id, firstDay);
    if (!flow)
        return flow.error();
    QHash<qint64, qint64> netChange;
    h.days = trafficPerDay(*flow, firstDay, today, netChange);
    // Depth at the end of each day, walking back from now: what came after a day was not there yet.
    // (Changes of who must review, such as reviewers assigned to an every-reviewer queue, reopen or
    // complete items without a count; a history before migration 20 has arrivals only: never below 0.)
    qint64 depthAtEnd = h.depth;
    for (qsizetype i = h.days.size() - 1; i >= 0; --i) {
        h.days[i].depth = std::max<qint64>(0, depthAtEnd);
        depthAtEnd -= netChange.value(h.days[i].day);
    }

    // Backlog in days of throughput, and the seed's alarm.
    qint64 completedInWeek = 0, arrivedInWeek = 0;
    QHash<QString, qint64> arrivedInWeekBySource;
    for (const DayHealth &d : std::as_const(h.days))
        if (d.day > today - kWeek) {
            completedInWeek += d.completions;
            arrivedInWeek += d.arrivals;
            for (auto it = d.arrivalsBySource.cbegin(); it != d.arrivalsBySource.cend(); ++it)
                arrivedInWeekBySource[it.key()] += it.value();
        }
    h.completionsPerDay = double(completedInWeek) / kWeek;
    h.alarmDays = backlogAlarmDays(queue);
    if (h.depth == 0)
        h.backlogDays = 0.0;
    else if (h.completionsPerDay > 0)
        h.backlogDays = h.depth / h.completionsPerDay;
    if (!h.backlogDays) {
        h.alarm = true;
        h.advice = u"%1 item(s) are open and none was completed in the last 7 days. Check that reviewers "
                   "are assigned and working; if the queue keeps growing, tighten its routing rules first "
                   "(a narrower filter, a lower sampling rate) — don't just add reviewers."_s.arg(h.depth);
    } else if (*h.backlogDays > h.alarmDays) {
        h.alarm = true;
        h.advice = u"The backlog is %1 days of throughput (the alarm is at %2). Tighten the routing rules "
                   "first (a narrower filter, a lower sampling rate) — don't just add reviewers."_s
                       .arg(*h.backlogDays, 0, 'f', 1)
                       .arg(h.alarmDays);
    }

    // Reviewers: answers today, this week (since Monday), in all; leases held; time per answer.
    const QDate date = QDate(1970, 1, 1).addDays(today);
    const Timestamp dayStart = Timestamp::fromMicros(today * Store::kMicrosPerDay);
    const Timestamp weekStart =
        Timestamp::fromMicros((today - (date.dayOfWeek() - 1)) * Store::kMicrosPerDay);
    auto answers = m_store.reviewerAnswers(queue.id, dayStart, weekStart);
    if (!answers)
        return answers.error();
    auto leases = m_store.leasesByReviewer(queue.id, now);
    if (!leases)
        return leases.error();
    auto users = m_store.listUsers();
    if (!users)
        return users.error();
    QHash<QString, QString> names;
    for (const UserRecord &u : std::as_const(*users))
        names.insert(u.id, u.name);
    QSet<QString> reviewers(answers->keyBegin(), answers->keyEnd());
    for (auto it = leases->cbegin(); it != leases->cend(); ++it)
        reviewers.insert(it.key());
    QList<double> allSeconds;
    for (const QString &id : std::as_const(reviewers)) {
        const ReviewerAnswers a = answers->value(id);
        h.reviewers.append(ReviewerHealth{id, names.value(id, id), a.since, a.sinceWeek, a.total,
                                          leases->value(id), median(a.activeSeconds)});
        allSeconds.append(a.activeSeconds);
    }
    std::sort(h.reviewers.begin(), h.reviewers.end(),
              [](const ReviewerHealth &a, const ReviewerHealth &b) { return a.name < b.name; });
    if (!allSeconds.isEmpty()) {
        h.secondsPerAnswer = std::accumulate(allSeconds.begin(), allSeconds.end(), 0.0) / allSeconds.size();
        if (*h.secondsPerAnswer > 0)
            h.answersPerReviewerHour = 3600 / *h.secondsPerAnswer;
    }

    // The planner's measures over the last 7 days.
    auto runs = m_store.countRunsSince(Timestamp::fromMicros((today - kWeek + 1) * Store::kMicrosPerDay));
    if (!runs)
        return runs.error();
    h.runsPerDay = double(*runs) / kWeek;
    h.arrivalsPerDay = double(arrivedInWeek) / kWeek;
    auto rules = m_store.listRules(false);
    if (!rules)
        return rules.error();
    for (const RoutingRule &rule : std::as_const(*rules)) {
        if (rule.queueId != queue.id)
            continue;
        const double perDay = double(arrivedInWeekBySource.value(u"rule:"_s + rule.id.toString())) / kWeek;
        h.rules.append(RuleTraffic{rule.id, rule.name, rule.samplingRate, perDay});
        h.routedPerDay += perDay;
    }
    if (h.secondsPerAnswer)
        h.reviewerHoursPerDay = h.arrivalsPerDay * double(h.reviewersNeeded) * *h.secondsPerAnswer / 3600;
    return h;
}

} // namespace assay::server
