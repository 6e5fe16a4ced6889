#include "queueadmin.h"

#include <QCoreApplication>

namespace assay::client {

using namespace Qt::StringLiterals;

Error replyError(const ApiReply &reply)
{
    return Error{reply.message, QString()}; // the server's detail already starts with the field it names
}

Status statusOf(const ApiReply &reply)
{
    if (!reply.ok())
        return replyError(reply);
    return Ok{};
}

QJsonObject queueWriteBody(const Queue &queue)
{
    QJsonObject rubric = rubricToJson(queue.rubric);
    rubric.remove("version"_L1); // the server numbers versions
    return QJsonObject{
        {"name"_L1, queue.name},
        {"description"_L1, queue.description},
        {"rubric"_L1, rubric},
        {"num_reviewers_per_item"_L1, queue.numReviewersPerItem},
        {"enable_reservations"_L1, queue.enableReservations},
        {"reservation_minutes"_L1, queue.reservationMinutes},
        {"reviewers_see_feedback"_L1, queue.reviewersSeeFeedback},
    };
}

QString rubricChangeNote(const Rubric &saved, const Rubric &edited)
{
    if (saved.fields == edited.fields && saved.instructions == edited.instructions)
        return {};
    return QCoreApplication::translate(
               "QueueAdmin",
               "Saving makes this rubric version %1 (it is version %2 now). The answers already given stay "
               "as they were, checked against version %2, and those items are not asked again; every new "
               "answer is made and checked against version %1.")
        .arg(saved.version + 1)
        .arg(saved.version);
}

QString queueDeletionQuestion(const QueueDetails &details)
{
    return QCoreApplication::translate(
               "QueueAdmin",
               "Delete the queue “%1”? Its %2 item(s) leave it and the routing rules that feed it are "
               "deleted. The %3 answer(s) given in it stay as feedback on their runs. This cannot be undone.")
        .arg(details.queue.name)
        .arg(details.items)
        .arg(details.answers);
}

void loadQueueDetails(ApiClient &api, const Uuid &id, std::function<void(Result<QueueDetails>)> done)
{
    api.get(u"/annotation-queues/%1"_s.arg(id.toString()), [done = std::move(done)](const ApiReply &reply) {
        if (!reply.ok()) {
            done(replyError(reply));
            return;
        }
        const QJsonObject json = reply.body.toObject();
        auto queue = queueFromJson(json);
        if (!queue) {
            done(queue.error());
            return;
        }
        done(QueueDetails{*queue, qint64(json.value("total_runs"_L1).toDouble()),
                          qint64(json.value("answer_count"_L1).toDouble())});
    });
}

void saveQueue(ApiClient &api, const Queue &queue, bool creating, std::function<void(Result<Queue>)> done)
{
    auto answer = [done = std::move(done)](const ApiReply &reply) {
        if (!reply.ok()) {
            done(replyError(reply));
            return;
        }
        done(queueFromJson(reply.body.toObject())); // with the server's id
    };
    if (creating)
        api.post(u"/annotation-queues"_s, queueWriteBody(queue), std::move(answer));
    else
        api.request("PATCH", u"/annotation-queues/%1"_s.arg(queue.id.toString()), queueWriteBody(queue),
                    std::move(answer));
}

void deleteQueue(ApiClient &api, const Uuid &id, std::function<void(Status)> done)
{
    api.request("DELETE", u"/annotation-queues/%1"_s.arg(id.toString()), {},
                [done = std::move(done)](const ApiReply &reply) { done(statusOf(reply)); });
}

} // namespace assay::client
