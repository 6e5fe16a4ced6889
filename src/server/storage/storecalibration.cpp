// Calibration rounds: the round (its document) and its items, whose `open` copies the round's so an
// answer can ask through an index whether its run is in an open round of its queue.

#include "store.h"

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

Result<CalibrationRound> roundFromDoc(const QByteArray &bytes)
{
    return parseCalibrationRound(decodeDoc(bytes));
}

} // namespace

Status Store::insertCalibrationRound(const CalibrationRound &round)
{
    auto q = exec(u"INSERT INTO calibration_rounds (id, queue_id, open, created_at, closed_at, doc)"
                  " VALUES (?, ?, 1, ?, NULL, ?)"_s,
                  {round.id.toString(), round.queueId.toString(), round.createdAt.micros(),
                   encodeDoc(calibrationRoundToJson(round))});
    if (!q)
        return q.error();
    return insertRows(u"INSERT INTO calibration_items (round_id, queue_id, run_id, open) VALUES "_s, 4,
                      round.runIds.size(), [&](qsizetype i, QVariantList &binds) {
                          binds << round.id.toString() << round.queueId.toString()
                                << round.runIds[i].toString() << 1;
                      });
}

Status Store::closeCalibrationRound(const CalibrationRound &round)
{
    const qint64 closedAt = round.closedAt.value_or(Timestamp::now()).micros();
    if (auto q = exec(u"UPDATE calibration_rounds SET open = 0, closed_at = ?, doc = ? WHERE id = ?"_s,
                      {closedAt, encodeDoc(calibrationRoundToJson(round)), round.id.toString()});
        !q)
        return q.error();
    if (auto q = exec(u"UPDATE calibration_items SET open = 0 WHERE round_id = ?"_s, {round.id.toString()});
        !q)
        return q.error();
    return Ok{};
}

Result<std::optional<CalibrationRound>> Store::calibrationRound(const Uuid &id)
{
    return doc(u"SELECT doc FROM calibration_rounds WHERE id = ?"_s, {id.toString()}, roundFromDoc);
}

Result<QList<CalibrationRound>> Store::calibrationRounds(const Uuid &queueId)
{
    return docs(u"SELECT doc FROM calibration_rounds WHERE queue_id = ? ORDER BY created_at DESC, id"_s,
                {queueId.toString()}, roundFromDoc);
}

Result<std::optional<CalibrationRound>> Store::openCalibrationRound(const Uuid &queueId)
{
    return doc(u"SELECT doc FROM calibration_rounds WHERE queue_id = ? AND open = 1"_s, {queueId.toString()},
               roundFromDoc);
}

Result<QList<Uuid>> Store::unansweredRunsOf(const Uuid &queueId)
{
    return uuidList(firstColumn(
        u"SELECT run_id FROM queue_items WHERE queue_id = ? AND reviewers = 0 ORDER BY added_at, id"_s,
        {queueId.toString()}));
}

Result<QList<Uuid>> Store::multiReviewRuns(const Uuid &queueId, qsizetype reviewers, qsizetype limit)
{
    return uuidList(firstColumn(u"SELECT run_id FROM queue_items WHERE queue_id = ? AND reviewers >= ?"
                                " ORDER BY added_at DESC, id DESC LIMIT ?"_s,
                                {queueId.toString(), qint64(reviewers), qint64(limit)}));
}

Result<QSet<Uuid>> Store::runsInOpenRound(const Uuid &queueId, const QList<Uuid> &runIds)
{
    if (runIds.isEmpty())
        return QSet<Uuid>();
    QVariantList binds{queueId.toString()};
    const QString in = inList(runIds, binds);
    return uuidSet(firstColumn(
        u"SELECT run_id FROM calibration_items WHERE queue_id = ? AND open = 1 AND run_id IN "_s + in,
        binds));
}

Result<std::optional<Timestamp>> Store::lastCalibrationRoundAt(const Uuid &queueId)
{
    auto row = firstRow(u"SELECT MAX(created_at) FROM calibration_rounds WHERE queue_id = ?"_s,
                        {queueId.toString()});
    if (!row)
        return row.error();
    return timeOrNothing(*row);
}

} // namespace assay::server
