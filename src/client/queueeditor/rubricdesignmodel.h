#pragma once

// The rubric designer's model: the fields of a rubric being edited (one row each, reordered by
// moveRows), the field being edited, and that field's options as a table of their own
// (RubricOptionModel: value and description, edited in place, reordered by drag or by keyboard). Every
// change re-checks the whole rubric (validateRubric: errors block saving; warnings carry the seed's
// advice, more than five fields or more than nine options) and says changed(), which the live preview
// follows.

#include "core/rubric.h"

#include <QAbstractListModel>
#include <QAbstractTableModel>

namespace assay::client {

class RubricDesignModel;

class RubricOptionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Value, Description, ColumnCount };
    explicit RubricOptionModel(RubricDesignModel &design);

    // Appends an option ("option N" when `value` is empty) to the current field; its row.
    int addOption(const QString &value = {});
    bool removeOption(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                  const QModelIndex &destinationParent, int destinationChild) override;
    // Drag and drop moves an option within the list (the row travels as its number).
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

private:
    friend class RubricDesignModel;
    QList<RubricOption> *options() const; // the current field's, or none
    RubricDesignModel &m_design;
};

class RubricDesignModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { KeyRole = Qt::UserRole + 1, TypeRole };
    explicit RubricDesignModel(QObject *parent = nullptr);

    void setRubric(const Rubric &rubric);
    const Rubric &rubric() const { return m_rubric; }

    // Appends a field of this type with a key not yet used ("field_2") and, for a categorical one,
    // two options to start from; makes it the current field and answers its row.
    int addField(FieldType type);
    bool removeField(int row);
    const RubricField &field(int row) const { return m_rubric.fields.at(row); }
    // Replaces a field's settings; its options are kept unless the type changed away from categorical (a
    // field that becomes categorical starts from two options).
    void setField(int row, const RubricField &field);

    // The field whose settings and options are being edited (-1: none).
    void setCurrentField(int row);
    int currentField() const { return m_current; }
    RubricOptionModel &options() { return m_options; }

    // Every problem of the rubric as it stands: errors keep it from being saved, warnings advise.
    ValidationReport report() const { return validateRubric(m_rubric); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                  const QModelIndex &destinationParent, int destinationChild) override;

signals:
    void changed();

private:
    friend class RubricOptionModel;
    void optionsChanged();

    Rubric m_rubric;
    int m_current = -1;
    RubricOptionModel m_options;
};

// Moves row `from` one step up (-1) or down (+1) in a list or table model; false at either end.
bool moveRowBy(QAbstractItemModel &model, int from, int step);

} // namespace assay::client
