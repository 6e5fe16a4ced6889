#pragma once

// Makes the Nth database operation of a local store fail, for the fault-sweep tests: a full disk or an
// I/O error cannot be produced on demand by the real SQLite, so this is the one fake in the client.

#include <QtGlobal>

namespace assay::client {

class FaultPlan {
public:
    // Fail operation number n (1-based, counted from now); 0 never fails.
    void failAt(qint64 n)
    {
        m_failAt = n;
        m_count = 0;
    }
    qint64 operations() const { return m_count; }
    bool fired() const { return m_fired; }
    // Counts one operation; true when it is the one to fail.
    bool nextFails()
    {
        ++m_count;
        if (m_failAt > 0 && m_count == m_failAt) {
            m_fired = true;
            return true;
        }
        return false;
    }

private:
    qint64 m_failAt = 0;
    qint64 m_count = 0;
    bool m_fired = false;
};

} // namespace assay::client
