#include "core/rubric.h"

#include <printers.h>

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace assay;
using namespace Qt::StringLiterals;

namespace {

// The seed article's rubric, verbatim.
const char *const kSeedRubric = R"({
  "fields": [
    {"name": "overall_quality", "type": "categorical", "options": ["good", "acceptable", "bad"], "required": true},
    {"name": "groundedness", "type": "categorical", "options": ["grounded", "hallucinated", "partially_grounded"], "required": true},
    {"name": "reviewer_note", "type": "freeform", "required": false}
  ]
})";

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}

Rubric seedRubric()
{
    auto r = parseRubric(json(kSeedRubric));
    EXPECT_TRUE(r.ok());
    return *r;
}

RubricField field(const char *fieldJson)
{
    auto r = parseRubric(QJsonObject{{"fields"_L1, QJsonArray{json(fieldJson)}}});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().toString().toStdString());
    return r->fields.value(0);
}

QStringList errorsOf(const RubricField &f)
{
    QStringList out;
    for (const auto &e : validateRubric(Rubric{1, {}, {f}}).errors)
        out.append(e.toString());
    return out;
}

QStringList answerErrors(const Rubric &rubric, const char *values)
{
    QStringList out;
    for (const auto &e : validateAnnotationValues(rubric, json(values)).errors)
        out.append(e.toString());
    return out;
}

} // namespace

TEST(Rubric, ParsesTheSeedRubric)
{
    const Rubric r = seedRubric();
    ASSERT_EQ(r.fields.size(), 3);
    EXPECT_EQ(r.fields[0].key, u"overall_quality"_s);
    EXPECT_EQ(r.fields[0].type, FieldType::Categorical);
    EXPECT_TRUE(r.fields[0].required);
    ASSERT_EQ(r.fields[0].options.size(), 3);
    EXPECT_EQ(r.fields[0].options[1].value, u"acceptable"_s);
    EXPECT_EQ(r.fields[0].options[1].label, u"acceptable"_s);
    EXPECT_EQ(r.fields[1].options[2].value, u"partially_grounded"_s);
    EXPECT_EQ(r.fields[2].type, FieldType::Freeform);
    EXPECT_FALSE(r.fields[2].required);
    const ValidationReport report = validateRubric(r);
    EXPECT_TRUE(report.ok()) << report.summary().toStdString();
    EXPECT_TRUE(report.warnings.isEmpty());
}

TEST(Rubric, RoundTripsThroughItsJson)
{
    Rubric r = seedRubric();
    r.version = 4;
    r.instructions = u"Judge the answer against the retrieved context."_s;
    r.fields.append(
        field(R"({"key":"helpfulness","label":"Helpfulness","type":"continuous","min":1,"max":5,"step":1,
                              "points":[{"value":1,"label":"useless"},{"value":5,"label":"perfect"}],"lower_is_better":false})"));
    r.fields[0].options[0].description = u"Correct, complete and grounded"_s;
    r.fields[2].maxLength = 2000;
    auto again = parseRubric(rubricToJson(r));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, r);
}

TEST(Rubric, ParsesLangSmithFeedbackConfigs)
{
    // The body the SDK sent for createFeedbackConfig (tests/data/langsmith-wire).
    const QJsonObject body = json(R"({"feedback_key":"correctness","feedback_config":{"type":"categorical",
        "categories":[{"value":1,"label":"Pass"},{"value":0,"label":"Fail"}]},"is_lower_score_better":false})");
    auto f = parseFeedbackConfig(u"correctness"_s, body.value("feedback_config"_L1).toObject());
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(f->type, FieldType::Categorical);
    ASSERT_EQ(f->options.size(), 2);
    EXPECT_EQ(f->options[0].value, u"Pass"_s);
    EXPECT_EQ(f->options[0].score, 1.0);
    EXPECT_EQ(f->options[1].score, 0.0);
    EXPECT_EQ(feedbackConfigToJson(*f), body.value("feedback_config"_L1).toObject());

    auto continuous = parseFeedbackConfig(u"stars"_s, json(R"({"type":"continuous","min":1,"max":5,
        "categories":[{"value":1,"label":"poor"},{"value":5,"label":"great"}]})"));
    ASSERT_TRUE(continuous.ok());
    EXPECT_EQ(continuous->min, 1.0);
    EXPECT_EQ(continuous->max, 5.0);
    ASSERT_EQ(continuous->points.size(), 2);
    EXPECT_EQ(continuous->points[1].label, u"great"_s);

    auto freeform = parseFeedbackConfig(u"note"_s, json(R"({"type":"freeform"})"));
    ASSERT_TRUE(freeform.ok());
    EXPECT_EQ(freeform->type, FieldType::Freeform);
}

TEST(Rubric, BadFeedbackConfigsSayWhy)
{
    EXPECT_EQ(parseFeedbackConfig(u"k"_s, json(R"({"type":"stars"})")).error().toString(),
              u"feedback_config.type: unknown type 'stars'; expected categorical, continuous or freeform"_s);
    EXPECT_EQ(parseFeedbackConfig(u"k"_s, json(R"({"type":"categorical"})")).error().toString(),
              u"feedback_config.categories: a categorical config needs categories"_s);
    EXPECT_EQ(
        parseFeedbackConfig(
            u"k"_s,
            json(
                R"({"type":"categorical","min":0,"categories":[{"value":1,"label":"a"},{"value":2,"label":"b"}]})"))
            .error()
            .message,
        u"a categorical config takes categories, not min or max"_s);
    EXPECT_EQ(parseFeedbackConfig(u"k"_s, json(R"({"type":"freeform","max":3})")).error().message,
              u"a freeform config takes no min, max or categories"_s);
    EXPECT_EQ(parseFeedbackConfig(u"k"_s, json(R"({"type":"continuous","categories":[{"label":"x"}]})"))
                  .error()
                  .toString(),
              u"feedback_config.categories[0].value: is required"_s);
    EXPECT_EQ(parseFeedbackConfig(u"k"_s, json(R"({})")).error().toString(),
              u"feedback_config.type: is required"_s);
}

TEST(Rubric, ResolvesLangSmithRubricItemsAgainstConfigs)
{
    const auto configs = [](const QString &key) -> std::optional<RubricField> {
        if (key == u"correctness")
            return *parseFeedbackConfig(
                key,
                json(
                    R"({"type":"categorical","categories":[{"value":1,"label":"Pass"},{"value":0,"label":"Fail"}]})"));
        if (key == u"stars")
            return *parseFeedbackConfig(key, json(R"({"type":"continuous","min":1,"max":5})"));
        return std::nullopt;
    };
    const QJsonArray items = QJsonDocument::fromJson(R"([
        {"feedback_key":"correctness","description":"Is it right?","is_required":true,
         "value_descriptions":{"Pass":"Fully correct","Fail":"Any factual error"}},
        {"feedback_key":"stars","score_descriptions":{"1":"poor","5":"great"}},
        {"feedback_key":"unconfigured"}])")
                                 .array();
    auto r = rubricFromLangSmith(u"Read the context first."_s, items, configs);
    ASSERT_TRUE(r.ok()) << r.error().toString().toStdString();
    EXPECT_EQ(r->instructions, u"Read the context first."_s);
    ASSERT_EQ(r->fields.size(), 3);
    EXPECT_EQ(r->fields[0].description, u"Is it right?"_s);
    EXPECT_TRUE(r->fields[0].required);
    EXPECT_EQ(r->fields[0].options[1].description, u"Any factual error"_s);
    ASSERT_EQ(r->fields[1].points.size(), 2);
    EXPECT_EQ(r->fields[1].points[0].label, u"poor"_s);
    EXPECT_EQ(r->fields[2].type, FieldType::Continuous);
    EXPECT_EQ(r->fields[2].min, 0.0);
    EXPECT_EQ(r->fields[2].max, 1.0);
    EXPECT_EQ(rubricItemsToJson(*r).at(0).toObject().value("value_descriptions"_L1).toObject(),
              items.at(0).toObject().value("value_descriptions"_L1).toObject());

    auto unknownCategory = rubricFromLangSmith(
        {},
        QJsonDocument::fromJson(R"([{"feedback_key":"correctness","value_descriptions":{"Maybe":"?"}}])")
            .array(),
        configs);
    ASSERT_FALSE(unknownCategory.ok());
    EXPECT_EQ(unknownCategory.error().toString(),
              u"rubric_items[0].value_descriptions: 'Maybe' is not a category of correctness"_s);
    auto notAnObject = rubricFromLangSmith({}, QJsonArray{u"correctness"_s}, configs);
    ASSERT_FALSE(notAnObject.ok());
    EXPECT_EQ(notAnObject.error().toString(), u"rubric_items[0]: expected an object, got a string"_s);
}

TEST(Rubric, ShapeErrorsPointAtTheField)
{
    EXPECT_EQ(parseRubric(json("{}")).error().toString(), u"fields: is required"_s);
    EXPECT_EQ(parseRubric(json(R"({"fields":{}})")).error().toString(),
              u"fields: expected an array, got an object"_s);
    EXPECT_EQ(parseRubric(json(R"({"fields":[{"name":"a","type":"freeform"}, 3]})")).error().toString(),
              u"fields[1]: expected an object, got a number"_s);
    EXPECT_EQ(parseRubric(json(R"({"fields":[{"name":"a","type":"stars"}]})")).error().toString(),
              u"fields[0].type: unknown type 'stars'; expected categorical, continuous or freeform"_s);
    EXPECT_EQ(parseRubric(json(R"({"fields":[{"type":"freeform"}]})")).error().toString(),
              u"fields[0].name: is required (the feedback key this field records)"_s);
    EXPECT_EQ(parseRubric(json(R"({"fields":[{"name":"a","type":"categorical","options":["x",true]}]})"))
                  .error()
                  .toString(),
              u"fields[0].options[1]: expected a string or an object, got a boolean"_s);
    EXPECT_EQ(
        parseRubric(json(R"({"fields":[{"name":"a","type":"continuous","min":"low"}]})")).error().toString(),
        u"fields[0].min: expected a number, got a string"_s);
    EXPECT_EQ(parseRubric(json(R"({"fields":[{"name":"a","type":"freeform","required":"yes"}]})"))
                  .error()
                  .toString(),
              u"fields[0].required: expected true or false, got a string"_s);
    EXPECT_EQ(parseRubric(json(R"({"version":0,"fields":[]})")).error().toString(),
              u"version: must be a positive whole number"_s);
}

TEST(Rubric, ValidationNamesTheFieldAndTheProblem)
{
    EXPECT_EQ(errorsOf(field(R"({"name":"q","type":"categorical","options":["only"]})")),
              QStringList{u"q: a categorical field needs at least two options, it has 1"_s});
    EXPECT_EQ(errorsOf(field(R"({"name":"q","type":"categorical","options":["a","a","b"]})")),
              QStringList{u"q: option value 'a' appears more than once"_s});
    EXPECT_EQ(
        errorsOf(field(
            R"({"name":"q","type":"categorical","options":[{"value":"a","label":"Same"},{"value":"b","label":"Same"}]})")),
        QStringList{u"q: option label 'Same' appears more than once"_s});
    EXPECT_EQ(errorsOf(field(R"({"name":"q","type":"categorical","options":["a","b"],"min":0})")),
              QStringList{u"q: a categorical field takes options, not min, max or step"_s});
    EXPECT_EQ(errorsOf(field(R"({"name":"s","type":"continuous","min":5,"max":1})")),
              QStringList{u"s: min (5) must be less than max (1)"_s});
    EXPECT_EQ(errorsOf(field(R"({"name":"s","type":"continuous","min":1,"max":1})")),
              QStringList{u"s: min (1) must be less than max (1)"_s});
    EXPECT_EQ(errorsOf(field(R"({"name":"s","type":"continuous","min":0,"max":1,"step":0})")),
              QStringList{u"s: step must be greater than 0, it is 0"_s});
    EXPECT_EQ(errorsOf(field(R"({"name":"s","type":"continuous","min":0,"max":1,"step":2})")),
              QStringList{u"s: step 2 is larger than the range 0..1"_s});
    EXPECT_EQ(errorsOf(field(
                  R"({"name":"s","type":"continuous","min":1,"max":5,"points":[{"value":7,"label":"x"}]})")),
              QStringList{u"s: labelled point 7 lies outside 1..5"_s});
    EXPECT_EQ(errorsOf(field(R"({"name":"n","type":"freeform","options":["a","b"]})")),
              QStringList{u"n: a freeform field takes no options, min, max, step or points"_s});
    EXPECT_EQ(errorsOf(field(R"({"name":"n","type":"freeform","max_length":0})")),
              QStringList{u"n: max_length must be at least 1"_s});
    EXPECT_EQ(
        errorsOf(field(R"({"name":"bad key!","type":"freeform"})")),
        QStringList{u"bad key!: a key may only use letters, digits and _ . : - (at most 100 characters)"_s});

    Rubric dup = seedRubric();
    dup.fields[2].key = u"groundedness"_s;
    dup.fields[2].type = FieldType::Freeform;
    const auto report = validateRubric(dup);
    ASSERT_EQ(report.errors.size(), 1);
    EXPECT_EQ(report.errors[0].toString(), u"groundedness: more than one field uses this key"_s);
}

TEST(Rubric, MoreThanFiveFieldsIsAWarningNotAnError)
{
    Rubric r = seedRubric();
    for (int i = 0; i < 3; ++i)
        r.fields.append(field(qPrintable(u"{\"name\":\"extra_%1\",\"type\":\"freeform\"}"_s.arg(i))));
    const ValidationReport report = validateRubric(r);
    EXPECT_TRUE(report.ok());
    ASSERT_EQ(report.warnings.size(), 1);
    EXPECT_EQ(report.warnings[0].message,
              u"6 fields; five or fewer keep reviewers fast and their scores consistent"_s);

    const ValidationReport empty = validateRubric(Rubric{});
    EXPECT_TRUE(empty.ok());
    EXPECT_EQ(empty.warnings.size(), 1);

    const auto tenOptions = validateRubric(Rubric{
        1,
        {},
        {field(R"({"name":"q","type":"categorical","options":["a","b","c","d","e","f","g","h","i","j"]})")}});
    EXPECT_TRUE(tenOptions.ok());
    ASSERT_EQ(tenOptions.warnings.size(), 1);
    EXPECT_TRUE(tenOptions.warnings[0].message.contains(u"digit key"_s));
}

TEST(Rubric, AnnotationValuesAreCheckedAgainstTheRubricVersion)
{
    Rubric r = seedRubric();
    r.version = 3;
    r.fields.append(field(R"({"name":"helpfulness","type":"continuous","min":1,"max":5,"step":1})"));
    r.fields.append(field(R"({"name":"summary","type":"freeform","max_length":10})"));

    EXPECT_TRUE(answerErrors(r, R"({"overall_quality":"good","groundedness":"grounded"})").isEmpty());
    EXPECT_TRUE(
        answerErrors(
            r,
            R"({"overall_quality":"bad","groundedness":"hallucinated","reviewer_note":"cites a retired policy","helpfulness":2})")
            .isEmpty());
    EXPECT_EQ(answerErrors(r, R"({"groundedness":"grounded"})"),
              QStringList{u"overall_quality: is required"_s});
    EXPECT_EQ(answerErrors(r, R"({"overall_quality":"  ","groundedness":"grounded"})"),
              QStringList{u"overall_quality: is required"_s});
    EXPECT_EQ(answerErrors(r, R"({"overall_quality":"great","groundedness":"grounded"})"),
              QStringList{u"overall_quality: 'great' is not one of good, acceptable, bad"_s});
    EXPECT_EQ(answerErrors(r, R"({"overall_quality":1,"groundedness":"grounded"})"),
              QStringList{u"overall_quality: 1 is not one of good, acceptable, bad"_s});
    EXPECT_EQ(answerErrors(r, R"({"overall_quality":"good","groundedness":"grounded","helpfulness":6})"),
              QStringList{u"helpfulness: 6 is above the maximum 5"_s});
    EXPECT_EQ(answerErrors(r, R"({"overall_quality":"good","groundedness":"grounded","helpfulness":0})"),
              QStringList{u"helpfulness: 0 is below the minimum 1"_s});
    EXPECT_EQ(answerErrors(r, R"({"overall_quality":"good","groundedness":"grounded","helpfulness":2.5})"),
              QStringList{u"helpfulness: 2.5 is not a multiple of the step 1"_s});
    EXPECT_EQ(answerErrors(r, R"({"overall_quality":"good","groundedness":"grounded","helpfulness":"4"})"),
              QStringList{u"helpfulness: expected a number, got a string"_s});
    EXPECT_EQ(answerErrors(
                  r, R"({"overall_quality":"good","groundedness":"grounded","summary":"far too long here"})"),
              QStringList{u"summary: is 17 characters long; the limit is 10"_s});
    EXPECT_EQ(answerErrors(r, R"({"overall_quality":"good","groundedness":"grounded","reviewer_note":5})"),
              QStringList{u"reviewer_note: expected text, got a number"_s});
    EXPECT_EQ(answerErrors(r, R"({"overall_quality":"good","groundedness":"grounded","tone":"warm"})"),
              QStringList{u"tone: is not a field of rubric version 3"_s});
    EXPECT_EQ(answerErrors(r, "{}").size(), 2); // both required fields named

    // Categorical answers may name the option's label or, for LangSmith categories, its score.
    Rubric ls{
        1,
        {},
        {*parseFeedbackConfig(
            u"correctness"_s,
            json(
                R"({"type":"categorical","categories":[{"value":1,"label":"Pass"},{"value":0,"label":"Fail"}]})"))}};
    EXPECT_TRUE(answerErrors(ls, R"({"correctness":"Fail"})").isEmpty());
    EXPECT_TRUE(answerErrors(ls, R"({"correctness":1})").isEmpty());
    EXPECT_EQ(answerErrors(ls, R"({"correctness":0.5})"),
              QStringList{u"correctness: 0.5 is not one of Pass, Fail"_s});
}
