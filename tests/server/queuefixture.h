#pragma once

// What the tests of one queue's review program share (queue health, calibration rounds): a queue with a
// rubric, runs sent and queued, reviewers with their own keys assigned to it, and answers submitted
// through the review protocol as the desktop app submits them.

#include "serverharness.h"

#include <gtest/gtest.h>

namespace assay::test {

class QueueFixture : public ServerTest {
protected:
    QString queue;
    QStringList runs;

    // Makes the queue (with the rubric's JSON) that the other helpers work on.
    void makeQueue(const QString &name, const QByteArray &rubricJson);
    // Sends `n` runs to project "p" and queues them.
    void addRuns(int n);
    // A person with a reviewer's key, assigned to the queue; the key.
    QByteArray reviewer(const QString &name);
    // The user id of the reviewer `name` made (empty when unknown).
    QString userId(const QString &name) const { return m_users.value(name); }
    // Submits one answer with `values`; the response's outcome for it.
    QJsonObject answer(const QByteArray &key, const QString &run, const QJsonObject &values,
                       const Timestamp &at = Timestamp::now(), double seconds = 20);

private:
    QHash<QString, QString> m_users;
};

} // namespace assay::test
