#include "feedbackdoc.h"

#include "core/jsonwriter.h"

namespace assay::server {

QByteArray storedFeedbackDoc(const Feedback &fb)
{
    JsonWriter w;
    w.field("id", fb.id.toString());
    w.field("run_id", fb.runId);
    w.field("trace_id", fb.traceId);
    w.field("session_id", fb.sessionId);
    w.key("key");
    w.string(fb.key);
    w.field("score", fb.score);
    w.field("value", fb.value);
    w.field("comment", fb.comment);
    w.field("correction", fb.correction);
    w.key("feedback_source");
    JsonWriter source;
    source.key("type");
    source.string(fb.source.type);
    source.key("metadata");
    source.value(fb.source.metadata);
    source.field("user_id", fb.source.userId);
    source.field("user_name", fb.source.userName);
    w.raw(source.finish());
    if (!fb.feedbackConfig.isEmpty())
        w.field("feedback_config", fb.feedbackConfig);
    w.field("comparative_experiment_id", fb.comparativeExperimentId);
    w.field("feedback_group_id", fb.feedbackGroupId);
    w.key("extra");
    w.value(fb.extra);
    w.field("created_at", fb.createdAt);
    w.field("modified_at", fb.modifiedAt);
    return w.finish();
}

} // namespace assay::server
