#include "rubricformmodel.h"

#include <QSet>

#include <algorithm>

namespace assay::client {

using namespace Qt::StringLiterals;

RubricFormModel::RubricFormModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void RubricFormModel::setRubric(const Rubric &rubric, const QJsonObject &values)
{
    beginResetModel(); // another item's form
    m_rubric = rubric;
    m_values = values;
    m_touched.clear();
    m_showAll = false;
    endResetModel();
    setDirty(false);
}

void RubricFormModel::markSaved()
{
    setDirty(false);
}

void RubricFormModel::setDirty(bool dirty)
{
    if (dirty == m_dirty)
        return;
    m_dirty = dirty;
    emit dirtyChanged(dirty);
}

int RubricFormModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rubric.fields.size());
}

ValidationReport RubricFormModel::validate() const
{
    return validateAnnotationValues(m_rubric, m_values);
}

QString RubricFormModel::errorFor(const RubricField &field) const
{
    if (!m_showAll && !m_touched.contains(field.key))
        return {};
    // The validator (core, shared with the server) decides whether the field has a problem; this only
    // words the common ones in the reviewer's language, and leaves rarer ones in the validator's words.
    const ValidationReport report = validate();
    const auto issue = std::find_if(report.errors.begin(), report.errors.end(),
                                    [&](const ValidationIssue &i) { return i.field == field.key; });
    if (issue == report.errors.end())
        return {};
    const QJsonValue value = m_values.value(field.key);
    if (value.isUndefined() || value.isNull() || (value.isString() && value.toString().isEmpty()))
        return tr("is required");
    if (field.type == FieldType::Freeform && field.maxLength && value.toString().size() > *field.maxLength)
        return tr("is %n characters long; at most %1 fit", nullptr, int(value.toString().size()))
            .arg(*field.maxLength);
    if (field.type == FieldType::Continuous && field.min && field.max &&
        (value.toDouble() < *field.min || value.toDouble() > *field.max))
        return tr("must be between %1 and %2").arg(*field.min).arg(*field.max);
    return issue->message;
}

ValidationReport RubricFormModel::attemptSubmit()
{
    m_showAll = true;
    if (!m_rubric.fields.isEmpty())
        emit dataChanged(index(0), index(int(m_rubric.fields.size()) - 1), {ErrorRole});
    return validate();
}

QVariant RubricFormModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RubricField &f = m_rubric.fields.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole:
        return f.displayLabel();
    case KeyRole:
        return f.key;
    case Qt::ToolTipRole:
    case DescriptionRole:
        return f.description;
    case TypeRole:
        return fieldTypeName(f.type);
    case RequiredRole:
        return f.required;
    case OptionsRole: {
        QVariantList options;
        for (qsizetype i = 0; i < f.options.size(); ++i)
            options.append(QVariantMap{
                {u"value"_s, f.options[i].value},
                {u"label"_s, f.options[i].label.isEmpty() ? f.options[i].value : f.options[i].label},
                {u"description"_s, f.options[i].description},
                {u"digit"_s, i < 9 ? QVariant(int(i) + 1) : QVariant()}});
        return options;
    }
    case MinRole:
        return f.min ? QVariant(*f.min) : QVariant();
    case MaxRole:
        return f.max ? QVariant(*f.max) : QVariant();
    case StepRole:
        return f.step ? QVariant(*f.step) : QVariant();
    case MaxLengthRole:
        return f.maxLength ? QVariant(*f.maxLength) : QVariant();
    case ValueRole: {
        const QJsonValue v = m_values.value(f.key);
        return v.isUndefined() || v.isNull() ? QVariant() : v.toVariant();
    }
    case ErrorRole:
        return errorFor(f);
    default:
        return {};
    }
}

bool RubricFormModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != ValueRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const RubricField &f = m_rubric.fields.at(index.row());
    QJsonValue next;
    if (!value.isValid() || value.isNull() ||
        (value.typeId() == QMetaType::QString && value.toString().isEmpty()))
        next = QJsonValue::Null;
    else if (f.type == FieldType::Continuous)
        next = value.toDouble();
    else
        next = value.toString();
    if (m_values.value(f.key) == next && m_touched.contains(f.key))
        return true;
    if (next.isNull())
        m_values.remove(f.key);
    else
        m_values.insert(f.key, next);
    m_touched.insert(f.key);
    emit dataChanged(index, index, {ValueRole, ErrorRole});
    setDirty(true);
    return true;
}

bool RubricFormModel::pickOption(int row, int digit)
{
    if (row < 0 || row >= m_rubric.fields.size())
        return false;
    const RubricField &f = m_rubric.fields.at(row);
    if (f.type != FieldType::Categorical || digit < 1 || digit > f.options.size() || digit > 9)
        return false;
    return setData(index(row), f.options.at(digit - 1).value, ValueRole);
}

Qt::ItemFlags RubricFormModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> RubricFormModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{KeyRole, "key"},
                  {LabelRole, "label"},
                  {DescriptionRole, "description"},
                  {TypeRole, "type"},
                  {RequiredRole, "required"},
                  {OptionsRole, "options"},
                  {MinRole, "min"},
                  {MaxRole, "max"},
                  {StepRole, "step"},
                  {MaxLengthRole, "maxLength"},
                  {ValueRole, "value"},
                  {ErrorRole, "error"}});
    return names;
}

} // namespace assay::client
