#pragma once

// The stored form of a feedback row, written directly rather than through a QJsonObject: an answer
// materializes three rows, and building and serializing a QJsonObject per row was about a quarter of a
// submit's time (measured: a push of 10,000 answers went from 1.5 s to 1.1 s without it). The content is
// feedbackToJson's without its null fields; it is read back with parseFeedbackCreate.

#include "core/feedback.h"

#include <QByteArray>

namespace assay::server {

QByteArray storedFeedbackDoc(const Feedback &feedback);

} // namespace assay::server
