#pragma once

// What the review protocol says about a submitted answer (POST /review/submit, docs/rest-api.md), as
// one type the server writes and the desktop app reads, so neither side matches strings of its own.

#include "result.h"
#include "uuid.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace assay {

// What became of one answer. Applied: it is the reviewer's current answer for the item. Duplicate: an
// answer with its id was stored before (a replay; nothing changed). Superseded: stored as history, a
// newer answer of the reviewer's is current. Rejected: not stored (errors say why, field by field).
enum class AnswerStatus { Applied, Duplicate, Superseded, Rejected };

QString answerStatusName(AnswerStatus status);
std::optional<AnswerStatus> answerStatusNamed(QStringView name);

// Marks on a stored answer: what was unusual about its arrival. An answer is never refused for these.
namespace answerflag {
inline constexpr QLatin1StringView kLate{"late"};            // its lease had expired or was never held
inline constexpr QLatin1StringView kRemoved{"removed"};      // the item left the queue meanwhile
inline constexpr QLatin1StringView kOldRubric{"old_rubric"}; // made under an older rubric version
// made by "done" (LangSmith's item status) or SDK feedback from the reviewer's own feedback on the run
inline constexpr QLatin1StringView kFromFeedback{"from_feedback"};
// made for an open calibration round: blind (no feedback, no values in the audit log) until it closes
inline constexpr QLatin1StringView kCalibration{"calibration"};
} // namespace answerflag

struct AnswerOutcome {
    Uuid id; // the answer's (client-made) id; null when the entry had none that could be read
    AnswerStatus status = AnswerStatus::Rejected;
    QStringList errors; // for a rejected answer: "<field>: <message>"
    QStringList flags;  // for a stored one: answerflag values

    static AnswerOutcome rejected(const Uuid &id, QStringList errors)
    {
        return {id, AnswerStatus::Rejected, std::move(errors), {}};
    }
};

// {"id", "status", "errors"?, "flags"?}: errors only when rejected, flags only when stored.
QJsonObject answerOutcomeToJson(const AnswerOutcome &outcome);
// Reads one entry of a submit's `results`; `where` prefixes the field an error names.
Result<AnswerOutcome> answerOutcomeFromJson(const QJsonObject &json, const QString &where);

} // namespace assay
