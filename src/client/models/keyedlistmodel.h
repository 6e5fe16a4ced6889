#pragma once

// A list model whose rows are replaced as a whole list (after a sync, after a save) but signalled
// exactly: removed, moved, inserted and changed rows, never a reset, so views keep their selection and
// scroll position. Rows need operator== and a unique key.

#include <QAbstractListModel>
#include <QHash>
#include <QList>

namespace assay::client {

template<typename Row, typename Key>
class KeyedListModel : public QAbstractListModel {
public:
    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    const Row &rowAt(int i) const { return m_rows.at(i); }
    const QList<Row> &rows() const { return m_rows; }
    int rowOf(const Key &key) const
    {
        for (qsizetype i = 0; i < m_rows.size(); ++i)
            if (keyOf(m_rows[i]) == key)
                return int(i);
        return -1;
    }

protected:
    virtual Key keyOf(const Row &row) const = 0;

    // One row changed in place (its key stays): a single dataChanged, without rereading the list.
    void updateRow(int i, const Row &row)
    {
        if (m_rows[i] == row)
            return;
        m_rows[i] = row;
        emit dataChanged(index(i), index(i));
    }

    void setRows(const QList<Row> &next)
    {
        QHash<Key, qsizetype> wanted;
        for (qsizetype i = 0; i < next.size(); ++i)
            wanted.insert(keyOf(next[i]), i);
        // Rows that are gone, bottom up, in contiguous runs.
        for (qsizetype i = m_rows.size() - 1; i >= 0;) {
            if (wanted.contains(keyOf(m_rows[i]))) {
                --i;
                continue;
            }
            qsizetype first = i;
            while (first > 0 && !wanted.contains(keyOf(m_rows[first - 1])))
                --first;
            beginRemoveRows({}, int(first), int(i));
            m_rows.remove(first, i - first + 1);
            endRemoveRows();
            i = first - 1;
        }
        // Then row by row: in place (perhaps changed), moved up from further down, or new.
        for (qsizetype i = 0; i < next.size(); ++i) {
            const Key key = keyOf(next[i]);
            if (i >= m_rows.size() || keyOf(m_rows[i]) != key) {
                qsizetype from = -1;
                for (qsizetype j = i + 1; j < m_rows.size(); ++j)
                    if (keyOf(m_rows[j]) == key) {
                        from = j;
                        break;
                    }
                if (from >= 0) {
                    beginMoveRows({}, int(from), int(from), {}, int(i));
                    m_rows.move(from, i);
                    endMoveRows();
                } else {
                    beginInsertRows({}, int(i), int(i));
                    m_rows.insert(i, next[i]);
                    endInsertRows();
                    continue;
                }
            }
            if (!(m_rows[i] == next[i])) {
                m_rows[i] = next[i];
                emit dataChanged(index(int(i)), index(int(i)));
            }
        }
    }

private:
    QList<Row> m_rows;
};

} // namespace assay::client
