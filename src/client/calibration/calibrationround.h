#pragma once

// Calibration rounds as the lead's Calibration page reads them (docs/calibration.md): a round with its
// progress and, once closed, its report; the requests that start, list and close rounds.

#include "api/apiclient.h"
#include "core/result.h"
#include "core/uuid.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>

#include <functional>
#include <optional>

namespace assay::client {

struct RoundField {
    QString key, label, type;
    std::optional<double> percentAgreement, fleissKappa, krippendorffAlpha;
    QString alphaLevel;
    bool flagged = false;
    struct Pair {
        QString a, b;
        int sharedItems = 0;
        std::optional<double> kappa;
    };
    QList<Pair> pairs;
};

struct RoundItem {
    QString runId;
    double disagreement = 0;
    QStringList fieldsInDispute;
    QHash<QString, QJsonObject> answers; // reviewer -> values
    QHash<QString, QString> comments;
};

struct CalibrationRoundData {
    QString id, name;
    bool open = true;
    QDateTime createdAt;
    std::optional<QDateTime> closedAt;
    QStringList reviewers;
    QHash<QString, QString> names; // reviewer id -> name
    QHash<QString, int> answeredBy;
    int items = 0, answered = 0, expected = 0;
    std::optional<quint64> seed;
    bool hasReport = false;
    QStringList reportReviewers; // the report's columns
    QList<RoundField> fields;
    QList<RoundItem> disputed; // most disagreement first

    QString nameOf(const QString &reviewer) const { return names.value(reviewer, reviewer); }
    QString title() const; // its name, or when it began
};

Result<CalibrationRoundData> parseCalibrationRound(const QJsonObject &json);

using RoundCallback = std::function<void(Result<CalibrationRoundData>)>;
void listCalibrationRounds(ApiClient &api, const Uuid &queueId,
                           std::function<void(Result<QList<CalibrationRoundData>>)> done);
void fetchCalibrationRound(ApiClient &api, const Uuid &queueId, const QString &roundId, RoundCallback done);
// The runs chosen by hand (`runIds`), or else a sample of `size` of the queue's unanswered items (with
// `seed`, when given).
struct RoundItems {
    QStringList runIds;
    int size = 20;
    std::optional<quint64> seed;
};
void startCalibrationRound(ApiClient &api, const Uuid &queueId, const QString &name, const RoundItems &items,
                           RoundCallback done);
void closeCalibrationRound(ApiClient &api, const Uuid &queueId, const QString &roundId, RoundCallback done);

} // namespace assay::client
