#pragma once

// Calibration rounds for a queue's lead: start one (the items chosen by hand or a seeded sample of the
// queue's unanswered items; every reviewer assigned at that moment must answer each), follow it (who has
// answered how many, never what), close it (the blind answers become feedback, and the agreement report
// is read). One open round per queue. docs/calibration.md has the rules; nothing here knows HTTP.

#include "auth/principal.h"
#include "auth/refusal.h"
#include "storage/store.h"

namespace assay::server {

struct StartRoundRequest {
    QString name;
    QList<Uuid> runIds;          // chosen by hand; else a sample
    qsizetype size = 20;         // a sample's size
    std::optional<quint64> seed; // a sample's seed; drawn when not given
};

struct RoundStatus {
    CalibrationRound round;
    QHash<QString, qsizetype> answeredBy;    // reviewer -> items of the round answered
    std::optional<CalibrationReport> report; // once closed
    QHash<QString, QString> names;           // reviewer id -> name, where the id is a user's
};

class CalibrationService {
public:
    CalibrationService(Store &store, const Principal &caller)
        : m_store(store)
        , m_caller(caller)
    {
    }
    static constexpr qsizetype kMaxItems = 500;

    Result<Decision<RoundStatus>> start(const Queue &queue, const StartRoundRequest &request);
    Result<QList<RoundStatus>> list(const Queue &queue); // newest first, without reports
    Result<Decision<RoundStatus>> get(const Queue &queue, const Uuid &roundId);
    Result<Decision<RoundStatus>> close(const Queue &queue, const Uuid &roundId);

    // The latest closed round of the queue with its report, if there is one.
    Result<std::optional<RoundStatus>> latestClosed(const Queue &queue);

private:
    // The round with its progress (its blind answers read) and, when asked and closed, its report.
    Result<RoundStatus> statusOf(const Queue &queue, const CalibrationRound &round, bool withReport);
    // The same from answers already read.
    Result<RoundStatus> statusFrom(const Queue &queue, const CalibrationRound &round,
                                   const QList<StoredAnnotation> &answers, bool withReport);
    Result<Decision<CalibrationRound>> roundOf(const Queue &queue, const Uuid &roundId);

    Store &m_store;
    const Principal &m_caller;
    std::optional<QHash<QString, QString>> m_names; // users' names, once read
};

} // namespace assay::server
