#pragma once

// One lane's jobs, taken by whichever of the lane's workers is free: first in, first out, except that a
// reviewer's request (checkout, answers) goes before bulk work queued earlier (ingest batches, which
// take tens of milliseconds each on PostgreSQL), so reviewers are not kept waiting behind a backlog of
// batches. A burst of interactive jobs lets one waiting bulk job through after every kInteractiveBurst,
// so ingest is never starved. Requests on one connection are never reordered: a connection sends its
// next request only after the previous one was answered.

#include <QMutex>

#include <deque>
#include <functional>
#include <optional>

namespace assay::server {

class Worker;
using Job = std::function<void(Worker &)>;

enum class Urgency { Bulk, Interactive };

class JobQueue {
public:
    static constexpr int kInteractiveBurst = 4;

    void push(Job job, Urgency urgency = Urgency::Bulk)
    {
        QMutexLocker lock(&m_mutex);
        (urgency == Urgency::Interactive ? m_interactive : m_jobs).push_back(std::move(job));
    }
    std::optional<Job> take()
    {
        QMutexLocker lock(&m_mutex);
        const bool interactiveFirst =
            !m_interactive.empty() && (m_jobs.empty() || m_interactiveInARow < kInteractiveBurst);
        std::deque<Job> &from = interactiveFirst ? m_interactive : m_jobs;
        if (from.empty())
            return std::nullopt;
        m_interactiveInARow = interactiveFirst ? m_interactiveInARow + 1 : 0;
        Job job = std::move(from.front());
        from.pop_front();
        return job;
    }
    // Whether a reviewer's request is waiting: background work on the worker (the indexer) yields to it
    // the way bulk jobs do.
    bool interactiveWaiting() const
    {
        QMutexLocker lock(&m_mutex);
        return !m_interactive.empty();
    }
    bool empty() const
    {
        QMutexLocker lock(&m_mutex);
        return m_jobs.empty() && m_interactive.empty();
    }
    // Drops what is queued (the server stops); a job's captures are destroyed here, which wakes anyone
    // waiting on a promise it held.
    void clear()
    {
        std::deque<Job> dropped, droppedInteractive;
        QMutexLocker lock(&m_mutex);
        dropped.swap(m_jobs);
        droppedInteractive.swap(m_interactive);
        lock.unlock();
    }

private:
    mutable QMutex m_mutex;
    std::deque<Job> m_jobs;
    std::deque<Job> m_interactive;
    int m_interactiveInARow = 0;
};

} // namespace assay::server
