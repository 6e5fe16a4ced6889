#include "rubric.h"

#include "jsonfields.h"

#include <QSet>

#include <cmath>

namespace assay {

namespace {
using namespace Qt::StringLiterals;

constexpr int kRecommendedMaxFields = 5;
constexpr int kDigitKeys = 9;

std::optional<FieldType> parseFieldType(QStringView name)
{
    if (name == u"categorical")
        return FieldType::Categorical;
    if (name == u"continuous")
        return FieldType::Continuous;
    if (name == u"freeform")
        return FieldType::Freeform;
    return std::nullopt;
}

QString formatNumber(double v)
{
    return QString::number(v, 'g', 12);
}

// Option given as a plain string ("good") or an object ({"value","label","description","score"}).
Result<RubricOption> parseOption(const QJsonValue &json, const QString &path)
{
    if (json.isString())
        return RubricOption{json.toString(), json.toString(), std::nullopt, {}};
    if (!json.isObject())
        return Error{u"expected a string or an object, got %1"_s.arg(describeJsonType(json)), path};
    JsonFields f(json.toObject(), path);
    RubricOption o;
    const QJsonValue value = json.toObject().value("value"_L1);
    o.label = f.string("label"_L1).value_or(QString());
    if (value.isString()) {
        o.value = value.toString();
    } else if (value.isDouble()) {
        o.score = value.toDouble();
        o.value = o.label.isEmpty() ? formatNumber(value.toDouble()) : o.label;
    } else if (!value.isUndefined() && !value.isNull()) {
        f.fail("value"_L1, u"expected a string or a number, got %1"_s.arg(describeJsonType(value)));
    }
    if (auto s = f.number("score"_L1))
        o.score = *s;
    o.description = f.string("description"_L1).value_or(QString());
    if (o.value.isEmpty())
        o.value = o.label;
    if (o.label.isEmpty())
        o.label = o.value;
    if (!f.failed() && o.value.isEmpty())
        f.fail("value"_L1, u"an option needs a value or a label"_s);
    if (f.failed())
        return f.error();
    return o;
}

Result<QList<ScalePoint>> parsePoints(const QJsonArray &array, const QString &path)
{
    QList<ScalePoint> points;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = indexedPath(path, i);
        if (!array.at(i).isObject())
            return Error{
                u"expected an object with value and label, got %1"_s.arg(describeJsonType(array.at(i))),
                itemPath};
        JsonFields f(array.at(i).toObject(), itemPath);
        ScalePoint p;
        p.value = f.number("value"_L1, Need::Required).value_or(0);
        p.label = f.string("label"_L1).value_or(QString());
        if (f.failed())
            return f.error();
        points.append(p);
    }
    return points;
}

Result<RubricField> parseField(const QJsonObject &json, const QString &path)
{
    JsonFields f(json, path);
    RubricField field;
    // The seed calls the key "name"; LangSmith calls it "feedback_key"; "key" reads best.
    for (auto name : {"key"_L1, "name"_L1, "feedback_key"_L1}) {
        if (f.has(name)) {
            field.key = f.string(name).value_or(QString());
            break;
        }
    }
    if (field.key.isNull() && !f.failed())
        f.fail("name"_L1, u"is required (the feedback key this field records)"_s);
    const QString typeName = f.string("type"_L1, Need::Required).value_or(QString());
    if (!f.failed()) {
        if (auto type = parseFieldType(typeName))
            field.type = *type;
        else
            f.fail("type"_L1,
                   u"unknown type '%1'; expected categorical, continuous or freeform"_s.arg(typeName));
    }
    field.label = f.string("label"_L1).value_or(QString());
    field.description = f.string("description"_L1).value_or(QString());
    field.required = f.boolean(f.has("is_required"_L1) ? "is_required"_L1 : "required"_L1).value_or(false);
    field.lowerIsBetter = f.boolean("lower_is_better"_L1).value_or(false);
    if (auto options = f.array("options"_L1)) {
        for (qsizetype i = 0; i < options->size() && !f.failed(); ++i) {
            auto option = parseOption(options->at(i), indexedPath(f.pathOf("options"_L1), i));
            if (option)
                field.options.append(*option);
            else
                f.fail(option.error());
        }
    }
    field.min = f.number("min"_L1);
    field.max = f.number("max"_L1);
    field.step = f.number("step"_L1);
    if (auto points = f.array("points"_L1)) {
        auto parsed = parsePoints(*points, f.pathOf("points"_L1));
        if (parsed)
            field.points = *parsed;
        else
            f.fail(parsed.error());
    }
    if (auto maxLength = f.integer("max_length"_L1)) {
        if (*maxLength < 0 || *maxLength > 10'000'000)
            f.fail("max_length"_L1, u"must be between 1 and 10000000"_s);
        else
            field.maxLength = static_cast<int>(*maxLength);
    }
    if (f.failed())
        return f.error();
    return field;
}

QSet<QString> duplicatesOf(const QStringList &values)
{
    QSet<QString> seen, dups;
    for (const QString &v : values)
        if (seen.contains(v))
            dups.insert(v);
        else
            seen.insert(v);
    return dups;
}

void validateCategorical(const RubricField &field, ValidationReport &report)
{
    const QString &key = field.key;
    if (field.options.size() < 2)
        report.errors.append(
            {key, u"a categorical field needs at least two options, it has %1"_s.arg(field.options.size())});
    if (field.options.size() > kDigitKeys)
        report.warnings.append({key, u"%1 options; only the first nine can be picked with a digit key"_s.arg(
                                         field.options.size())});
    QStringList values, labels, scores;
    for (const RubricOption &o : field.options) {
        if (o.value.trimmed().isEmpty())
            report.errors.append({key, u"an option has an empty value"_s});
        values.append(o.value);
        labels.append(o.label);
        if (o.score)
            scores.append(formatNumber(*o.score));
    }
    const QSet<QString> duplicateValues = duplicatesOf(values);
    for (const QString &d : duplicateValues)
        report.errors.append({key, u"option value '%1' appears more than once"_s.arg(d)});
    for (const QString &d : duplicatesOf(labels))
        if (!duplicateValues.contains(d)) // the seed's plain options have label == value: say it once
            report.errors.append({key, u"option label '%1' appears more than once"_s.arg(d)});
    for (const QString &d : duplicatesOf(scores))
        report.errors.append({key, u"option score %1 appears more than once"_s.arg(d)});
    if (field.min || field.max || field.step)
        report.errors.append({key, u"a categorical field takes options, not min, max or step"_s});
}

void validateContinuous(const RubricField &field, ValidationReport &report)
{
    const QString &key = field.key;
    if (!field.options.isEmpty())
        report.errors.append({key, u"a continuous field takes min and max, not options"_s});
    if (field.min && field.max && !(*field.min < *field.max))
        report.errors.append({key, u"min (%1) must be less than max (%2)"_s.arg(formatNumber(*field.min),
                                                                                formatNumber(*field.max))});
    if (field.step) {
        if (!(*field.step > 0))
            report.errors.append(
                {key, u"step must be greater than 0, it is %1"_s.arg(formatNumber(*field.step))});
        else if (field.min && field.max && *field.step > *field.max - *field.min)
            report.errors.append(
                {key, u"step %1 is larger than the range %2..%3"_s.arg(
                          formatNumber(*field.step), formatNumber(*field.min), formatNumber(*field.max))});
    }
    QStringList values;
    for (const ScalePoint &p : field.points) {
        values.append(formatNumber(p.value));
        if ((field.min && p.value < *field.min) || (field.max && p.value > *field.max))
            report.errors.append(
                {key, u"labelled point %1 lies outside %2..%3"_s.arg(
                          formatNumber(p.value), field.min ? formatNumber(*field.min) : u"-inf"_s,
                          field.max ? formatNumber(*field.max) : u"inf"_s)});
    }
    for (const QString &d : duplicatesOf(values))
        report.errors.append({key, u"labelled point %1 appears more than once"_s.arg(d)});
}

void validateFreeform(const RubricField &field, ValidationReport &report)
{
    const QString &key = field.key;
    if (!field.options.isEmpty() || field.min || field.max || field.step || !field.points.isEmpty())
        report.errors.append({key, u"a freeform field takes no options, min, max, step or points"_s});
    if (field.maxLength && *field.maxLength <= 0)
        report.errors.append({key, u"max_length must be at least 1"_s});
}

bool matchesNumber(double a, double b)
{
    return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

void checkValue(const RubricField &field, const QJsonValue &value, ValidationReport &report)
{
    const QString &key = field.key;
    switch (field.type) {
    case FieldType::Categorical: {
        if (!field.optionFor(value)) {
            QStringList choices;
            for (const RubricOption &o : field.options)
                choices.append(o.value);
            const QString shown = value.isString()   ? u"'%1'"_s.arg(value.toString())
                                  : value.isDouble() ? formatNumber(value.toDouble())
                                                     : describeJsonType(value);
            report.errors.append({key, u"%1 is not one of %2"_s.arg(shown, choices.join(u", "_s))});
        }
        break;
    }
    case FieldType::Continuous: {
        if (!value.isDouble()) {
            report.errors.append({key, u"expected a number, got %1"_s.arg(describeJsonType(value))});
            break;
        }
        const double v = value.toDouble();
        if (field.min && v < *field.min)
            report.errors.append(
                {key, u"%1 is below the minimum %2"_s.arg(formatNumber(v), formatNumber(*field.min))});
        else if (field.max && v > *field.max)
            report.errors.append(
                {key, u"%1 is above the maximum %2"_s.arg(formatNumber(v), formatNumber(*field.max))});
        else if (field.step && *field.step > 0) {
            const double steps = (v - field.min.value_or(0)) / *field.step;
            if (!matchesNumber(steps, std::round(steps)))
                report.errors.append({key, u"%1 is not a multiple of the step %2"_s.arg(
                                               formatNumber(v), formatNumber(*field.step))});
        }
        break;
    }
    case FieldType::Freeform:
        if (!value.isString())
            report.errors.append({key, u"expected text, got %1"_s.arg(describeJsonType(value))});
        else if (field.maxLength && value.toString().size() > *field.maxLength)
            report.errors.append(
                {key, u"is %1 characters long; the limit is %2"_s.arg(value.toString().size())
                          .arg(*field.maxLength)});
        break;
    }
}

} // namespace

QString fieldTypeName(FieldType type)
{
    switch (type) {
    case FieldType::Categorical:
        return u"categorical"_s;
    case FieldType::Continuous:
        return u"continuous"_s;
    case FieldType::Freeform:
        return u"freeform"_s;
    }
    return {};
}

const RubricOption *RubricField::option(QStringView valueOrLabel) const
{
    for (const RubricOption &o : options)
        if (o.value == valueOrLabel)
            return &o;
    for (const RubricOption &o : options)
        if (o.label == valueOrLabel)
            return &o;
    return nullptr;
}

const RubricOption *RubricField::optionFor(const QJsonValue &answer) const
{
    if (answer.isString())
        return option(answer.toString());
    if (answer.isDouble())
        for (const RubricOption &o : options)
            if (o.score && matchesNumber(*o.score, answer.toDouble()))
                return &o;
    return nullptr;
}

const RubricField *Rubric::field(QStringView key) const
{
    for (const RubricField &f : fields)
        if (f.key == key)
            return &f;
    return nullptr;
}

QString ValidationReport::summary() const
{
    QStringList lines;
    for (const ValidationIssue &e : errors)
        lines.append(e.toString());
    return lines.join(u'\n');
}

bool isValidFeedbackKey(QStringView key)
{
    if (key.isEmpty() || key.size() > 100)
        return false;
    for (QChar c : key) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
                        u == u'_' || u == u'.' || u == u':' || u == u'-';
        if (!ok)
            return false;
    }
    return true;
}

Result<Rubric> parseRubric(const QJsonObject &json)
{
    JsonFields f(json);
    Rubric rubric;
    if (auto version = f.integer("version"_L1)) {
        if (*version < 1 || *version > std::numeric_limits<int>::max())
            f.fail("version"_L1, u"must be a positive whole number"_s);
        else
            rubric.version = static_cast<int>(*version);
    }
    rubric.instructions = f.string("instructions"_L1).value_or(QString());
    const auto fields = f.array("fields"_L1, Need::Required);
    if (f.failed())
        return f.error();
    for (qsizetype i = 0; i < fields->size(); ++i) {
        const QString path = indexedPath(u"fields"_s, i);
        if (!fields->at(i).isObject())
            return Error{u"expected an object, got %1"_s.arg(describeJsonType(fields->at(i))), path};
        auto field = parseField(fields->at(i).toObject(), path);
        if (!field)
            return field.error();
        rubric.fields.append(*field);
    }
    return rubric;
}

QJsonObject rubricToJson(const Rubric &rubric)
{
    QJsonArray fields;
    for (const RubricField &field : rubric.fields) {
        QJsonObject o{
            {"name"_L1, field.key}, {"type"_L1, fieldTypeName(field.type)}, {"required"_L1, field.required}};
        if (!field.label.isEmpty())
            o.insert("label"_L1, field.label);
        if (!field.description.isEmpty())
            o.insert("description"_L1, field.description);
        if (field.lowerIsBetter)
            o.insert("lower_is_better"_L1, true);
        if (!field.options.isEmpty()) {
            QJsonArray options;
            for (const RubricOption &opt : field.options) {
                QJsonObject jo{{"value"_L1, opt.value}, {"label"_L1, opt.label}};
                if (opt.score)
                    jo.insert("score"_L1, *opt.score);
                if (!opt.description.isEmpty())
                    jo.insert("description"_L1, opt.description);
                options.append(jo);
            }
            o.insert("options"_L1, options);
        }
        if (field.min)
            o.insert("min"_L1, *field.min);
        if (field.max)
            o.insert("max"_L1, *field.max);
        if (field.step)
            o.insert("step"_L1, *field.step);
        if (!field.points.isEmpty()) {
            QJsonArray points;
            for (const ScalePoint &p : field.points)
                points.append(QJsonObject{{"value"_L1, p.value}, {"label"_L1, p.label}});
            o.insert("points"_L1, points);
        }
        if (field.maxLength)
            o.insert("max_length"_L1, *field.maxLength);
        fields.append(o);
    }
    QJsonObject out{{"version"_L1, rubric.version}, {"fields"_L1, fields}};
    if (!rubric.instructions.isEmpty())
        out.insert("instructions"_L1, rubric.instructions);
    return out;
}

Result<RubricField> parseFeedbackConfig(const QString &key, const QJsonObject &config)
{
    JsonFields f(config, u"feedback_config"_s);
    RubricField field;
    field.key = key;
    const QString typeName = f.string("type"_L1, Need::Required).value_or(QString());
    if (f.failed())
        return f.error();
    const auto type = parseFieldType(typeName);
    if (!type)
        return Error{u"unknown type '%1'; expected categorical, continuous or freeform"_s.arg(typeName),
                     f.pathOf("type"_L1)};
    field.type = *type;
    field.min = f.number("min"_L1);
    field.max = f.number("max"_L1);
    const auto categories = f.array("categories"_L1);
    if (f.failed())
        return f.error();
    QList<ScalePoint> points;
    if (categories) {
        auto parsed = parsePoints(*categories, f.pathOf("categories"_L1));
        if (!parsed)
            return parsed.error();
        points = *parsed;
    }
    switch (field.type) {
    case FieldType::Categorical:
        if (!categories)
            return Error{u"a categorical config needs categories"_s, f.pathOf("categories"_L1)};
        if (field.min || field.max)
            return Error{u"a categorical config takes categories, not min or max"_s, f.pathOf("min"_L1)};
        for (const ScalePoint &p : points) {
            const QString label = p.label.isEmpty() ? formatNumber(p.value) : p.label;
            field.options.append(RubricOption{label, label, p.value, {}});
        }
        break;
    case FieldType::Continuous:
        field.points = points;
        break;
    case FieldType::Freeform:
        if (field.min || field.max || categories)
            return Error{u"a freeform config takes no min, max or categories"_s, f.pathOf("type"_L1)};
        break;
    }
    return field;
}

QJsonObject feedbackConfigToJson(const RubricField &field)
{
    QJsonObject o{{"type"_L1, fieldTypeName(field.type)}};
    if (field.min)
        o.insert("min"_L1, *field.min);
    if (field.max)
        o.insert("max"_L1, *field.max);
    QJsonArray categories;
    for (qsizetype i = 0; i < field.options.size(); ++i) {
        const RubricOption &opt = field.options.at(i);
        categories.append(
            QJsonObject{{"value"_L1, opt.score.value_or(static_cast<double>(i))}, {"label"_L1, opt.label}});
    }
    for (const ScalePoint &p : field.points)
        categories.append(QJsonObject{{"value"_L1, p.value}, {"label"_L1, p.label}});
    if (!categories.isEmpty())
        o.insert("categories"_L1, categories);
    return o;
}

Result<Rubric> rubricFromLangSmith(const QString &instructions, const QJsonArray &rubricItems,
                                   const FeedbackConfigLookup &configs)
{
    Rubric rubric;
    rubric.instructions = instructions;
    for (qsizetype i = 0; i < rubricItems.size(); ++i) {
        const QString path = indexedPath(u"rubric_items"_s, i);
        if (!rubricItems.at(i).isObject())
            return Error{u"expected an object, got %1"_s.arg(describeJsonType(rubricItems.at(i))), path};
        JsonFields f(rubricItems.at(i).toObject(), path);
        const QString key = f.string("feedback_key"_L1, Need::Required).value_or(QString());
        if (f.failed())
            return f.error();
        RubricField field;
        if (auto config = configs ? configs(key) : std::nullopt) {
            field = *config;
        } else {
            field.type = FieldType::Continuous;
            field.min = 0;
            field.max = 1;
        }
        field.key = key;
        field.description = f.string("description"_L1).value_or(QString());
        field.required = f.boolean("is_required"_L1).value_or(false);
        // Conditional and validated fields change what a reviewer must answer: refused, never ignored.
        for (const auto unsupported : {"required_if"_L1, "visible_if"_L1, "regex_validator"_L1})
            if (f.has(unsupported))
                return Error{u"is not supported by Assay"_s, f.pathOf(unsupported)};
        if (auto descriptions = f.object("value_descriptions"_L1)) {
            for (auto it = descriptions->begin(); it != descriptions->end(); ++it) {
                auto match =
                    std::find_if(field.options.begin(), field.options.end(), [&](const RubricOption &o) {
                        return o.label == it.key() || o.value == it.key();
                    });
                if (match == field.options.end())
                    return Error{u"'%1' is not a category of %2"_s.arg(it.key(), key),
                                 f.pathOf("value_descriptions"_L1)};
                match->description = it.value().toString();
            }
        }
        if (auto descriptions = f.object("score_descriptions"_L1)) {
            for (auto it = descriptions->begin(); it != descriptions->end(); ++it) {
                bool ok = false;
                const double score = it.key().toDouble(&ok);
                if (!ok)
                    return Error{u"'%1' is not a number"_s.arg(it.key()), f.pathOf("score_descriptions"_L1)};
                auto match = std::find_if(field.points.begin(), field.points.end(),
                                          [&](const ScalePoint &p) { return matchesNumber(p.value, score); });
                if (match != field.points.end())
                    match->label = it.value().toString();
                else
                    field.points.append(ScalePoint{score, it.value().toString()});
            }
        }
        if (f.failed())
            return f.error();
        rubric.fields.append(field);
    }
    return rubric;
}

QJsonArray rubricItemsToJson(const Rubric &rubric)
{
    QJsonArray items;
    for (const RubricField &field : rubric.fields) {
        QJsonObject item{{"feedback_key"_L1, field.key}, {"is_required"_L1, field.required}};
        item.insert("description"_L1, textOrNull(field.description));
        QJsonObject valueDescriptions;
        for (const RubricOption &o : field.options)
            if (!o.description.isEmpty())
                valueDescriptions.insert(o.label, o.description);
        if (!valueDescriptions.isEmpty())
            item.insert("value_descriptions"_L1, valueDescriptions);
        QJsonObject scoreDescriptions;
        for (const ScalePoint &p : field.points)
            scoreDescriptions.insert(formatNumber(p.value), p.label);
        if (!scoreDescriptions.isEmpty())
            item.insert("score_descriptions"_L1, scoreDescriptions);
        items.append(item);
    }
    return items;
}

ValidationReport validateRubric(const Rubric &rubric)
{
    ValidationReport report;
    if (rubric.fields.isEmpty())
        report.warnings.append({{}, u"the rubric has no fields; reviewers can only comment"_s});
    if (rubric.fields.size() > kRecommendedMaxFields)
        report.warnings.append(
            {{},
             u"%1 fields; five or fewer keep reviewers fast and their scores consistent"_s.arg(
                 rubric.fields.size())});
    QStringList keys;
    for (qsizetype i = 0; i < rubric.fields.size(); ++i) {
        const RubricField &field = rubric.fields.at(i);
        if (field.key.isEmpty()) {
            report.errors.append({indexedPath(u"fields"_s, i), u"a field needs a key"_s});
            continue;
        }
        if (!isValidFeedbackKey(field.key))
            report.errors.append(
                {field.key, u"a key may only use letters, digits and _ . : - (at most 100 characters)"_s});
        keys.append(field.key);
        switch (field.type) {
        case FieldType::Categorical:
            validateCategorical(field, report);
            break;
        case FieldType::Continuous:
            validateContinuous(field, report);
            break;
        case FieldType::Freeform:
            validateFreeform(field, report);
            break;
        }
    }
    for (const QString &d : duplicatesOf(keys))
        report.errors.append({d, u"more than one field uses this key"_s});
    return report;
}

ValidationReport validateAnnotationValues(const Rubric &rubric, const QJsonObject &values)
{
    ValidationReport report;
    for (auto it = values.begin(); it != values.end(); ++it)
        if (!rubric.field(it.key()))
            report.errors.append({it.key(), u"is not a field of rubric version %1"_s.arg(rubric.version)});
    for (const RubricField &field : rubric.fields) {
        const QJsonValue value = values.value(field.key);
        const bool blank = value.isUndefined() || value.isNull() ||
                           (value.isString() && value.toString().trimmed().isEmpty());
        if (blank) {
            if (field.required)
                report.errors.append({field.key, u"is required"_s});
            continue;
        }
        checkValue(field, value, report);
    }
    return report;
}

} // namespace assay
