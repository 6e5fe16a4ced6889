#include "reportcommand.h"

#include "api/queuehealthjson.h"
#include "auth/principal.h"
#include "services/healthservice.h"
#include "services/queueservice.h"

#include <QJsonDocument>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

QString number(const std::optional<double> &v, int decimals = 1)
{
    return v ? QString::number(*v, 'f', decimals) : u"—"_s;
}

void printText(const Queue &queue, const QueueHealth &h, QTextStream &out)
{
    out << "Queue " << queue.name << " (" << queue.id.toString() << ")\n";
    out << "  Open items: " << h.depth << " (" << h.reviewersNeeded << " reviewer(s) per item)\n";
    out << "  Backlog: " << number(h.backlogDays) << " days of throughput (" << number(h.completionsPerDay, 2)
        << " completions a day over the last 7 days); the alarm is at " << h.alarmDays << " days\n";
    if (h.alarm)
        out << "  ALARM: " << h.advice << '\n';
    out << "  Time per answer: " << number(h.secondsPerAnswer) << " s (" << number(h.answersPerReviewerHour)
        << " answers per reviewer-hour)\n";
    out << "  Planner: " << number(h.runsPerDay, 2) << " runs a day, " << number(h.arrivalsPerDay, 2)
        << " items a day (" << number(h.routedPerDay, 2) << " by rules), " << number(h.reviewerHoursPerDay, 2)
        << " reviewer-hours a day\n";
    for (const RuleTraffic &r : h.rules)
        out << "    rule " << r.name << ": sampling " << r.samplingRate * 100 << " %, "
            << number(r.routedPerDay, 2) << " items a day\n";
    out << "  Reviewers (today / this week / in all / leased / median s):\n";
    for (const ReviewerHealth &r : h.reviewers)
        out << "    " << r.name << ": " << r.today << " / " << r.thisWeek << " / " << r.total << " / "
            << r.pending << " / " << number(r.medianSeconds) << '\n';
    out << "  Last 14 days (date: depth, arrivals, completions):\n";
    for (qsizetype i = std::max<qsizetype>(0, h.days.size() - 14); i < h.days.size(); ++i) {
        const DayHealth &d = h.days[i];
        out << "    " << QDate(1970, 1, 1).addDays(d.day).toString(Qt::ISODate) << ": " << d.depth << ", "
            << d.arrivals << ", " << d.completions << '\n';
    }
}

} // namespace

int reportCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.size() < 2)
        return fail(err, u"report needs a queue: its id or exact name"_s);
    auto store = openStore(cli);
    if (!store)
        return fail(err, store.error().message);
    Principal admin;
    admin.id = u"cli"_s;
    admin.role = u"admin"_s;
    auto found = QueueService(**store, admin, Uuid()).find(args.value(1));
    if (!found)
        return fail(err, found.error().message);
    if (!*found)
        return fail(err, u"annotation queue %1 not found"_s.arg(args.value(1)));
    auto health = HealthService(**store).health(**found, Timestamp::now());
    if (!health)
        return fail(err, health.error().message);
    if (cli.parser.isSet(cli.json))
        out << QJsonDocument(healthToJson(**found, *health)).toJson(QJsonDocument::Indented);
    else
        printText(**found, *health, out);
    return 0;
}

} // namespace assay::server
