#pragma once

// What an export writes for one queue item, in each format (docs/exports.md). Pure: the server reads
// the items, these write them, so the formats are tested here byte for byte.
//
// - jsonl: one object per item: the run (LangSmith's run object, as GET /runs/{id} answers it), the item
//   (reason, who added it), each reviewer's answer (values, comment, correction, rubric version, timings).
// - csv: one row per item and reviewer (an item nobody answered: one row with empty answer columns),
//   a column per rubric field.
// - openai, sharegpt, alpaca: one training example per qualifying item, the conversation read the way
//   the review screen reads it, the assistant's turn the reviewer's correction when there is one,
//   else the run's answer.
// - dpo: one preference pair per qualifying item with a correction: chosen the correction, rejected
//   the run's answer.

#include "annotation.h"
#include "queue.h"
#include "result.h"
#include "rubric.h"
#include "run.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace assay {

enum class ExportFormat { Jsonl, Csv, OpenAiChat, ShareGpt, Alpaca, Dpo };

std::optional<ExportFormat> exportFormatNamed(QStringView name); // "jsonl", "csv", "openai", ...
QString exportFormatName(ExportFormat format);
QStringList exportFormatNames();
QByteArray exportContentType(ExportFormat format);
QString exportFileExtension(ExportFormat format); // "jsonl" or "csv"
// A name as a file name's stem: letters, digits, - and _ kept, anything else a -.
QString fileStem(QString name);
// Training formats write examples for qualifying items only, and say which runs they could not read.
bool isTrainingFormat(ExportFormat format);

struct ExportAnswer {
    QString reviewerName; // the user's name; empty for a service key
    Annotation annotation;
};

struct ExportItem {
    QueueItem item;
    Run run;
    // The run as LangSmith's run object (runToJson, compact), when the caller has it stored that way:
    // jsonl writes it as it is rather than decoding and encoding the run again.
    QByteArray runJson;
    QList<ExportAnswer> answers; // current answers, oldest first
    bool completed = false;      // as many answers as the queue needs
};

// Which answers qualify: conditions on rubric values, all of which must hold ("overall_quality = good
// and faithfulness >= 4"). Operators = (also ==), !=, <, <=, >, >=; values bare words, numbers, true,
// false, or quoted "...". Numbers compare as numbers; a field the answer left empty meets none.
struct AnswerCondition {
    enum class Op { Eq, Ne, Lt, Le, Gt, Ge };
    QString key;
    Op op = Op::Eq;
    QJsonValue value;
};

struct AnswerFilter {
    QList<AnswerCondition> conditions;

    bool isEmpty() const { return conditions.isEmpty(); }
    bool matches(const QJsonObject &values) const;
};

// Every key must be a field of one of `rubrics` (the queue's versions); errors say where.
Result<AnswerFilter> parseAnswerFilter(const QString &text, const QList<Rubric> &rubrics);

// The rubric fields' keys over all versions, current version's order first, then older keys: the CSV's
// answer columns.
QStringList answerColumns(const QList<Rubric> &rubricsNewestFirst);

QByteArray annotatedJsonLine(const ExportItem &item);
QByteArray annotatedCsvHeader(const QStringList &answerColumns);
// One row per answer (an item nobody answered: one row), each a record of its own when resuming.
QList<QByteArray> annotatedCsvRows(const ExportItem &item, const QStringList &answerColumns);

// A training example from an item, or why it could not be made from the run.
struct TrainingExample {
    QByteArray line;    // with its newline; empty when skipped
    QString unreadable; // why the run's conversation could not be read
};
// `qualifying`: the item's answers that met the filter (at least one). For dpo, an item whose
// qualifying answers carry no correction yields neither a line nor a reason (nothing to prefer).
TrainingExample trainingExample(ExportFormat format, const ExportItem &item,
                                const QList<ExportAnswer> &qualifying);

// A correction as the assistant's text: a string as it is, an object's answer read like outputs.
QString correctionText(const QJsonValue &correction);

} // namespace assay
