#include "calibrationround.h"

#include "core/jsonfields.h"

#include <QJsonArray>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

void answerWithRound(const ApiReply &reply, const RoundCallback &done)
{
    if (!reply.ok()) {
        const QString fields = reply.fieldErrors.join(u"; "_s);
        done(Error{fields.isEmpty() ? reply.message : fields, {}});
        return;
    }
    done(parseCalibrationRound(reply.body.toObject()));
}

QString roundsPath(const Uuid &queueId)
{
    return u"/annotation-queues/%1/calibration-rounds"_s.arg(queueId.toString());
}

} // namespace

QString CalibrationRoundData::title() const
{
    const QString when = QLocale().toString(createdAt.toLocalTime(), QLocale::ShortFormat);
    return name.isEmpty() ? when : u"%1 (%2)"_s.arg(name, when);
}

Result<CalibrationRoundData> parseCalibrationRound(const QJsonObject &json)
{
    CalibrationRoundData r;
    r.id = json.value("id"_L1).toString();
    if (r.id.isEmpty())
        return Error{u"the server's answer is not a calibration round"_s, {}};
    r.name = json.value("name"_L1).toString();
    r.open = json.value("status"_L1).toString() == u"open";
    r.createdAt = QDateTime::fromString(json.value("created_at"_L1).toString(), Qt::ISODateWithMs);
    if (json.value("closed_at"_L1).isString())
        r.closedAt = QDateTime::fromString(json.value("closed_at"_L1).toString(), Qt::ISODateWithMs);
    r.reviewers = stringsOf(json.value("reviewers"_L1));
    const QJsonObject names = json.value("reviewer_names"_L1).toObject();
    for (auto it = names.begin(); it != names.end(); ++it)
        r.names.insert(it.key(), it.value().toString());
    for (const QJsonValue &v : json.value("progress"_L1).toArray())
        r.answeredBy.insert(v.toObject().value("reviewer"_L1).toString(),
                            v.toObject().value("answered"_L1).toInt());
    r.items = int(json.value("run_ids"_L1).toArray().size());
    r.answered = json.value("answered"_L1).toInt();
    r.expected = json.value("expected"_L1).toInt();
    if (json.value("seed"_L1).isString())
        r.seed = json.value("seed"_L1).toString().toULongLong();
    const QJsonObject report = json.value("report"_L1).toObject();
    r.hasReport = !report.isEmpty();
    r.reportReviewers = stringsOf(report.value("reviewers"_L1));
    for (const QJsonValue &v : report.value("fields"_L1).toArray()) {
        const QJsonObject f = v.toObject();
        RoundField field{f.value("key"_L1).toString(),
                         f.value("label"_L1).toString(),
                         f.value("type"_L1).toString(),
                         numberOrNothing(f.value("percent_agreement"_L1)),
                         numberOrNothing(f.value("fleiss_kappa"_L1)),
                         numberOrNothing(f.value("krippendorff_alpha"_L1)),
                         f.value("alpha_level"_L1).toString(),
                         f.value("flagged"_L1).toBool(),
                         {}};
        for (const QJsonValue &p : f.value("pairs"_L1).toArray()) {
            const QJsonObject o = p.toObject();
            field.pairs.append({o.value("a"_L1).toString(), o.value("b"_L1).toString(),
                                o.value("shared_items"_L1).toInt(),
                                numberOrNothing(o.value("cohens_kappa"_L1))});
        }
        r.fields.append(field);
    }
    for (const QJsonValue &v : report.value("items"_L1).toArray()) {
        const QJsonObject o = v.toObject();
        RoundItem item{o.value("run_id"_L1).toString(),
                       o.value("disagreement"_L1).toDouble(),
                       stringsOf(o.value("fields_in_dispute"_L1)),
                       {},
                       {}};
        const QJsonObject answers = o.value("answers"_L1).toObject();
        for (auto it = answers.begin(); it != answers.end(); ++it)
            item.answers.insert(it.key(), it.value().toObject());
        const QJsonObject comments = o.value("comments"_L1).toObject();
        for (auto it = comments.begin(); it != comments.end(); ++it)
            item.comments.insert(it.key(), it.value().toString());
        r.disputed.append(item);
    }
    return r;
}

void listCalibrationRounds(ApiClient &api, const Uuid &queueId,
                           std::function<void(Result<QList<CalibrationRoundData>>)> done)
{
    api.get(roundsPath(queueId), [done](const ApiReply &reply) {
        if (!reply.ok()) {
            done(Error{reply.message, {}});
            return;
        }
        QList<CalibrationRoundData> rounds;
        for (const QJsonValue &v : reply.body.toArray()) {
            auto round = parseCalibrationRound(v.toObject());
            if (!round) {
                done(round.error());
                return;
            }
            rounds.append(*round);
        }
        done(rounds);
    });
}

void fetchCalibrationRound(ApiClient &api, const Uuid &queueId, const QString &roundId, RoundCallback done)
{
    api.get(roundsPath(queueId) + u"/"_s + roundId,
            [done](const ApiReply &reply) { answerWithRound(reply, done); });
}

void startCalibrationRound(ApiClient &api, const Uuid &queueId, const QString &name, const RoundItems &items,
                           RoundCallback done)
{
    QJsonObject body;
    if (!items.runIds.isEmpty()) {
        body.insert(u"run_ids"_s, QJsonArray::fromStringList(items.runIds));
    } else {
        body.insert(u"size"_s, items.size);
        if (items.seed)
            body.insert(u"seed"_s, QString::number(*items.seed));
    }
    if (!name.isEmpty())
        body.insert(u"name"_s, name);
    api.post(roundsPath(queueId), body, [done](const ApiReply &reply) { answerWithRound(reply, done); });
}

void closeCalibrationRound(ApiClient &api, const Uuid &queueId, const QString &roundId, RoundCallback done)
{
    api.post(roundsPath(queueId) + u"/"_s + roundId + u"/close"_s, QJsonObject{},
             [done](const ApiReply &reply) { answerWithRound(reply, done); });
}

} // namespace assay::client
