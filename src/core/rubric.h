#pragma once

// The scoring schema reviewers fill out. One model for two spellings:
//  - the seed's form: {"fields":[{"name":"overall_quality","type":"categorical",
//                                  "options":["good","acceptable","bad"],"required":true}, ...]}
//  - LangSmith's: feedback configs ({feedback_key, feedback_config:{type,min,max,categories}}) plus the
//    queue's rubric items ({feedback_key, description, value_descriptions, score_descriptions, is_required}).
// Parsing checks shape (types, required keys) and fails on the first problem; validation checks meaning
// (unique keys, two options, min < max, ...) and reports every problem, each naming its field.

#include "result.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include <functional>
#include <optional>

namespace assay {

enum class FieldType { Categorical, Continuous, Freeform };
QString fieldTypeName(FieldType type);

struct RubricOption {
    QString value;               // what is stored as the feedback value
    QString label;               // what the reviewer reads
    std::optional<double> score; // LangSmith category value; stored as the feedback score
    QString description;

    friend bool operator==(const RubricOption &, const RubricOption &) = default;
};

struct ScalePoint { // a labelled point on a continuous scale
    double value = 0;
    QString label;

    friend bool operator==(const ScalePoint &, const ScalePoint &) = default;
};

struct RubricField {
    QString key; // the feedback key
    QString label;
    QString description;
    FieldType type = FieldType::Freeform;
    bool required = false;
    bool lowerIsBetter = false;
    QList<RubricOption> options;    // categorical
    std::optional<double> min, max; // continuous
    std::optional<double> step;     // continuous
    QList<ScalePoint> points;       // continuous
    std::optional<int> maxLength;   // freeform

    QString displayLabel() const { return label.isEmpty() ? key : label; }
    const RubricOption *option(QStringView valueOrLabel) const;
    // The option an answer picks: a string names its value or label, a number its score.
    const RubricOption *optionFor(const QJsonValue &answer) const;

    friend bool operator==(const RubricField &, const RubricField &) = default;
};

struct Rubric {
    int version = 1;      // bumped by the server on every change; annotations record it
    QString instructions; // the reviewer guide
    QList<RubricField> fields;

    const RubricField *field(QStringView key) const;

    friend bool operator==(const Rubric &, const Rubric &) = default;
};

struct ValidationIssue {
    QString field; // the key or path the problem is about
    QString message;
    QString toString() const { return field.isEmpty() ? message : field + QStringLiteral(": ") + message; }
};

struct ValidationReport {
    QList<ValidationIssue> errors;
    QList<ValidationIssue> warnings;
    bool ok() const { return errors.isEmpty(); }
    QString summary() const; // every error on its own line
};

// The seed's form; also accepts each field's optional label, description, per-option objects
// ({"value","label","description"}), min/max/step/points and max_length. Not validated.
Result<Rubric> parseRubric(const QJsonObject &json);
QJsonObject rubricToJson(const Rubric &rubric);

// A LangSmith feedback config (POST /feedback-configs body, or the inner feedback_config with the key
// given separately) as a rubric field without rubric-item details.
Result<RubricField> parseFeedbackConfig(const QString &key, const QJsonObject &feedbackConfig);
QJsonObject feedbackConfigToJson(const RubricField &field); // the inner {type, min, max, categories}

// LangSmith rubric items resolved against the feedback configs. A key without a config becomes a
// continuous 0..1 score, which is how LangSmith treats feedback keys it has no config for.
using FeedbackConfigLookup = std::function<std::optional<RubricField>(const QString &key)>;
Result<Rubric> rubricFromLangSmith(const QString &instructions, const QJsonArray &rubricItems,
                                   const FeedbackConfigLookup &configs);
QJsonArray rubricItemsToJson(const Rubric &rubric);

ValidationReport validateRubric(const Rubric &rubric);

// Checks one reviewer's values ({key: value}) against the rubric version they were made under.
ValidationReport validateAnnotationValues(const Rubric &rubric, const QJsonObject &values);

// Feedback keys: letters, digits and _ . : - (they appear in filters as feedback.<key>), at most 100.
bool isValidFeedbackKey(QStringView key);

} // namespace assay
