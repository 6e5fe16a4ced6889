#include "healthservice.h"

#include "reviewstate.h"

#include "core/calibration.h"

#include <QDate>

#include <algorithm>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

constexpr int kWeek = 7;

// The median of a histogram of tenths of a second (the tenth the middle answer falls in).
std::optional<double> median(const QMap<qint64, qint64> &tenths, qint64 count)
{
    if (count == 0)
        return std::nullopt;
    // the middle answer (the lower of the two middle ones for an even count, then their mean)
    const qint64 lower = (count - 1) / 2, upper = count / 2;
    std::optional<qint64> atLower;
    qint64 seen = 0;
    for (auto it = tenths.cbegin(); it != tenths.cend(); ++it) {
        seen += it.value();
        if (!atLower && seen > lower)
            atLower = it.key();
        if (seen > upper)
            return (*atLower + it.key()) / 20.0;
    }
    return std::nullopt;
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
    auto names = m_store.userNames();
    if (!names)
        return names.error();
    QSet<QString> reviewers(answers->keyBegin(), answers->keyEnd());
    for (auto it = leases->cbegin(); it != leases->cend(); ++it)
        reviewers.insert(it.key());
    qint64 timed = 0, activeMs = 0;
    for (const QString &id : std::as_const(reviewers)) {
        const ReviewerAnswers a = answers->value(id);
        h.reviewers.append(ReviewerHealth{id, names->value(id, id), a.since, a.sinceWeek, a.total,
                                          leases->value(id), median(a.activeTenths, a.timed)});
        timed += a.timed;
        activeMs += a.activeMs;
    }
    if (auto counted = countOddOneOut(queue, h.reviewers); !counted)
        return counted.error();
    std::sort(h.reviewers.begin(), h.reviewers.end(),
              [](const ReviewerHealth &a, const ReviewerHealth &b) { return a.name < b.name; });
    if (timed > 0) {
        h.secondsPerAnswer = activeMs / 1000.0 / double(timed);
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
    auto calibrated = calibration(queue, now);
    if (!calibrated)
        return calibrated.error();
    h.calibration = *calibrated;
    auto fresh = freshness(queue, now);
    if (!fresh)
        return fresh.error();
    h.freshness = *fresh;
    return h;
}

Result<FreshnessHealth> HealthService::freshness(const Queue &queue, const Timestamp &now)
{
    FreshnessHealth f;
    auto oldest = m_store.oldestUnusedAnswerAt(queue.id);
    auto last = m_store.lastAnswerUseAt(queue.id);
    if (!oldest || !last)
        return !oldest ? oldest.error() : last.error();
    f.oldestUnusedAt = *oldest;
    f.lastUsedAt = *last;
    if (f.oldestUnusedAt) {
        f.oldestUnusedDays = (now.micros() - f.oldestUnusedAt->micros()) / Store::kMicrosPerDay;
        if (*f.oldestUnusedDays > kStaleAnswerDays)
            f.note =
                u"Answers have waited %1 days without being used in a dataset or an export%2. Annotated "
                "data that sits unused is review paid for nothing: export it or build a dataset from it."_s
                    .arg(*f.oldestUnusedDays)
                    .arg(f.lastUsedAt ? u" (the last use was %1)"_s.arg(f.lastUsedAt->toIso().left(10))
                                      : u"; none has ever been used"_s);
    }
    return f;
}

Status HealthService::countOddOneOut(const Queue &queue, QList<ReviewerHealth> &reviewers)
{
    auto runIds = m_store.multiReviewRuns(queue.id, 3, kOddOneOutItems);
    if (!runIds)
        return runIds.error();
    // An open round's answers are nobody's to compare yet.
    auto blind = m_store.runsInOpenRound(queue.id, *runIds);
    if (!blind)
        return blind.error();
    QHash<Uuid, QHash<QString, QJsonObject>> byRun;
    for (qsizetype i = 0; i < runIds->size(); i += 500) {
        auto answers = m_store.currentAnnotationsOf(queue.id, runIds->mid(i, 500));
        if (!answers)
            return answers.error();
        for (const StoredAnnotation &a : std::as_const(*answers))
            if (!blind->contains(a.annotation.runId))
                byRun[a.annotation.runId].insert(a.annotation.reviewerId, a.annotation.values);
    }
    const QHash<QString, OddOneOut> counts = oddOneOut(queue.rubric, byRun.values());
    for (ReviewerHealth &r : reviewers) {
        r.multiReviewItems = counts.value(r.reviewer).items;
        r.oddOneOut = counts.value(r.reviewer).odd;
    }
    return Ok{};
}

Result<CalibrationHealth> HealthService::calibration(const Queue &queue, const Timestamp &now)
{
    CalibrationHealth c;
    auto open = m_store.openCalibrationRound(queue.id);
    if (!open)
        return open.error();
    if (*open)
        c.openRound = (*open)->id;
    auto last = m_store.lastCalibrationRoundAt(queue.id);
    if (!last)
        return last.error();
    c.lastRoundAt = *last;
    // Six weeks since the last round began, or since the queue was made when it never had one.
    const Timestamp since = c.lastRoundAt ? *c.lastRoundAt : queue.createdAt.value_or(now);
    const qint64 days = (now.micros() - since.micros()) / Store::kMicrosPerDay;
    if (!c.openRound && days >= kRoundReminderDays) {
        c.reminder = true;
        c.advice =
            (c.lastRoundAt ? u"The last calibration round began %1 days ago. Run one every few weeks: "_s
                           : u"This queue has had no calibration round in its %1 days. Run one: "_s)
                .arg(days) +
            u"all reviewers score the same 20 items, and a field they disagree on over 20 % of the time "
            "needs a clearer rubric."_s;
    }
    return c;
}

} // namespace assay::server
