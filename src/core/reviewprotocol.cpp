#include "reviewprotocol.h"

#include "jsonfields.h"

#include <QJsonArray>

namespace assay {

using namespace Qt::StringLiterals;

namespace {

constexpr std::pair<AnswerStatus, QLatin1StringView> kStatusNames[] = {
    {AnswerStatus::Applied, "applied"_L1},
    {AnswerStatus::Duplicate, "duplicate"_L1},
    {AnswerStatus::Superseded, "superseded"_L1},
    {AnswerStatus::Rejected, "rejected"_L1},
};

} // namespace

QString answerStatusName(AnswerStatus status)
{
    for (const auto &[s, name] : kStatusNames)
        if (s == status)
            return name;
    Q_UNREACHABLE();
    return {};
}

std::optional<AnswerStatus> answerStatusNamed(QStringView name)
{
    for (const auto &[s, n] : kStatusNames)
        if (name == n)
            return s;
    return std::nullopt;
}

QJsonObject answerOutcomeToJson(const AnswerOutcome &outcome)
{
    QJsonObject out{{"status"_L1, answerStatusName(outcome.status)}};
    if (!outcome.id.isNull())
        out.insert("id"_L1, outcome.id.toString());
    if (outcome.status == AnswerStatus::Rejected)
        out.insert("errors"_L1, QJsonArray::fromStringList(outcome.errors));
    else if (outcome.status != AnswerStatus::Duplicate)
        out.insert("flags"_L1, QJsonArray::fromStringList(outcome.flags));
    return out;
}

Result<AnswerOutcome> answerOutcomeFromJson(const QJsonObject &json, const QString &where)
{
    auto id = Uuid::parse(json.value("id"_L1).toString());
    if (!id)
        return Error{id.error().message, where + u".id"_s};
    const QString statusName = json.value("status"_L1).toString();
    const auto status = answerStatusNamed(statusName);
    if (!status)
        return Error{u"unknown status '%1'"_s.arg(statusName), where + u".status"_s};
    return AnswerOutcome{*id, *status, stringsOf(json.value("errors"_L1)), stringsOf(json.value("flags"_L1))};
}

} // namespace assay
