#pragma once

// What an applied answer writes beside itself: the feedback rows the SDK reads. Shared by an answer's
// submission and a calibration round's close, which writes the rows its blind answers held back.

#include "storage/store.h"

namespace assay::server {

// The rubric an answer was made under: the queue's version it names, or the current rubric when that
// version is from before rubric history was kept (never no rubric at all).
Result<Rubric> rubricOfAnswer(Store &store, const Queue &queue, int version);

// Writes the answer's feedback rows (materializeFeedback) on its run.
Status saveAnswerFeedback(Store &store, const Annotation &answer, const Rubric &rubric,
                          const Store::RunHead &run);

} // namespace assay::server
