#pragma once

// What the lead's queue editor asks of the server: a queue with what deleting it would touch, saving a
// new or changed queue (its rubric in the seed's form), deleting it; and the note that tells a lead what
// saving a changed rubric does to the answers given under the old version.

#include "api/apiclient.h"
#include "core/queue.h"

#include <functional>

namespace assay::client {

struct QueueDetails {
    Queue queue;
    qint64 items = 0;   // runs in the queue now
    qint64 answers = 0; // answers given in it (they stay as feedback when the queue goes)
};

// The POST / PATCH /annotation-queues body for these settings: name, guide, rubric and how items are
// handed out.
QJsonObject queueWriteBody(const Queue &queue);

// Empty when `edited` keeps the fields and instructions of `saved`; else what saving does: the rubric
// becomes version N+1 and the answers under version N stay as they are.
QString rubricChangeNote(const Rubric &saved, const Rubric &edited);

// What deleting the queue touches, in words, for the question asked before it is deleted.
QString queueDeletionQuestion(const QueueDetails &details);

void loadQueueDetails(ApiClient &api, const Uuid &id, std::function<void(Result<QueueDetails>)> done);
// Creates the queue when `creating`, else changes it; answers the queue as the server stored it.
void saveQueue(ApiClient &api, const Queue &queue, bool creating, std::function<void(Result<Queue>)> done);
void deleteQueue(ApiClient &api, const Uuid &id, std::function<void(Status)> done);

// An error from a failed reply, in the server's words ("field: message" when it named a field).
Error replyError(const ApiReply &reply);
// Ok, or the failed reply's error: for requests whose answer is only whether they worked.
Status statusOf(const ApiReply &reply);

} // namespace assay::client
