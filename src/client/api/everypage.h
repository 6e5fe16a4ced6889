#pragma once

// A listing read whole: GET `path` page by page (limit/offset) until a short page or `maxItems`. For the
// lead's short lists (projects, queues), which are read again as a whole on every refresh.

#include "apiclient.h"
#include "core/result.h"

#include <QJsonArray>

#include <functional>

namespace assay::client {

void getEveryPage(ApiClient &api, const QString &path, int pageSize, int maxItems,
                  std::function<void(Result<QJsonArray>)> done);

} // namespace assay::client
