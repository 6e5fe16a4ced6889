#include "rubricdesignmodel.h"

#include <QMimeData>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

const QString kOptionRowMime = u"application/x-assay-rubric-option-row"_s;

// What a new categorical field starts from.
QList<RubricOption> startingOptions()
{
    return {RubricOption{u"good"_s, u"good"_s, std::nullopt, {}},
            RubricOption{u"bad"_s, u"bad"_s, std::nullopt, {}}};
}

QString unusedName(const QStringList &taken, const QString &stem)
{
    for (int n = int(taken.size()) + 1;; ++n)
        if (QString name = u"%1_%2"_s.arg(stem).arg(n); !taken.contains(name))
            return name;
}

// A move in QAbstractItemModel's terms: `to` is the row the moved one lands before, in the old numbering.
template<typename T>
bool moveOne(QList<T> &list, int from, int to, const std::function<bool(int, int)> &begin,
             const std::function<void()> &end)
{
    if (from < 0 || from >= list.size() || to < 0 || to > list.size() || to == from || to == from + 1)
        return false;
    if (!begin(from, to))
        return false;
    list.move(from, to > from ? to - 1 : to);
    end();
    return true;
}

} // namespace

bool moveRowBy(QAbstractItemModel &model, int from, int step)
{
    const int to = step < 0 ? from + step : from + step + 1;
    return model.moveRows({}, from, 1, {}, to);
}

// ---- RubricOptionModel

RubricOptionModel::RubricOptionModel(RubricDesignModel &design)
    : QAbstractTableModel(&design)
    , m_design(design)
{
}

QList<RubricOption> *RubricOptionModel::options() const
{
    const int row = m_design.m_current;
    if (row < 0 || row >= m_design.m_rubric.fields.size())
        return nullptr;
    return &m_design.m_rubric.fields[row].options;
}

int RubricOptionModel::addOption(const QString &value)
{
    QList<RubricOption> *list = options();
    if (!list)
        return -1;
    QStringList taken;
    for (const RubricOption &o : std::as_const(*list))
        taken.append(o.value);
    const QString name = value.isEmpty() ? unusedName(taken, u"option"_s) : value;
    const int row = int(list->size());
    beginInsertRows({}, row, row);
    list->append(RubricOption{name, name, std::nullopt, {}});
    endInsertRows();
    m_design.optionsChanged();
    return row;
}

bool RubricOptionModel::removeOption(int row)
{
    QList<RubricOption> *list = options();
    if (!list || row < 0 || row >= list->size())
        return false;
    beginRemoveRows({}, row, row);
    list->removeAt(row);
    endRemoveRows();
    m_design.optionsChanged();
    return true;
}

int RubricOptionModel::rowCount(const QModelIndex &parent) const
{
    const QList<RubricOption> *list = options();
    return parent.isValid() || !list ? 0 : int(list->size());
}

int RubricOptionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RubricOptionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RubricOption &o = options()->at(index.row());
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        return index.column() == Value ? o.value : o.description;
    }
    if (role == Qt::ToolTipRole && index.column() == Value && index.row() >= 9)
        return tr("Only the first nine options can be picked with a digit key.");
    return {};
}

QVariant RubricOptionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical) // the digit that picks the option, for the first nine
        return section < 9 ? QVariant(section + 1) : QVariant();
    return section == Value ? tr("Option") : tr("What it means (reviewers see it)");
}

bool RubricOptionModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    RubricOption &o = (*options())[index.row()];
    const QString text = value.toString();
    if (index.column() == Value) {
        o.value = text.trimmed();
        o.label = o.value; // the seed's options are plain values, shown as they are stored
    } else {
        o.description = text.trimmed();
    }
    emit dataChanged(index, index);
    m_design.optionsChanged();
    return true;
}

Qt::ItemFlags RubricOptionModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemIsDragEnabled;
}

bool RubricOptionModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                                 const QModelIndex &destinationParent, int destinationChild)
{
    QList<RubricOption> *list = options();
    if (!list || count != 1 || sourceParent.isValid() || destinationParent.isValid())
        return false;
    const bool moved = moveOne(
        *list, sourceRow, destinationChild,
        [this](int from, int to) { return beginMoveRows({}, from, from, {}, to); },
        [this] { endMoveRows(); });
    if (moved)
        m_design.optionsChanged();
    return moved;
}

QStringList RubricOptionModel::mimeTypes() const
{
    return {kOptionRowMime};
}

QMimeData *RubricOptionModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(kOptionRowMime, QByteArray::number(indexes.first().row()));
    return mime;
}

bool RubricOptionModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int,
                                     const QModelIndex &parent)
{
    if (action != Qt::MoveAction || !data || !data->hasFormat(kOptionRowMime))
        return false;
    bool ok = false;
    const int from = data->data(kOptionRowMime).toInt(&ok);
    if (!ok)
        return false;
    // Dropped on an option: before it; between options: at `row`; below the last: at the end.
    int to = row >= 0 ? row : parent.isValid() ? parent.row() : rowCount();
    moveRows({}, from, 1, {}, to);
    // The view must not remove the source row itself: the move already happened.
    return false;
}

// ---- RubricDesignModel

RubricDesignModel::RubricDesignModel(QObject *parent)
    : QAbstractListModel(parent)
    , m_options(*this)
{
}

void RubricDesignModel::setRubric(const Rubric &rubric)
{
    beginResetModel();
    m_options.beginResetModel();
    m_rubric = rubric;
    m_current = rubric.fields.isEmpty() ? -1 : 0;
    m_options.endResetModel();
    endResetModel();
    emit changed();
}

int RubricDesignModel::addField(FieldType type)
{
    QStringList keys;
    for (const RubricField &f : std::as_const(m_rubric.fields))
        keys.append(f.key);
    RubricField field;
    field.key = unusedName(keys, u"field"_s);
    field.type = type;
    if (type == FieldType::Categorical)
        field.options = startingOptions();
    if (type == FieldType::Continuous) {
        field.min = 0;
        field.max = 1;
    }
    const int row = int(m_rubric.fields.size());
    beginInsertRows({}, row, row);
    m_rubric.fields.append(field);
    endInsertRows();
    setCurrentField(row);
    emit changed();
    return row;
}

bool RubricDesignModel::removeField(int row)
{
    if (row < 0 || row >= m_rubric.fields.size())
        return false;
    m_options.beginResetModel();
    beginRemoveRows({}, row, row);
    m_rubric.fields.removeAt(row);
    endRemoveRows();
    if (m_current >= m_rubric.fields.size())
        m_current = int(m_rubric.fields.size()) - 1;
    m_options.endResetModel();
    emit changed();
    return true;
}

void RubricDesignModel::setField(int row, const RubricField &field)
{
    if (row < 0 || row >= m_rubric.fields.size())
        return;
    RubricField next = field;
    if (next.type != FieldType::Categorical)
        next.options.clear();
    else if (next.options.isEmpty()) // kept, or started afresh for a field that just became categorical
        next.options =
            m_rubric.fields[row].options.isEmpty() ? startingOptions() : m_rubric.fields[row].options;
    const bool optionsChange = row == m_current && next.options != m_rubric.fields[row].options;
    if (optionsChange)
        m_options.beginResetModel();
    m_rubric.fields[row] = next;
    if (optionsChange)
        m_options.endResetModel();
    emit dataChanged(index(row), index(row));
    emit changed();
}

void RubricDesignModel::setCurrentField(int row)
{
    if (row < -1 || row >= m_rubric.fields.size() || row == m_current)
        return;
    m_options.beginResetModel();
    m_current = row;
    m_options.endResetModel();
}

int RubricDesignModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rubric.fields.size());
}

QVariant RubricDesignModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RubricField &f = m_rubric.fields.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        const QString type = f.type == FieldType::Categorical  ? tr("categorical")
                             : f.type == FieldType::Continuous ? tr("continuous")
                                                               : tr("freeform");
        return u"%1%2 — %3"_s.arg(f.displayLabel(), f.required ? u" *"_s : QString(), type);
    }
    case Qt::ToolTipRole:
        return f.description;
    case KeyRole:
        return f.key;
    case TypeRole:
        return fieldTypeName(f.type);
    }
    return {};
}

bool RubricDesignModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                                 const QModelIndex &destinationParent, int destinationChild)
{
    if (count != 1 || sourceParent.isValid() || destinationParent.isValid())
        return false;
    const int wasCurrent = m_current;
    const bool moved = moveOne(
        m_rubric.fields, sourceRow, destinationChild,
        [this](int from, int to) { return beginMoveRows({}, from, from, {}, to); },
        [this] { endMoveRows(); });
    if (!moved)
        return false;
    if (wasCurrent == sourceRow) // the current field travels with its row
        m_current = destinationChild > sourceRow ? destinationChild - 1 : destinationChild;
    else if (sourceRow < wasCurrent && destinationChild > wasCurrent)
        m_current = wasCurrent - 1;
    else if (sourceRow > wasCurrent && destinationChild <= wasCurrent)
        m_current = wasCurrent + 1;
    emit changed();
    return true;
}

void RubricDesignModel::optionsChanged()
{
    if (m_current >= 0)
        emit dataChanged(index(m_current), index(m_current));
    emit changed();
}

} // namespace assay::client
