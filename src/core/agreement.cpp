#include "agreement.h"

#include <QMap>
#include <QSet>

#include <algorithm>

namespace assay::agreement {

namespace {

// The values given to one unit (missing ones left out).
QList<double> answersOf(const QList<std::optional<double>> &unit)
{
    QList<double> values;
    for (const auto &cell : unit)
        if (cell)
            values.append(*cell);
    return values;
}

std::optional<double> cell(const Ratings &ratings, qsizetype unit, int rater)
{
    const auto &row = ratings.cells.at(unit);
    return rater < row.size() ? row.at(rater) : std::nullopt;
}

double squaredDifference(double c, double k, Level level)
{
    if (level == Level::Nominal)
        return c == k ? 0.0 : 1.0;
    return (c - k) * (c - k);
}

} // namespace

Ratings Ratings::fromLabels(int raters, const QList<QList<std::optional<QString>>> &labels)
{
    QSet<QString> distinct;
    for (const auto &unit : labels)
        for (const auto &label : unit)
            if (label)
                distinct.insert(*label);
    QStringList sorted(distinct.begin(), distinct.end());
    sorted.sort();
    Ratings ratings;
    ratings.raters = raters;
    for (const auto &unit : labels) {
        QList<std::optional<double>> row;
        for (const auto &label : unit)
            row.append(label ? std::optional<double>(sorted.indexOf(*label)) : std::nullopt);
        ratings.cells.append(row);
    }
    return ratings;
}

std::optional<double> percentAgreement(const Ratings &ratings)
{
    double pairs = 0, agreeing = 0;
    for (const auto &unit : ratings.cells) {
        const QList<double> values = answersOf(unit);
        for (qsizetype i = 0; i < values.size(); ++i)
            for (qsizetype j = i + 1; j < values.size(); ++j) {
                ++pairs;
                agreeing += values[i] == values[j] ? 1 : 0;
            }
    }
    return pairs > 0 ? std::optional(agreeing / pairs) : std::nullopt;
}

int sharedUnits(const Ratings &ratings, int a, int b)
{
    int n = 0;
    for (qsizetype u = 0; u < ratings.cells.size(); ++u)
        n += cell(ratings, u, a) && cell(ratings, u, b) ? 1 : 0;
    return n;
}

std::optional<double> cohensKappa(const Ratings &ratings, int a, int b)
{
    QMap<double, double> byA, byB; // how often each rater gave each value, over the shared units
    double n = 0, agreeing = 0;
    for (qsizetype u = 0; u < ratings.cells.size(); ++u) {
        const auto va = cell(ratings, u, a), vb = cell(ratings, u, b);
        if (!va || !vb)
            continue;
        ++n;
        agreeing += *va == *vb ? 1 : 0;
        byA[*va] += 1;
        byB[*vb] += 1;
    }
    if (n == 0)
        return std::nullopt;
    double chance = 0;
    for (auto it = byA.cbegin(); it != byA.cend(); ++it)
        chance += (it.value() / n) * (byB.value(it.key()) / n);
    if (chance >= 1.0)
        return std::nullopt;
    return (agreeing / n - chance) / (1.0 - chance);
}

std::optional<double> fleissKappa(const Ratings &ratings)
{
    QMap<double, double> totals; // answers per category over the units taken
    double units = 0, agreementSum = 0, answers = 0;
    for (const auto &unit : ratings.cells) {
        const QList<double> values = answersOf(unit);
        const double m = double(values.size());
        if (m < 2)
            continue;
        QMap<double, double> counts;
        for (double v : values)
            counts[v] += 1;
        double same = 0;
        for (double c : std::as_const(counts)) {
            same += c * (c - 1);
        }
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            totals[it.key()] += it.value();
        agreementSum += same / (m * (m - 1));
        answers += m;
        ++units;
    }
    if (units == 0)
        return std::nullopt;
    double chance = 0;
    for (double t : std::as_const(totals))
        chance += (t / answers) * (t / answers);
    if (chance >= 1.0)
        return std::nullopt;
    return (agreementSum / units - chance) / (1.0 - chance);
}

std::optional<double> krippendorffAlpha(const Ratings &ratings, Level level)
{
    // The coincidence matrix: each ordered pair of values in a unit of m values weighs 1 / (m - 1).
    QMap<double, QMap<double, double>> coincidences;
    for (const auto &unit : ratings.cells) {
        const QList<double> values = answersOf(unit);
        const qsizetype m = values.size();
        if (m < 2)
            continue;
        for (qsizetype i = 0; i < m; ++i)
            for (qsizetype j = 0; j < m; ++j)
                if (i != j)
                    coincidences[values[i]][values[j]] += 1.0 / double(m - 1);
    }
    QMap<double, double> marginals; // n_c
    double n = 0;
    for (auto row = coincidences.cbegin(); row != coincidences.cend(); ++row)
        for (double o : row.value()) {
            marginals[row.key()] += o;
            n += o;
        }
    if (n < 2)
        return std::nullopt;
    double observed = 0, expected = 0;
    for (auto row = coincidences.cbegin(); row != coincidences.cend(); ++row)
        for (auto o = row->cbegin(); o != row->cend(); ++o)
            observed += o.value() * squaredDifference(row.key(), o.key(), level);
    for (auto c = marginals.cbegin(); c != marginals.cend(); ++c)
        for (auto k = marginals.cbegin(); k != marginals.cend(); ++k)
            expected += c.value() * k.value() * squaredDifference(c.key(), k.key(), level);
    observed /= n;
    expected /= n * (n - 1);
    if (expected <= 0)
        return std::nullopt;
    return 1.0 - observed / expected;
}

} // namespace assay::agreement
