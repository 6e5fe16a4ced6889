#include "calibration.h"

#include "jsonfields.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <map>
#include <random>

namespace assay {

using namespace Qt::StringLiterals;

QJsonObject calibrationRoundToJson(const CalibrationRound &round)
{
    QJsonArray runs;
    for (const Uuid &id : round.runIds)
        runs.append(id.toString());
    return QJsonObject{
        {u"id"_s, round.id.toString()},
        {u"queue_id"_s, round.queueId.toString()},
        {u"name"_s, round.name},
        {u"status"_s, round.open ? u"open"_s : u"closed"_s},
        {u"created_at"_s, round.createdAt.toJson()},
        {u"closed_at"_s, jsonOrNull(round.closedAt)},
        {u"created_by"_s, round.createdBy},
        {u"rubric_version"_s, round.rubricVersion},
        {u"reviewers"_s, QJsonArray::fromStringList(round.reviewers)},
        {u"selection"_s, round.selection},
        // a decimal string: a 64-bit seed does not survive JSON's doubles
        {u"seed"_s, round.seed ? QJsonValue(QString::number(*round.seed)) : QJsonValue()},
        {u"run_ids"_s, runs},
    };
}

Result<CalibrationRound> parseCalibrationRound(const QJsonObject &json)
{
    JsonFields f(json);
    CalibrationRound r;
    r.id = f.uuid("id"_L1, Need::Required).value_or(Uuid());
    r.queueId = f.uuid("queue_id"_L1, Need::Required).value_or(Uuid());
    r.name = f.string("name"_L1).value_or(QString());
    r.open = f.string("status"_L1).value_or(u"open"_s) == u"open";
    r.createdAt = f.timestamp("created_at"_L1, Need::Required).value_or(Timestamp());
    r.closedAt = f.timestamp("closed_at"_L1);
    r.createdBy = f.string("created_by"_L1).value_or(QString());
    r.rubricVersion = int(f.integer("rubric_version"_L1).value_or(1));
    r.reviewers = f.stringList("reviewers"_L1).value_or(QStringList());
    r.selection = f.string("selection"_L1).value_or(u"hand"_s);
    if (const auto seed = f.string("seed"_L1)) {
        bool ok = false;
        r.seed = seed->toULongLong(&ok);
        if (!ok)
            f.fail("seed"_L1, u"expected a decimal number, got '%1'"_s.arg(*seed));
    }
    const QStringList runs = f.stringList("run_ids"_L1).value_or(QStringList());
    for (const QString &text : runs) {
        auto id = Uuid::parse(text);
        if (!id) {
            f.fail("run_ids"_L1, id.error().message);
            break;
        }
        r.runIds.append(*id);
    }
    if (f.failed())
        return f.error();
    return r;
}

QList<Uuid> sampleRuns(const QList<Uuid> &candidates, qsizetype n, quint64 seed)
{
    if (n >= candidates.size())
        return candidates;
    // Selection sampling (Knuth's algorithm S) with mt19937_64, whose output the standard fixes, and
    // integer arithmetic only: no distribution object, whose results the standard leaves to the library.
    std::mt19937_64 generator(seed);
    QList<Uuid> chosen;
    qsizetype needed = n;
    for (qsizetype i = 0; i < candidates.size() && needed > 0; ++i) {
        const quint64 left = quint64(candidates.size() - i);
        if (generator() % left < quint64(needed)) {
            chosen.append(candidates[i]);
            --needed;
        }
    }
    return chosen;
}

namespace {

// A field's answer as a cell: categorical answers by their option's value (a score or a label names the
// same option), continuous ones by number. Nothing for an answer that names no option or is no number.
std::optional<QString> categoryOf(const RubricField &field, const QJsonValue &answer)
{
    if (answer.isUndefined() || answer.isNull())
        return std::nullopt;
    if (const RubricOption *option = field.optionFor(answer))
        return option->value;
    return answer.isString() ? std::optional(answer.toString()) : std::nullopt;
}

std::optional<double> numberOf(const QJsonValue &answer)
{
    return answer.isDouble() ? std::optional(answer.toDouble()) : std::nullopt;
}

// Of the pairs of answers to one unit, the share that differ; nothing with fewer than two answers.
std::optional<double> pairDisagreement(const QList<std::optional<double>> &cells)
{
    int pairs = 0, differ = 0;
    for (qsizetype i = 0; i < cells.size(); ++i)
        for (qsizetype j = i + 1; j < cells.size(); ++j)
            if (cells[i] && cells[j]) {
                ++pairs;
                differ += *cells[i] != *cells[j] ? 1 : 0;
            }
    return pairs ? std::optional(double(differ) / pairs) : std::nullopt;
}

} // namespace

CalibrationReport calibrationReport(const CalibrationRound &round, const Rubric &rubric,
                                    const QList<RoundAnswer> &answers)
{
    CalibrationReport report;
    report.reviewers = round.reviewers;
    for (const RoundAnswer &a : answers)
        if (!report.reviewers.contains(a.reviewer))
            report.reviewers.append(a.reviewer);
    QHash<QString, int> column;
    for (qsizetype i = 0; i < report.reviewers.size(); ++i)
        column.insert(report.reviewers[i], int(i));
    QHash<Uuid, int> row;
    for (qsizetype i = 0; i < round.runIds.size(); ++i)
        row.insert(round.runIds[i], int(i));
    const int raters = int(report.reviewers.size());
    report.expected = int(round.runIds.size() * round.reviewers.size());

    QList<ItemDisagreement> items(round.runIds.size());
    for (qsizetype i = 0; i < round.runIds.size(); ++i)
        items[i].runId = round.runIds[i];
    QList<QList<const RoundAnswer *>> grid(round.runIds.size(), QList<const RoundAnswer *>(raters, nullptr));
    for (const RoundAnswer &a : answers) {
        const auto r = row.constFind(a.runId);
        if (r == row.cend())
            continue; // not one of the round's items
        grid[*r][column.value(a.reviewer)] = &a;
        items[*r].answers.insert(a.reviewer, a.values);
        if (!a.comment.isEmpty())
            items[*r].comments.insert(a.reviewer, a.comment);
        report.answered += round.reviewers.contains(a.reviewer) ? 1 : 0;
    }

    QList<QList<double>> itemShares(items.size());
    for (const RubricField &field : rubric.fields) {
        if (field.type == FieldType::Freeform)
            continue;
        FieldAgreement fa{field.key, field.displayLabel(), field.type, 0, {}, {}, {}, {}, false};
        agreement::Ratings ratings;
        if (field.type == FieldType::Categorical) {
            QList<QList<std::optional<QString>>> labels;
            for (const auto &unit : std::as_const(grid)) {
                QList<std::optional<QString>> cells;
                for (const RoundAnswer *a : unit)
                    cells.append(a ? categoryOf(field, a->values.value(field.key)) : std::nullopt);
                labels.append(cells);
            }
            ratings = agreement::Ratings::fromLabels(raters, labels);
        } else {
            ratings.raters = raters;
            for (const auto &unit : std::as_const(grid)) {
                QList<std::optional<double>> cells;
                for (const RoundAnswer *a : unit)
                    cells.append(a ? numberOf(a->values.value(field.key)) : std::nullopt);
                ratings.cells.append(cells);
            }
        }
        for (qsizetype u = 0; u < ratings.cells.size(); ++u) {
            for (const auto &cell : std::as_const(ratings.cells[u]))
                fa.answers += cell ? 1 : 0;
            if (const auto share = pairDisagreement(ratings.cells[u])) {
                itemShares[u].append(*share);
                if (*share > 0)
                    items[u].fieldsInDispute.append(field.key);
            }
        }
        fa.percentAgreement = agreement::percentAgreement(ratings);
        if (field.type == FieldType::Categorical)
            fa.fleissKappa = agreement::fleissKappa(ratings);
        fa.krippendorffAlpha = agreement::krippendorffAlpha(ratings, field.type == FieldType::Categorical
                                                                         ? agreement::Level::Nominal
                                                                         : agreement::Level::Interval);
        for (int a = 0; a < raters; ++a)
            for (int b = a + 1; b < raters; ++b)
                if (const int shared = agreement::sharedUnits(ratings, a, b); shared > 0)
                    fa.pairs.append({report.reviewers[a], report.reviewers[b], shared,
                                     agreement::cohensKappa(ratings, a, b)});
        fa.flagged = fa.percentAgreement && *fa.percentAgreement < kCalibrationAgreementFloor;
        report.fields.append(fa);
    }
    for (qsizetype u = 0; u < items.size(); ++u) {
        const QList<double> &shares = itemShares[u];
        double sum = 0;
        for (double s : shares)
            sum += s;
        items[u].disagreement = shares.isEmpty() ? 0 : sum / shares.size();
    }
    // Most disagreement first; ties keep the round's order.
    std::stable_sort(items.begin(), items.end(), [](const ItemDisagreement &a, const ItemDisagreement &b) {
        return a.disagreement > b.disagreement;
    });
    report.items = items;
    return report;
}

namespace {

// A field's answer as text to compare: the option's value, or the number; nothing when unanswered.
std::optional<QString> comparable(const RubricField &field, const QJsonValue &answer)
{
    if (field.type == FieldType::Categorical)
        return categoryOf(field, answer);
    const auto n = numberOf(answer);
    return n ? std::optional(QString::number(*n, 'g', 17)) : std::nullopt;
}

} // namespace

QHash<QString, OddOneOut> oddOneOut(const Rubric &rubric, const QList<QHash<QString, QJsonObject>> &items)
{
    QHash<QString, OddOneOut> out;
    for (const auto &answers : items) {
        if (answers.size() < 3)
            continue;
        QSet<QString> odd;
        for (const RubricField &field : rubric.fields) {
            if (field.type == FieldType::Freeform)
                continue;
            QHash<QString, QStringList> byValue; // value -> the reviewers who gave it
            qsizetype answered = 0;
            for (auto it = answers.cbegin(); it != answers.cend(); ++it)
                if (const auto v = comparable(field, it.value().value(field.key))) {
                    byValue[*v].append(it.key());
                    ++answered;
                }
            if (answered < 3 || byValue.size() != 2)
                continue;
            for (const QStringList &who : std::as_const(byValue))
                if (who.size() == 1)
                    odd.insert(who.first());
        }
        for (auto it = answers.cbegin(); it != answers.cend(); ++it) {
            OddOneOut &r = out[it.key()];
            ++r.items;
            r.odd += odd.contains(it.key()) ? 1 : 0;
        }
    }
    return out;
}

QJsonObject calibrationReportToJson(const CalibrationReport &report)
{
    QJsonArray fields;
    for (const FieldAgreement &f : report.fields) {
        QJsonArray pairs;
        for (const PairAgreement &p : f.pairs)
            pairs.append(QJsonObject{{u"a"_s, p.a},
                                     {u"b"_s, p.b},
                                     {u"shared_items"_s, p.sharedItems},
                                     {u"cohens_kappa"_s, jsonOrNull(p.cohensKappa)}});
        fields.append(QJsonObject{
            {u"key"_s, f.key},
            {u"label"_s, f.label},
            {u"type"_s, fieldTypeName(f.type)},
            {u"answers"_s, f.answers},
            {u"percent_agreement"_s, jsonOrNull(f.percentAgreement)},
            {u"fleiss_kappa"_s, jsonOrNull(f.fleissKappa)},
            {u"krippendorff_alpha"_s, jsonOrNull(f.krippendorffAlpha)},
            {u"alpha_level"_s, f.type == FieldType::Categorical ? u"nominal"_s : u"interval"_s},
            {u"pairs"_s, pairs},
            {u"flagged"_s, f.flagged},
            {u"flag"_s, f.flagged ? QJsonValue(u"rubric needs clarification"_s) : QJsonValue()},
        });
    }
    QJsonArray items;
    for (const ItemDisagreement &item : report.items) {
        QJsonObject answers, comments;
        for (auto it = item.answers.cbegin(); it != item.answers.cend(); ++it)
            answers.insert(it.key(), it.value());
        for (auto it = item.comments.cbegin(); it != item.comments.cend(); ++it)
            comments.insert(it.key(), it.value());
        items.append(QJsonObject{{u"run_id"_s, item.runId.toString()},
                                 {u"disagreement"_s, item.disagreement},
                                 {u"fields_in_dispute"_s, QJsonArray::fromStringList(item.fieldsInDispute)},
                                 {u"answers"_s, answers},
                                 {u"comments"_s, comments}});
    }
    return QJsonObject{{u"reviewers"_s, QJsonArray::fromStringList(report.reviewers)},
                       {u"answered"_s, report.answered},
                       {u"expected"_s, report.expected},
                       {u"fields"_s, fields},
                       {u"items"_s, items}};
}

} // namespace assay
