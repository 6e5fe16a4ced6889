#pragma once

// The rubric form of the item under review: one row per rubric field, with what a form needs to draw
// it (type, options with their digits, bounds, required) and the reviewer's value, validated against
// the rubric version the form was built from. Errors show for fields the reviewer touched, and for all
// of them once a submit was attempted.

#include "core/rubric.h"

#include <QAbstractListModel>
#include <QJsonObject>

namespace assay::client {

class RubricFormModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        KeyRole = Qt::UserRole + 1,
        LabelRole,
        DescriptionRole,
        TypeRole, // "categorical", "continuous", "freeform"
        RequiredRole,
        OptionsRole, // list of {value, label, description, digit}
        MinRole,
        MaxRole,
        StepRole,
        MaxLengthRole,
        ValueRole, // editable: the option value, the number, the text; invalid when blank
        ErrorRole, // the field's problem in words, when it should show
    };

    explicit RubricFormModel(QObject *parent = nullptr);

    // A new form: the rubric and the values to start from (a draft, or an earlier answer).
    void setRubric(const Rubric &rubric, const QJsonObject &values = {});
    const Rubric &rubric() const { return m_rubric; }
    QJsonObject values() const { return m_values; }
    bool isDirty() const { return m_dirty; }
    void markSaved(); // the values were saved: clean again

    // Picks option `digit` (1-based, as shown) of a categorical field; false if there is no such option.
    bool pickOption(int row, int digit);
    // Validates everything and shows every error; the report names each missing field.
    ValidationReport attemptSubmit();
    ValidationReport validate() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = ValueRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void dirtyChanged(bool dirty);

private:
    QString errorFor(const RubricField &field) const;
    void setDirty(bool dirty);

    Rubric m_rubric;
    QJsonObject m_values;
    QSet<QString> m_touched;
    bool m_showAll = false;
    bool m_dirty = false;
};

} // namespace assay::client
