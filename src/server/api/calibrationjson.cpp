#include "calibrationjson.h"

#include <QJsonArray>

namespace assay::server {

using namespace Qt::StringLiterals;

QJsonObject roundStatusToJson(const RoundStatus &s)
{
    QJsonObject json = calibrationRoundToJson(s.round);
    QJsonObject names;
    QJsonArray progress;
    qsizetype answered = 0;
    for (const QString &reviewer : s.round.reviewers) {
        const qsizetype n = s.answeredBy.value(reviewer);
        answered += n;
        progress.append(QJsonObject{{u"reviewer"_s, reviewer},
                                    {u"name"_s, s.names.value(reviewer, reviewer)},
                                    {u"answered"_s, n},
                                    {u"items"_s, s.round.runIds.size()}});
    }
    json.insert(u"progress"_s, progress);
    json.insert(u"answered"_s, answered);
    json.insert(u"expected"_s, s.round.runIds.size() * s.round.reviewers.size());
    if (s.report) {
        json.insert(u"report"_s, calibrationReportToJson(*s.report));
        for (const QString &reviewer : s.report->reviewers)
            names.insert(reviewer, s.names.value(reviewer, reviewer));
    } else {
        for (const QString &reviewer : s.round.reviewers)
            names.insert(reviewer, s.names.value(reviewer, reviewer));
    }
    json.insert(u"reviewer_names"_s, names);
    return json;
}

} // namespace assay::server
