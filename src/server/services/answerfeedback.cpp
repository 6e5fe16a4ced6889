#include "answerfeedback.h"

namespace assay::server {

Result<Rubric> rubricOfAnswer(Store &store, const Queue &queue, int version)
{
    if (version >= queue.rubric.version)
        return queue.rubric;
    auto older = store.queueRubric(queue.id, version);
    if (!older)
        return older.error();
    return *older ? **older : queue.rubric;
}

Status saveAnswerFeedback(Store &store, const Annotation &answer, const Rubric &rubric,
                          const Store::RunHead &run)
{
    for (const Feedback &fb : materializeFeedback(answer, rubric, run.sessionId, run.traceId))
        if (auto saved = store.saveFeedback(fb); !saved)
            return saved.error();
    return Ok{};
}

} // namespace assay::server
