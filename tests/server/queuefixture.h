#pragma once

// A server test about one queue's review program (queue health, calibration rounds): reviewprogram.h's
// steps on the test's server and queue.

#include "reviewprogram.h"

#include <gtest/gtest.h>

namespace assay::test {

class QueueFixture : public ServerTest {
protected:
    QString queue;
    QStringList runs;

    void makeQueue(const QString &name, const QByteArray &rubricJson)
    {
        queue = createQueue(srv(), name, rubricJson);
    }
    void addRuns(int n) { runs.append(queueNewRuns(srv(), queue, n)); }
    QByteArray reviewer(const QString &name)
    {
        const QueueReviewer r = addQueueReviewer(srv(), queue, name);
        m_users.insert(name, r.userId);
        return r.key;
    }
    QString userId(const QString &name) const { return m_users.value(name); }
    QJsonObject answer(const QByteArray &key, const QString &run, const QJsonObject &values,
                       const Timestamp &at = Timestamp::now(), double seconds = 20,
                       const QJsonObject &extra = {})
    {
        return submitAnswer(srv(), key, queue, run, values, at, seconds, extra);
    }

private:
    QHash<QString, QString> m_users;
};

} // namespace assay::test
