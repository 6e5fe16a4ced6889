#pragma once

// Calibration rounds: every reviewer of a queue answers the same items, blind, and the answers are then
// compared field by field (the seed: "disagreement over 20 % means the rubric needs clarification").
// What a round is, how its sample is drawn, and the agreement report; the server keeps rounds and
// answers (docs/calibration.md).

#include "agreement.h"
#include "result.h"
#include "rubric.h"
#include "timestamp.h"
#include "uuid.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace assay {

struct CalibrationRound {
    Uuid id;
    Uuid queueId;
    QString name;
    bool open = true;
    Timestamp createdAt;
    std::optional<Timestamp> closedAt;
    QString createdBy;     // the audit actor who started it
    int rubricVersion = 1; // the rubric the round was started under
    QStringList reviewers; // the queue's assigned reviewers when it started: each must answer every item
    QString selection;     // "hand" (run ids given) or "sample" (a seeded sample of the queue's items)
    std::optional<quint64> seed; // a sample's seed: the same seed over the same items draws the same runs
    QList<Uuid> runIds;

    friend bool operator==(const CalibrationRound &, const CalibrationRound &) = default;
};

QJsonObject calibrationRoundToJson(const CalibrationRound &round);
Result<CalibrationRound> parseCalibrationRound(const QJsonObject &json);

// `n` of `candidates` drawn without replacement by a generator seeded with `seed`, in the candidates'
// order: the same arguments always draw the same runs, on any machine.
QList<Uuid> sampleRuns(const QList<Uuid> &candidates, qsizetype n, quint64 seed);

// Below this percent agreement (disagreement over 20 %) a field is flagged.
constexpr double kCalibrationAgreementFloor = 0.8;

struct PairAgreement {
    QString a, b; // reviewer ids, a < b
    int sharedItems = 0;
    std::optional<double> cohensKappa;
};

struct FieldAgreement {
    QString key;
    QString label;
    FieldType type = FieldType::Categorical;
    int answers = 0; // cells with an answer
    std::optional<double> percentAgreement;
    std::optional<double> fleissKappa;       // categorical fields
    std::optional<double> krippendorffAlpha; // nominal for categorical, interval for continuous
    QList<PairAgreement> pairs;              // Cohen's κ of every pair of reviewers
    bool flagged = false;                    // percent agreement below the floor
};

struct ItemDisagreement {
    Uuid runId;
    double disagreement = 0; // mean over the compared fields of the share of answer pairs that differ
    QStringList fieldsInDispute;
    QHash<QString, QJsonObject> answers; // reviewer -> their values
    QHash<QString, QString> comments;    // reviewer -> comment, where one was written
};

struct CalibrationReport {
    QStringList reviewers; // the report's columns: the round's reviewers, then anyone else who answered
    QList<FieldAgreement> fields;  // categorical and continuous fields of the rubric, in its order
    QList<ItemDisagreement> items; // most disagreement first
    int answered = 0;              // (item, reviewer) pairs answered
    int expected = 0;              // items × the round's reviewers
};

// One reviewer's answer to one of the round's items.
struct RoundAnswer {
    Uuid runId;
    QString reviewer;
    QJsonObject values;
    QString comment;
};

// Agreement per field (freeform fields are not compared) and the items by disagreement.
CalibrationReport calibrationReport(const CalibrationRound &round, const Rubric &rubric,
                                    const QList<RoundAnswer> &answers);
QJsonObject calibrationReportToJson(const CalibrationReport &report);

// How often each reviewer was the odd one out in items answered by three reviewers or more: on some
// field of the rubric their answer differs while every other reviewer's is the same. `items` counts the
// multi-review items they answered, `odd` those they stood alone on.
struct OddOneOut {
    qint64 items = 0;
    qint64 odd = 0;
};
// Each element of `items` is one item's answers: reviewer -> their values.
QHash<QString, OddOneOut> oddOneOut(const Rubric &rubric, const QList<QHash<QString, QJsonObject>> &items);

} // namespace assay
