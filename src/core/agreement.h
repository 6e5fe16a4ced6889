#pragma once

// Inter-rater agreement over reliability data: units (the items of a calibration round) × raters (the
// reviewers), each cell one rater's answer to one unit for one rubric field, or missing. The formulas,
// their edge cases and the worked examples they are tested against are in docs/agreement.md. Every
// statistic is "not defined" (nullopt) rather than NaN where its formula divides by zero.

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace assay::agreement {

// Nominal: categories, equal or not (categorical fields). Interval: numbers whose differences count
// (continuous fields): a 4 against a 5 disagrees less than a 1 against a 5.
enum class Level { Nominal, Interval };

// cells[unit][rater]: the rater's value for the unit, nullopt when they gave none. Nominal values are
// category codes compared for equality (fromLabels makes them from text).
struct Ratings {
    int raters = 0;
    QList<QList<std::optional<double>>> cells;

    // Text answers (categorical values) as codes: each distinct label a code, in sorted order.
    static Ratings fromLabels(int raters, const QList<QList<std::optional<QString>>> &labels);
};

// Of all pairs of answers to the same unit by two raters, the share that are equal. Not defined when no
// unit has two answers.
std::optional<double> percentAgreement(const Ratings &ratings);

// Cohen's kappa of raters a and b over the units both answered: (po - pe) / (1 - pe). Not defined when
// they share no unit, or when chance agreement pe is 1 (both gave one and the same value throughout).
std::optional<double> cohensKappa(const Ratings &ratings, int a, int b);
// How many units raters a and b both answered.
int sharedUnits(const Ratings &ratings, int a, int b);

// Fleiss' kappa over the units with two answers or more: (P̄ - Pe) / (1 - Pe), P̄ the mean of the units'
// agreement, Pe from the categories' shares of all those answers. Not defined when no unit has two
// answers or Pe is 1 (one category used throughout).
std::optional<double> fleissKappa(const Ratings &ratings);

// Krippendorff's alpha, 1 - Do / De from the coincidence matrix (units with one answer are not pairable
// and left out; missing answers allowed). Not defined with fewer than two pairable values or when every
// pairable value is the same (De = 0).
std::optional<double> krippendorffAlpha(const Ratings &ratings, Level level);

} // namespace assay::agreement
