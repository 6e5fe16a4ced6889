#include "queue.h"

#include "jsonfields.h"

#include <algorithm>

namespace assay {

namespace {
using namespace Qt::StringLiterals;

std::optional<int> boundedInt(JsonFields &f, QLatin1StringView key, int min, int max)
{
    const auto n = f.integer(key);
    if (!n)
        return std::nullopt;
    if (*n < min || *n > max) {
        f.fail(key, u"must be between %1 and %2, got %3"_s.arg(min).arg(max).arg(*n));
        return std::nullopt;
    }
    return static_cast<int>(*n);
}

} // namespace

Result<QueueWrite> parseQueueWrite(const QJsonObject &body, bool creating)
{
    JsonFields f(body);
    QueueWrite w;
    w.creating = creating;
    w.id = f.uuid("id"_L1);
    w.name = f.string("name"_L1, creating ? Need::Required : Need::Optional);
    if (w.name && w.name->trimmed().isEmpty())
        f.fail("name"_L1, u"must not be empty"_s);
    w.description = f.string("description"_L1);
    w.rubricInstructions = f.string("rubric_instructions"_L1);
    w.rubricItems = f.array("rubric_items"_L1);
    if (auto rubric = f.object("rubric"_L1)) {
        auto parsed = parseRubric(*rubric);
        if (parsed)
            w.rubric = *parsed;
        else
            f.fail(parsed.error().prefixed(u"rubric"_s));
    }
    // Our own queue JSON carries both spellings; they may come back together as long as they agree.
    if (w.rubric && w.rubricItems) {
        if (rubricItemsToJson(*w.rubric) == *w.rubricItems)
            w.rubricItems.reset();
        else
            f.fail("rubric_items"_L1, u"rubric and rubric_items disagree; send only one of them"_s);
    }
    w.queueType = f.string("queue_type"_L1);
    if (w.queueType && *w.queueType != u"single" && *w.queueType != u"pairwise")
        f.fail("queue_type"_L1, u"expected single or pairwise, got '%1'"_s.arg(*w.queueType));
    if (body.contains("default_dataset"_L1))
        w.defaultDataset = f.uuid("default_dataset"_L1);
    w.enableReservations = f.boolean("enable_reservations"_L1);
    w.reviewersSeeFeedback = f.boolean("reviewers_see_feedback"_L1);
    w.reservationMinutes = boundedInt(f, "reservation_minutes"_L1, 1, 60 * 24 * 30);
    w.numReviewersPerItem = boundedInt(f, "num_reviewers_per_item"_L1, 0, 1000);
    if (auto mode = f.string("reviewer_access_mode"_L1)) {
        if (*mode == u"any")
            w.reviewerAccess = ReviewerAccess::Any;
        else if (*mode == u"assigned")
            w.reviewerAccess = ReviewerAccess::Assigned;
        else
            f.fail("reviewer_access_mode"_L1, u"expected any or assigned, got '%1'"_s.arg(*mode));
    }
    w.metadata = f.object("metadata"_L1);
    if (f.failed())
        return f.error();
    return w;
}

Result<ValidationReport> applyQueueWrite(Queue &queue, const QueueWrite &w,
                                         const FeedbackConfigLookup &configs)
{
    Queue next = queue;
    if (w.id)
        next.id = *w.id;
    if (w.name)
        next.name = *w.name;
    if (w.description)
        next.description = *w.description;
    if (w.rubric) {
        const int version = next.rubric.version;
        next.rubric = *w.rubric;
        next.rubric.version = version;
    }
    if (w.rubricItems) {
        auto rubric = rubricFromLangSmith(next.rubric.instructions, *w.rubricItems, configs);
        if (!rubric)
            return rubric.error();
        rubric->version = next.rubric.version;
        next.rubric = *rubric;
    }
    if (w.rubricInstructions)
        next.rubric.instructions = *w.rubricInstructions;
    if (w.queueType)
        next.queueType = *w.queueType;
    if (w.defaultDataset)
        next.defaultDataset = *w.defaultDataset;
    if (w.enableReservations)
        next.enableReservations = *w.enableReservations;
    if (w.reviewersSeeFeedback)
        next.reviewersSeeFeedback = *w.reviewersSeeFeedback;
    if (w.reservationMinutes)
        next.reservationMinutes = *w.reservationMinutes;
    if (w.numReviewersPerItem)
        next.numReviewersPerItem = *w.numReviewersPerItem;
    if (w.reviewerAccess)
        next.reviewerAccess = *w.reviewerAccess;
    if (w.metadata)
        next.metadata = *w.metadata;

    ValidationReport report = validateRubric(next.rubric);
    if (!report.ok())
        return Error{report.errors.first().message, u"rubric."_s + report.errors.first().field};
    const bool rubricChanged =
        next.rubric.fields != queue.rubric.fields || next.rubric.instructions != queue.rubric.instructions;
    if (rubricChanged && !w.creating)
        next.rubric.version = queue.rubric.version + 1;
    queue = next;
    return report;
}

QJsonObject queueToJson(const Queue &q, const Uuid &tenantId)
{
    return QJsonObject{
        {"id"_L1, q.id.toString()},
        {"name"_L1, q.name},
        {"description"_L1, textOrNull(q.description)},
        {"tenant_id"_L1, tenantId.toString()},
        {"created_at"_L1, jsonOrNull(q.createdAt)},
        {"updated_at"_L1, jsonOrNull(q.updatedAt)},
        {"queue_type"_L1, q.queueType},
        {"default_dataset"_L1, jsonOrNull(q.defaultDataset)},
        {"enable_reservations"_L1, q.enableReservations},
        {"reviewers_see_feedback"_L1, q.reviewersSeeFeedback},
        {"reservation_minutes"_L1, q.reservationMinutes},
        {"num_reviewers_per_item"_L1, q.numReviewersPerItem},
        {"reviewer_access_mode"_L1, q.reviewerAccess == ReviewerAccess::Assigned ? u"assigned"_s : u"any"_s},
        {"metadata"_L1, q.metadata},
        {"rubric_instructions"_L1, textOrNull(q.rubric.instructions)},
        {"rubric_items"_L1, rubricItemsToJson(q.rubric)},
        {"rubric"_L1, rubricToJson(q.rubric)},
    };
}

Result<Queue> queueFromJson(const QJsonObject &json)
{
    auto write = parseQueueWrite(json, true);
    if (!write)
        return write.error();
    Queue queue;
    auto applied = applyQueueWrite(queue, *write, {});
    if (!applied)
        return applied.error();
    if (write->rubric)
        queue.rubric.version = write->rubric->version;
    JsonFields f(json);
    queue.createdAt = f.timestamp("created_at"_L1);
    queue.updatedAt = f.timestamp("updated_at"_L1);
    if (f.failed())
        return f.error();
    return queue;
}

QString addedByName(AddedBy kind)
{
    switch (kind) {
    case AddedBy::Rule:
        return u"rule"_s;
    case AddedBy::User:
        return u"user"_s;
    case AddedBy::Sdk:
        return u"sdk"_s;
    }
    return {};
}

QJsonObject queueItemToJson(const QueueItem &item)
{
    return QJsonObject{
        {"id"_L1, item.id.toString()},
        {"queue_id"_L1, item.queueId.toString()},
        {"run_id"_L1, item.runId.toString()},
        {"added_at"_L1, item.addedAt.toJson()},
        {"added_by"_L1, QJsonObject{{"kind"_L1, addedByName(item.addedBy)}, {"id"_L1, item.addedById}}},
        {"reason"_L1, textOrNull(item.reason)},
        {"last_reviewed_time"_L1, jsonOrNull(item.lastReviewedTime)},
    };
}

qsizetype reviewersNeeded(const Queue &queue, qsizetype assignedReviewers)
{
    if (queue.numReviewersPerItem > 0)
        return queue.numReviewersPerItem;
    return std::max<qsizetype>(1, assignedReviewers);
}

QString arrivalSource(const QueueItem &item)
{
    if (item.addedBy == AddedBy::Rule)
        return QStringLiteral("rule:") + item.addedById;
    return addedByName(item.addedBy);
}

} // namespace assay
