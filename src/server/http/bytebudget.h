#pragma once

// A shared allowance of bytes (the unfinished request data all connections may hold together), so a
// thousand slow uploads cannot take the server's memory. Single-threaded: the HTTP thread owns it.

#include <QtGlobal>

namespace assay::server {

class ByteBudget {
public:
    explicit ByteBudget(qint64 limit)
        : m_limit(limit)
    {
    }
    // Moves a holder's charge from `from` to `to` bytes; false (and nothing charged) when growing past
    // the limit.
    bool recharge(qint64 from, qint64 to)
    {
        if (to > from && m_used + (to - from) > m_limit)
            return false;
        m_used += to - from;
        return true;
    }
    qint64 used() const { return m_used; }

private:
    qint64 m_limit;
    qint64 m_used = 0;
};

} // namespace assay::server
