#pragma once

// A LangSmith project ("tracer session"): the bucket runs are traced into, named by session_name.

#include "result.h"
#include "timestamp.h"
#include "uuid.h"

#include <QJsonObject>

#include <optional>

namespace assay {

struct Project {
    Uuid id;
    QString name;
    QString description;
    QJsonObject extra; // extra.metadata is the project's metadata
    std::optional<Timestamp> startTime;
    std::optional<Timestamp> endTime;
    std::optional<Uuid> referenceDatasetId;

    friend bool operator==(const Project &, const Project &) = default;
};

// POST /sessions and PATCH /sessions/{id}. The SDK's updateProject sends every unset field as an
// explicit null, so null means "leave as it is" here too; `present` lists what the body set.
struct ProjectWrite {
    std::optional<Uuid> id;
    std::optional<QString> name;
    std::optional<QString> description;
    std::optional<QJsonObject> extra;
    std::optional<Timestamp> startTime;
    std::optional<Timestamp> endTime;
    std::optional<Uuid> referenceDatasetId;
};
Result<ProjectWrite> parseProjectWrite(const QJsonObject &body, bool creating);
void applyProjectWrite(Project &project, const ProjectWrite &write);

// Project names: non-empty after trimming, at most 255 characters.
Status checkProjectName(const QString &name);

QJsonObject projectToJson(const Project &project, const Uuid &tenantId);

} // namespace assay
