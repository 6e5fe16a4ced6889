#pragma once

// What the tests of a queue's review program do over REST (queue health, calibration rounds, the lead's
// Health and Calibration pages): a queue with a rubric, runs sent and queued, reviewers with their own
// keys assigned to it, and answers submitted through the review protocol as the desktop app submits them.

#include "serverharness.h"

namespace assay::test {

struct QueueReviewer {
    QString userId;
    QByteArray key;
};

// The new queue's id (with the rubric's JSON).
QString createQueue(ServerHarness &server, const QString &name, const QByteArray &rubricJson);
// Sends `n` runs to project "p" and queues them; their ids, in order.
QStringList queueNewRuns(ServerHarness &server, const QString &queue, int n);
// A person with a reviewer's key, assigned to the queue.
QueueReviewer addQueueReviewer(ServerHarness &server, const QString &queue, const QString &name);
// Submits one answer with `values`; the server's outcome for it.
QJsonObject submitAnswer(ServerHarness &server, const QByteArray &key, const QString &queue,
                         const QString &run, const QJsonObject &values,
                         const Timestamp &at = Timestamp::now(), double seconds = 20,
                         const QJsonObject &extra = {}); // more of the answer: comment, correction

} // namespace assay::test
