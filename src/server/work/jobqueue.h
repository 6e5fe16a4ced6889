#pragma once

// One lane's jobs, taken first in, first out by whichever of the lane's workers is free.

#include <QMutex>

#include <deque>
#include <functional>
#include <optional>

namespace assay::server {

class Worker;
using Job = std::function<void(Worker &)>;

class JobQueue {
public:
    void push(Job job)
    {
        QMutexLocker lock(&m_mutex);
        m_jobs.push_back(std::move(job));
    }
    std::optional<Job> take()
    {
        QMutexLocker lock(&m_mutex);
        if (m_jobs.empty())
            return std::nullopt;
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        return job;
    }
    bool empty() const
    {
        QMutexLocker lock(&m_mutex);
        return m_jobs.empty();
    }
    // Drops what is queued (the server stops); a job's captures are destroyed here, which wakes anyone
    // waiting on a promise it held.
    void clear()
    {
        std::deque<Job> dropped;
        QMutexLocker lock(&m_mutex);
        dropped.swap(m_jobs);
        lock.unlock();
    }

private:
    mutable QMutex m_mutex;
    std::deque<Job> m_jobs;
};

} // namespace assay::server
