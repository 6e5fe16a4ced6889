#pragma once

// A response body a route makes piece by piece from the database (an export). The handler returns it
// in HttpResponse::stream; the worker pool calls next() for each piece on a read worker, in a read
// transaction of its own, so a long export holds no transaction and no worker between pieces, and
// requests people wait on (checkouts) go in between. Writes a piece needs (answers marked used) go in
// `later`: the write worker makes them.

#include "http/httpmessage.h"
#include "storage/store.h"

#include <functional>

namespace assay::server {

using LaterWrite = std::function<Status(Store &)>;

class StoreBodyStream : public BodyStream {
public:
    virtual Result<BodyPiece> next(Store &store, QList<LaterWrite> &later) = 0;
};

} // namespace assay::server
