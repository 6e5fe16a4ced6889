// Calibration rounds' pure parts: the seeded sample (same seed, same runs, on any machine), the round's
// JSON, the agreement report per rubric field with the seed's 20 % rule and the items by disagreement,
// and who stands alone in multi-review items.

#include "core/calibration.h"

#include <gtest/gtest.h>

#include <QJsonArray>

using namespace assay;
using namespace Qt::StringLiterals;

namespace {

QList<Uuid> someRuns(int n)
{
    QList<Uuid> runs;
    for (int i = 0; i < n; ++i)
        runs.append(Uuid::v5(Uuid(), QByteArray::number(i)));
    return runs;
}

Rubric seedRubric()
{
    auto rubric = parseRubric(QJsonObject{
        {u"fields"_s,
         QJsonArray{
             QJsonObject{{u"name"_s, u"overall_quality"_s},
                         {u"type"_s, u"categorical"_s},
                         {u"options"_s, QJsonArray{u"good"_s, u"acceptable"_s, u"bad"_s}}},
             QJsonObject{
                 {u"name"_s, u"accuracy"_s}, {u"type"_s, u"continuous"_s}, {u"min"_s, 1}, {u"max"_s, 5}},
             QJsonObject{{u"name"_s, u"notes"_s}, {u"type"_s, u"freeform"_s}}}}});
    EXPECT_TRUE(bool(rubric));
    return *rubric;
}

RoundAnswer answer(const Uuid &run, const QString &reviewer, const QString &quality, double accuracy)
{
    return {run, reviewer, QJsonObject{{u"overall_quality"_s, quality}, {u"accuracy"_s, accuracy}}, {}};
}

} // namespace

TEST(CalibrationSample, TheSameSeedDrawsTheSameRunsInTheQueuesOrder)
{
    const QList<Uuid> pool = someRuns(1000);
    const QList<Uuid> a = sampleRuns(pool, 20, 42);
    EXPECT_EQ(a, sampleRuns(pool, 20, 42));
    EXPECT_NE(a, sampleRuns(pool, 20, 43));
    ASSERT_EQ(a.size(), 20);
    qsizetype last = -1;
    for (const Uuid &id : a) { // distinct, in the pool's order
        const qsizetype at = pool.indexOf(id);
        EXPECT_GT(at, last);
        last = at;
    }
    // Fixed by the standard's mt19937_64: these are the runs seed 42 draws on every machine, today and
    // after any change (a round's seed must keep naming the same sample).
    QList<qsizetype> at;
    for (const Uuid &id : a)
        at.append(pool.indexOf(id));
    EXPECT_EQ(at, QList<qsizetype>({56,  101, 158, 159, 279, 416, 434, 454, 499, 523,
                                    584, 667, 698, 710, 715, 793, 830, 852, 906, 931}));
    EXPECT_EQ(sampleRuns(pool.mid(0, 5), 20, 1), pool.mid(0, 5)); // fewer than asked: all of them
    EXPECT_TRUE(sampleRuns(pool, 0, 1).isEmpty());
}

TEST(CalibrationSample, EveryRunIsAboutEquallyLikely)
{
    const QList<Uuid> pool = someRuns(10);
    QHash<Uuid, int> drawn;
    for (quint64 seed = 0; seed < 5000; ++seed)
        for (const Uuid &id : sampleRuns(pool, 3, seed))
            ++drawn[id];
    for (const Uuid &id : pool) // 5000 × 3/10 = 1500 each
        EXPECT_NEAR(drawn.value(id), 1500, 150) << id.toString().toStdString();
}

TEST(CalibrationRoundJson, RoundTripsWithItsSeedExact)
{
    CalibrationRound r;
    r.id = Uuid::v7();
    r.queueId = Uuid::v7();
    r.name = u"week 49"_s;
    r.createdAt = Timestamp::fromMicros(1'700'000'000'000'000);
    r.createdBy = u"key:abc"_s;
    r.rubricVersion = 3;
    r.reviewers = {u"u1"_s, u"u2"_s};
    r.selection = u"sample"_s;
    r.seed = 18'446'744'073'709'551'557ULL; // needs all 64 bits
    r.runIds = someRuns(3);
    auto back = parseCalibrationRound(calibrationRoundToJson(r));
    ASSERT_TRUE(bool(back)) << back.error().toString().toStdString();
    EXPECT_EQ(*back, r);
    r.open = false;
    r.closedAt = Timestamp::fromMicros(1'700'000'100'000'000);
    EXPECT_EQ(*parseCalibrationRound(calibrationRoundToJson(r)), r);
}

TEST(CalibrationReport, AgreementPerFieldWithTheSeedsRuleAndTheItemsByDisagreement)
{
    CalibrationRound round;
    round.runIds = someRuns(4);
    round.reviewers = {u"ann"_s, u"bob"_s, u"cy"_s};
    const auto &r = round.runIds;
    // overall_quality: items 0-2 unanimous, item 3 split 2:1 -> 10 of 12 pairs agree (83 %): not flagged.
    // accuracy: every item split -> 4 of 12 pairs agree (33 %): flagged.
    QList<RoundAnswer> answers{
        answer(r[0], u"ann"_s, u"good"_s, 5), answer(r[0], u"bob"_s, u"good"_s, 4),
        answer(r[0], u"cy"_s, u"good"_s, 4),  answer(r[1], u"ann"_s, u"bad"_s, 1),
        answer(r[1], u"bob"_s, u"bad"_s, 2),  answer(r[1], u"cy"_s, u"bad"_s, 2),
        answer(r[2], u"ann"_s, u"good"_s, 5), answer(r[2], u"bob"_s, u"good"_s, 3),
        answer(r[2], u"cy"_s, u"good"_s, 3),  answer(r[3], u"ann"_s, u"good"_s, 1),
        answer(r[3], u"bob"_s, u"bad"_s, 5),  answer(r[3], u"cy"_s, u"bad"_s, 5),
    };
    answers[0].comment = u"clear answer"_s;
    const CalibrationReport report = calibrationReport(round, seedRubric(), answers);
    EXPECT_EQ(report.answered, 12);
    EXPECT_EQ(report.expected, 12);
    ASSERT_EQ(report.fields.size(), 2); // the freeform field is not compared
    const FieldAgreement &quality = report.fields[0];
    EXPECT_EQ(quality.key, u"overall_quality");
    EXPECT_EQ(quality.answers, 12);
    EXPECT_NEAR(*quality.percentAgreement, 10.0 / 12, 1e-12);
    EXPECT_FALSE(quality.flagged);
    ASSERT_TRUE(quality.fleissKappa.has_value());
    ASSERT_TRUE(quality.krippendorffAlpha.has_value());
    ASSERT_EQ(quality.pairs.size(), 3);
    EXPECT_EQ(quality.pairs[2].a, u"bob"); // bob and cy agree everywhere
    EXPECT_EQ(quality.pairs[2].b, u"cy");
    EXPECT_DOUBLE_EQ(*quality.pairs[2].cohensKappa, 1.0);
    EXPECT_EQ(quality.pairs[2].sharedItems, 4);
    const FieldAgreement &accuracy = report.fields[1];
    EXPECT_NEAR(*accuracy.percentAgreement, 4.0 / 12, 1e-12);
    EXPECT_TRUE(accuracy.flagged);
    EXPECT_FALSE(accuracy.fleissKappa.has_value()); // nominal statistics for categorical fields only
    ASSERT_TRUE(accuracy.krippendorffAlpha.has_value());
    // Item 3: both fields 2 of 3 pairs differ; the unanimous-quality items 1/3 of accuracy pairs differ.
    ASSERT_EQ(report.items.size(), 4);
    EXPECT_EQ(report.items[0].runId, r[3]);
    EXPECT_NEAR(report.items[0].disagreement, 2.0 / 3, 1e-12);
    EXPECT_EQ(report.items[0].fieldsInDispute, QStringList({u"overall_quality"_s, u"accuracy"_s}));
    EXPECT_EQ(report.items[0].answers.value(u"ann"_s).value(u"overall_quality"_s).toString(), u"good");
    EXPECT_EQ(report.items[1].runId, r[0]); // ties keep the round's order
    EXPECT_EQ(report.items[1].comments.value(u"ann"_s), u"clear answer");
}

TEST(CalibrationReport, MissingAnswersAndSomeoneOutsideTheRound)
{
    CalibrationRound round;
    round.runIds = someRuns(2);
    round.reviewers = {u"ann"_s, u"bob"_s};
    const QList<RoundAnswer> answers{answer(round.runIds[0], u"ann"_s, u"good"_s, 3),
                                     answer(round.runIds[0], u"eve"_s, u"good"_s, 3),
                                     answer(someRuns(3)[2], u"bob"_s, u"bad"_s, 1)}; // not a round item
    const CalibrationReport report = calibrationReport(round, seedRubric(), answers);
    EXPECT_EQ(report.reviewers, QStringList({u"ann"_s, u"bob"_s, u"eve"_s}));
    EXPECT_EQ(report.answered, 1); // eve is not one of the round's reviewers
    EXPECT_EQ(report.expected, 4);
    EXPECT_DOUBLE_EQ(*report.fields[0].percentAgreement, 1.0);
    EXPECT_FALSE(report.fields[0].flagged);
    // one pair shared one item; every value the same: kappa not defined, alpha not defined
    ASSERT_EQ(report.fields[0].pairs.size(), 1);
    EXPECT_FALSE(report.fields[0].pairs[0].cohensKappa.has_value());
    EXPECT_FALSE(report.fields[0].krippendorffAlpha.has_value());
}

TEST(CalibrationReport, NobodyAnsweredGivesNothingDefinedAndNoFlag)
{
    CalibrationRound round;
    round.runIds = someRuns(3);
    round.reviewers = {u"ann"_s, u"bob"_s};
    const CalibrationReport report = calibrationReport(round, seedRubric(), {});
    EXPECT_EQ(report.answered, 0);
    for (const FieldAgreement &f : report.fields) {
        EXPECT_FALSE(f.percentAgreement.has_value());
        EXPECT_FALSE(f.flagged);
        EXPECT_TRUE(f.pairs.isEmpty());
    }
    const QJsonObject json = calibrationReportToJson(report);
    EXPECT_TRUE(json[u"fields"_s].toArray()[0].toObject()[u"percent_agreement"_s].isNull());
}

TEST(OddOneOut, OnlyAReviewerAloneAgainstAnAgreeingMajorityOfThreeOrMore)
{
    const Rubric rubric = seedRubric();
    auto item = [](std::initializer_list<std::pair<QString, QString>> answers) {
        QHash<QString, QJsonObject> out;
        for (const auto &[who, quality] : answers)
            out.insert(who, QJsonObject{{u"overall_quality"_s, quality}});
        return out;
    };
    const QList<QHash<QString, QJsonObject>> items{
        item({{u"ann"_s, u"good"_s}, {u"bob"_s, u"good"_s}, {u"cy"_s, u"bad"_s}}),       // cy alone
        item({{u"ann"_s, u"good"_s}, {u"bob"_s, u"bad"_s}, {u"cy"_s, u"acceptable"_s}}), // no majority
        item({{u"ann"_s, u"good"_s}, {u"bob"_s, u"bad"_s}}),                             // two: not counted
        item({{u"ann"_s, u"bad"_s},
              {u"bob"_s, u"good"_s},
              {u"cy"_s, u"good"_s},
              {u"dee"_s, u"good"_s}}), // ann
        item(
            {{u"ann"_s, u"good"_s}, {u"bob"_s, u"good"_s}, {u"cy"_s, u"bad"_s}, {u"dee"_s, u"bad"_s}}), // 2:2
    };
    const QHash<QString, OddOneOut> counts = oddOneOut(rubric, items);
    EXPECT_EQ(counts.value(u"ann"_s).items, 4);
    EXPECT_EQ(counts.value(u"ann"_s).odd, 1);
    EXPECT_EQ(counts.value(u"cy"_s).items, 4);
    EXPECT_EQ(counts.value(u"cy"_s).odd, 1);
    EXPECT_EQ(counts.value(u"bob"_s).odd, 0);
    EXPECT_EQ(counts.value(u"dee"_s).items, 2);
    EXPECT_EQ(counts.value(u"dee"_s).odd, 0);
}
