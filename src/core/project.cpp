#include "project.h"

#include "jsonfields.h"

namespace assay {

using namespace Qt::StringLiterals;

Status checkProjectName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return Error{u"must not be empty"_s, u"name"_s};
    if (name.size() > 255)
        return Error{u"is longer than 255 characters"_s, u"name"_s};
    return Ok{};
}

Result<ProjectWrite> parseProjectWrite(const QJsonObject &body, bool creating)
{
    JsonFields f(body);
    ProjectWrite w;
    w.id = f.uuid("id"_L1);
    w.name = f.string("name"_L1, creating ? Need::Required : Need::Optional);
    if (w.name && !f.failed())
        if (auto ok = checkProjectName(*w.name); !ok)
            f.fail(ok.error());
    w.description = f.string("description"_L1);
    w.extra = f.object("extra"_L1);
    w.startTime = f.timestamp("start_time"_L1);
    w.endTime = f.timestamp("end_time"_L1);
    w.referenceDatasetId = f.uuid("reference_dataset_id"_L1);
    if (f.failed())
        return f.error();
    return w;
}

void applyProjectWrite(Project &project, const ProjectWrite &w)
{
    if (w.id)
        project.id = *w.id;
    if (w.name)
        project.name = *w.name;
    if (w.description)
        project.description = *w.description;
    if (w.extra)
        project.extra = *w.extra;
    if (w.startTime)
        project.startTime = w.startTime;
    if (w.endTime)
        project.endTime = w.endTime;
    if (w.referenceDatasetId)
        project.referenceDatasetId = w.referenceDatasetId;
}

QJsonObject projectToJson(const Project &p, const Uuid &tenantId)
{
    return QJsonObject{
        {"id"_L1, p.id.toString()},
        {"name"_L1, p.name},
        {"description"_L1, textOrNull(p.description)},
        {"extra"_L1, p.extra},
        {"start_time"_L1, jsonOrNull(p.startTime)},
        {"end_time"_L1, jsonOrNull(p.endTime)},
        {"reference_dataset_id"_L1, jsonOrNull(p.referenceDatasetId)},
        {"tenant_id"_L1, tenantId.toString()},
    };
}

} // namespace assay
