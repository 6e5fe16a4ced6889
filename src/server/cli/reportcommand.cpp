#include "reportcommand.h"

#include "api/calibrationjson.h"
#include "api/queuehealthjson.h"
#include "auth/principal.h"
#include "services/calibrationservice.h"
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
            << r.pending << " / " << number(r.medianSeconds) << " (odd one out " << r.oddOneOut << " of "
            << r.multiReviewItems << " multi-review items)\n";
    const CalibrationHealth &c = h.calibration;
    out << "  Calibration: "
        << (c.lastRoundAt ? u"last round began "_s + c.lastRoundAt->toIso() : u"no round yet"_s)
        << (c.openRound ? u"; round %1 is open"_s.arg(c.openRound->toString()) : QString()) << '\n';
    if (c.reminder)
        out << "  REMINDER: " << c.advice << '\n';
    out << "  Freshness: oldest unused answer "
        << (h.freshness.oldestUnusedDays ? u"%1 days old"_s.arg(*h.freshness.oldestUnusedDays) : u"—"_s)
        << ", last used " << (h.freshness.lastUsedAt ? h.freshness.lastUsedAt->toIso() : u"never"_s) << '\n';
    if (!h.freshness.note.isEmpty())
        out << "  NOTE: " << h.freshness.note << '\n';
    out << "  Last 14 days (date: depth, arrivals, completions):\n";
    for (qsizetype i = std::max<qsizetype>(0, h.days.size() - 14); i < h.days.size(); ++i) {
        const DayHealth &d = h.days[i];
        out << "    " << QDate(1970, 1, 1).addDays(d.day).toString(Qt::ISODate) << ": " << d.depth << ", "
            << d.arrivals << ", " << d.completions << '\n';
    }
}

QString percent(const std::optional<double> &v)
{
    return v ? QString::number(*v * 100, 'f', 1) + u" %"_s : u"—"_s;
}

void printRound(const RoundStatus &s, QTextStream &out)
{
    const CalibrationRound &r = s.round;
    auto name = [&](const QString &id) { return s.names.value(id, id); };
    out << "Calibration round " << (r.name.isEmpty() ? r.id.toString() : r.name) << " (" << r.id.toString()
        << "), " << (r.open ? u"open"_s : u"closed "_s + r.closedAt->toIso()) << ": " << r.runIds.size()
        << " items × " << r.reviewers.size() << " reviewers, chosen "
        << (r.seed ? u"by a sample (seed %1)"_s.arg(*r.seed) : u"by hand"_s) << '\n';
    for (const QString &reviewer : r.reviewers)
        out << "  " << name(reviewer) << ": " << s.answeredBy.value(reviewer) << " of " << r.runIds.size()
            << " answered\n";
    if (!s.report) {
        out << "  The answers stay blind until the round closes.\n";
        return;
    }
    out << "  Agreement per field (percent agreement, Fleiss' kappa, Krippendorff's alpha):\n";
    for (const FieldAgreement &f : s.report->fields) {
        out << "    " << f.key << ": " << percent(f.percentAgreement) << ", " << number(f.fleissKappa, 3)
            << ", " << number(f.krippendorffAlpha, 3)
            << (f.type == FieldType::Categorical ? " (nominal)" : " (interval)")
            << (f.flagged ? " — RUBRIC NEEDS CLARIFICATION" : "") << '\n';
        for (const PairAgreement &p : f.pairs)
            out << "      Cohen's kappa " << name(p.a) << " / " << name(p.b) << ": "
                << number(p.cohensKappa, 3) << " over " << p.sharedItems << " items\n";
    }
    out << "  Items with the most disagreement:\n";
    for (const ItemDisagreement &item : s.report->items) {
        if (item.disagreement == 0)
            break;
        out << "    run " << item.runId.toString() << ": " << percent(item.disagreement)
            << " of answer pairs differ (" << item.fieldsInDispute.join(u", "_s) << ")\n";
        for (const QString &reviewer : s.report->reviewers)
            if (item.answers.contains(reviewer))
                out << "      " << name(reviewer) << ": "
                    << QJsonDocument(item.answers.value(reviewer)).toJson(QJsonDocument::Compact) << '\n';
    }
}

// `report QUEUE calibration [ROUND]`: a round (the latest closed one when not named) with its tables.
int roundReport(Store &store, const Queue &queue, const Principal &admin, const QString &roundId, bool json,
                QTextStream &out, QTextStream &err)
{
    CalibrationService rounds(store, admin);
    std::optional<RoundStatus> status;
    if (roundId.isEmpty()) {
        auto latest = rounds.latestClosed(queue);
        if (!latest)
            return fail(err, latest.error().message);
        if (!*latest)
            return fail(err, u"queue %1 has no closed calibration round"_s.arg(queue.name));
        status = **latest;
    } else {
        auto id = Uuid::parse(roundId);
        if (!id)
            return fail(err, u"round: %1"_s.arg(id.error().message));
        auto got = rounds.get(queue, *id);
        if (!got)
            return fail(err, got.error().message);
        if (!got->done())
            return fail(err, got->error.message);
        status = got->value;
    }
    if (json)
        out << QJsonDocument(roundStatusToJson(*status)).toJson(QJsonDocument::Indented);
    else
        printRound(*status, out);
    return 0;
}

} // namespace

int reportCommand(const Cli &cli, const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.size() < 2)
        return fail(err, u"report needs a queue: its id or exact name"_s);
    auto store = openStore(cli);
    if (!store)
        return fail(err, store.error().message);
    const Principal admin = cliAdmin();
    auto queue = queueNamed(**store, args.value(1));
    if (!queue)
        return fail(err, queue.error().message);
    if (args.size() > 2) {
        if (args.value(2) != u"calibration")
            return fail(
                err, u"report QUEUE takes `calibration [ROUND]` or nothing after the queue, not '%1'"_s.arg(
                         args.value(2)));
        return roundReport(**store, *queue, admin, args.value(3), cli.parser.isSet(cli.json), out, err);
    }
    auto health = HealthService(**store).health(*queue, Timestamp::now());
    if (!health)
        return fail(err, health.error().message);
    if (cli.parser.isSet(cli.json))
        out << QJsonDocument(healthToJson(*queue, *health)).toJson(QJsonDocument::Indented);
    else
        printText(*queue, *health, out);
    return 0;
}

} // namespace assay::server
