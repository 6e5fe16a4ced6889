#pragma once

// The rows of a long listing held in blocks of a fixed size, for a model whose row count is the whole
// listing while only what the view shows is loaded: which blocks are here (each with the cursor that
// continues after it), which are on their way, which the view asked for since the last fetch, and which
// to forget when more than a limit are kept (the farthest from the block last stored).

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <algorithm>
#include <cstdlib>

namespace assay::client {

template<typename Row>
class SparseBlocks {
public:
    struct Block {
        QList<Row> rows;
        QString next; // the cursor of the page after this block; empty at the end
    };

    explicit SparseBlocks(int blockSize, int maxBlocks)
        : m_blockSize(blockSize)
        , m_maxBlocks(maxBlocks)
    {
    }

    int blockOf(int row) const { return row / m_blockSize; }
    void setMaxBlocks(int maxBlocks) { m_maxBlocks = std::max(1, maxBlocks); }

    void clear()
    {
        m_blocks.clear();
        m_inFlight.clear();
        m_wanted.clear();
    }

    // The row, or null while its block is not here.
    const Row *row(int row) const
    {
        auto it = m_blocks.constFind(blockOf(row));
        if (it == m_blocks.cend() || row % m_blockSize >= it->rows.size())
            return nullptr;
        return &it->rows.at(row % m_blockSize);
    }
    Row *row(int row)
    {
        auto it = m_blocks.find(blockOf(row));
        if (it == m_blocks.end() || row % m_blockSize >= it->rows.size())
            return nullptr;
        return &it->rows[row % m_blockSize];
    }
    const Block *block(int block) const
    {
        auto it = m_blocks.constFind(block);
        return it == m_blocks.cend() ? nullptr : &*it;
    }
    QList<int> loaded() const
    {
        QList<int> blocks = m_blocks.keys();
        std::sort(blocks.begin(), blocks.end());
        return blocks;
    }
    bool busy() const { return !m_inFlight.isEmpty(); }

    // The view asked for a row of this block; true when the block was not asked for yet.
    bool want(int block)
    {
        if (m_blocks.contains(block) || m_inFlight.contains(block) || m_wanted.contains(block))
            return false;
        m_wanted.append(block);
        return true;
    }
    // The blocks to fetch now, at most `maxInFlight` on their way at once, marked as on their way. The
    // rest are forgotten: a view asks again for what it still shows when an answer repaints it.
    QList<int> takeWanted(int maxInFlight)
    {
        QList<int> fetch;
        for (int block : std::as_const(m_wanted)) {
            if (m_inFlight.size() >= maxInFlight)
                break;
            m_inFlight.insert(block);
            fetch.append(block);
        }
        m_wanted.clear();
        return fetch;
    }
    // A block arrived; blocks past the limit are forgotten, the farthest first.
    void store(int block, QList<Row> rows, QString next)
    {
        m_inFlight.remove(block);
        m_blocks.insert(block, Block{std::move(rows), std::move(next)});
        while (m_blocks.size() > m_maxBlocks) {
            const QList<int> keys = m_blocks.keys();
            const int farthest = *std::max_element(keys.begin(), keys.end(), [block](int a, int b) {
                return std::abs(a - block) < std::abs(b - block);
            });
            m_blocks.remove(farthest);
        }
    }
    // A block's fetch failed: it may be asked for again.
    void failed(int block) { m_inFlight.remove(block); }

private:
    int m_blockSize;
    int m_maxBlocks;
    QHash<int, Block> m_blocks;
    QSet<int> m_inFlight;
    QList<int> m_wanted;
};

} // namespace assay::client
