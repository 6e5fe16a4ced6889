// The agreement statistics against the formulas' published worked examples, their edge cases, and the
// properties any correct implementation has (perfect agreement is 1, relabelling nominal categories
// changes nothing, Cohen's kappa is symmetric).

#include "core/agreement.h"

#include <gtest/gtest.h>

#include <QRandomGenerator>

using namespace assay::agreement;

namespace {

constexpr std::nullopt_t _ = std::nullopt;

// Rows are raters, as the examples print them; Ratings wants units.
Ratings byRater(const QList<QList<std::optional<double>>> &raters)
{
    Ratings ratings;
    ratings.raters = int(raters.size());
    for (qsizetype u = 0; u < raters.first().size(); ++u) {
        QList<std::optional<double>> unit;
        for (const auto &rater : raters)
            unit.append(rater.at(u));
        ratings.cells.append(unit);
    }
    return ratings;
}

// Units given as how many raters chose each category (Fleiss' layout).
Ratings fromCounts(const QList<QList<int>> &counts)
{
    Ratings ratings;
    for (const auto &unit : counts) {
        QList<std::optional<double>> cells;
        for (qsizetype category = 0; category < unit.size(); ++category)
            for (int i = 0; i < unit[category]; ++i)
                cells.append(double(category));
        ratings.raters = std::max(ratings.raters, int(cells.size()));
        ratings.cells.append(cells);
    }
    return ratings;
}

} // namespace

TEST(Agreement, CohensKappaOfTheTextbookTwoByTwoTable)
{
    // 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15. po = .7, pe = .5, kappa = .4.
    Ratings ratings;
    ratings.raters = 2;
    auto add = [&](int n, double a, double b) {
        for (int i = 0; i < n; ++i)
            ratings.cells.append({a, b});
    };
    add(20, 1, 1);
    add(5, 1, 0);
    add(10, 0, 1);
    add(15, 0, 0);
    ASSERT_TRUE(cohensKappa(ratings, 0, 1));
    EXPECT_NEAR(*cohensKappa(ratings, 0, 1), 0.4, 1e-12);
    EXPECT_NEAR(*percentAgreement(ratings), 0.7, 1e-12);
    EXPECT_EQ(sharedUnits(ratings, 0, 1), 50);
}

TEST(Agreement, FleissKappaOfTheWorkedExample)
{
    // Ten subjects, fourteen raters, five categories (the worked example of Fleiss' kappa that textbooks
    // and Wikipedia print): P̄ = 0.378, Pe = 0.213, kappa = 0.210.
    const Ratings ratings = fromCounts({{0, 0, 0, 0, 14},
                                        {0, 2, 6, 4, 2},
                                        {0, 0, 3, 5, 6},
                                        {0, 3, 9, 2, 0},
                                        {2, 2, 8, 1, 1},
                                        {7, 7, 0, 0, 0},
                                        {3, 2, 6, 3, 0},
                                        {2, 5, 3, 2, 2},
                                        {6, 5, 2, 1, 0},
                                        {0, 2, 2, 3, 7}});
    ASSERT_TRUE(fleissKappa(ratings));
    EXPECT_NEAR(*fleissKappa(ratings), 0.20993, 5e-5);
    EXPECT_NEAR(*percentAgreement(ratings), 0.37802, 5e-5) << "with every unit fully rated, P̄";
}

TEST(Agreement, KrippendorffsAlphaOfHisOwnExamples)
{
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", A: two coders, binary data.
    const Ratings binary = byRater({{0, 1, 0, 0, 0, 0, 0, 0, 1, 0}, {1, 1, 1, 0, 0, 1, 0, 0, 0, 0}});
    ASSERT_TRUE(krippendorffAlpha(binary, Level::Nominal));
    EXPECT_NEAR(*krippendorffAlpha(binary, Level::Nominal), 0.095, 5e-4);

    // C: four coders, twelve units, values 1 to 5, with missing values (unit 12 has one value and is not
    // pairable). Nominal alpha 0.743, interval alpha 0.849.
    const Ratings missing = byRater({{1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _},
                                     {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3},
                                     {_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _},
                                     {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _}});
    ASSERT_TRUE(krippendorffAlpha(missing, Level::Nominal));
    EXPECT_NEAR(*krippendorffAlpha(missing, Level::Nominal), 0.743, 5e-4);
    ASSERT_TRUE(krippendorffAlpha(missing, Level::Interval));
    EXPECT_NEAR(*krippendorffAlpha(missing, Level::Interval), 0.849, 5e-4);
}

TEST(Agreement, EdgeCasesAreNotDefinedRatherThanNaN)
{
    // One reviewer: no pairs at all.
    const Ratings alone = byRater({{1, 2, 3}});
    EXPECT_FALSE(percentAgreement(alone));
    EXPECT_FALSE(fleissKappa(alone));
    EXPECT_FALSE(krippendorffAlpha(alone, Level::Nominal));
    EXPECT_FALSE(cohensKappa(alone, 0, 1));

    // Every answer the same category: they agree fully, but chance explains it all.
    const Ratings oneCategory = byRater({{2, 2, 2}, {2, 2, 2}});
    EXPECT_EQ(percentAgreement(oneCategory), 1.0);
    EXPECT_FALSE(cohensKappa(oneCategory, 0, 1));
    EXPECT_FALSE(fleissKappa(oneCategory));
    EXPECT_FALSE(krippendorffAlpha(oneCategory, Level::Nominal));
    EXPECT_FALSE(krippendorffAlpha(oneCategory, Level::Interval));

    // All missing, and two raters who never answered the same unit.
    const Ratings none = byRater({{_, _}, {_, _}});
    EXPECT_FALSE(percentAgreement(none));
    EXPECT_FALSE(krippendorffAlpha(none, Level::Interval));
    const Ratings apart = byRater({{1, _}, {_, 2}});
    EXPECT_FALSE(cohensKappa(apart, 0, 1));
    EXPECT_EQ(sharedUnits(apart, 0, 1), 0);
    EXPECT_FALSE(fleissKappa(apart));
}

TEST(Agreement, LabelsBecomeCodes)
{
    const Ratings r = Ratings::fromLabels(
        2, {{QStringLiteral("good"), QStringLiteral("bad")}, {QStringLiteral("good"), std::nullopt}});
    ASSERT_EQ(r.cells.size(), 2);
    EXPECT_EQ(r.cells[0][0], 1.0) << "bad, good in sorted order";
    EXPECT_EQ(r.cells[0][1], 0.0);
    EXPECT_FALSE(r.cells[1][1]);
}

TEST(AgreementProperties, PerfectAgreementIsOneAndNominalAlphaIgnoresTheLabels)
{
    QRandomGenerator random(20261205);
    for (int trial = 0; trial < 200; ++trial) {
        const int raters = 2 + int(random.bounded(7));
        const int units = 2 + int(random.bounded(30));
        const int categories = 2 + int(random.bounded(5));
        Ratings same, noisy;
        same.raters = noisy.raters = raters;
        for (int u = 0; u < units; ++u) {
            const double truth = u < categories ? u : random.bounded(categories); // every category used
            QList<std::optional<double>> sameUnit, noisyUnit;
            for (int r = 0; r < raters; ++r) {
                sameUnit.append(truth);
                noisyUnit.append(random.bounded(5) == 0 ? std::nullopt
                                                        : std::optional<double>(random.bounded(categories)));
            }
            same.cells.append(sameUnit);
            noisy.cells.append(noisyUnit);
        }
        EXPECT_EQ(percentAgreement(same), 1.0);
        EXPECT_NEAR(fleissKappa(same).value_or(-9), 1.0, 1e-12);
        EXPECT_NEAR(cohensKappa(same, 0, 1).value_or(-9), 1.0, 1e-12);
        EXPECT_NEAR(krippendorffAlpha(same, Level::Nominal).value_or(-9), 1.0, 1e-12);
        EXPECT_NEAR(krippendorffAlpha(same, Level::Interval).value_or(-9), 1.0, 1e-12);

        // The categories renamed by a permutation: nominal statistics do not change.
        QList<double> rename;
        for (int c = 0; c < categories; ++c)
            rename.append(c * 7.5 + 3);
        std::shuffle(rename.begin(), rename.end(), random);
        Ratings renamed = noisy;
        for (auto &unit : renamed.cells)
            for (auto &cell : unit)
                if (cell)
                    cell = rename.at(int(*cell));
        const auto alpha = krippendorffAlpha(noisy, Level::Nominal);
        ASSERT_EQ(bool(alpha), bool(krippendorffAlpha(renamed, Level::Nominal)));
        if (alpha) {
            EXPECT_NEAR(*alpha, *krippendorffAlpha(renamed, Level::Nominal), 1e-9);
        }
        EXPECT_EQ(fleissKappa(noisy).has_value(), fleissKappa(renamed).has_value());
        if (fleissKappa(noisy)) {
            EXPECT_NEAR(*fleissKappa(noisy), *fleissKappa(renamed), 1e-9);
        }
        const auto ab = cohensKappa(noisy, 0, 1), ba = cohensKappa(noisy, 1, 0);
        ASSERT_EQ(bool(ab), bool(ba));
        if (ab) {
            EXPECT_NEAR(*ab, *ba, 1e-12) << "Cohen's kappa is symmetric";
        }
    }
}
