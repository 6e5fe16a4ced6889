#include "apicontext.h"

namespace assay::server {

using namespace Qt::StringLiterals;

std::optional<HttpResponse> unknownField(const QJsonObject &body, const QStringList &known)
{
    for (auto it = body.begin(); it != body.end(); ++it)
        if (!known.contains(it.key()))
            return HttpResponse::error(400, u"unknown field; expected one of %1"_s.arg(known.join(u", "_s)),
                                       it.key());
    return std::nullopt;
}

HttpResponse refusedResponse(Refusal refusal, const Error &error)
{
    switch (refusal) {
    case Refusal::Invalid:
        return HttpResponse::badRequest(error);
    case Refusal::Unknown:
        return HttpResponse::error(404, error.message, error.where);
    case Refusal::Conflict:
        return HttpResponse::error(409, error.message, error.where);
    case Refusal::None:
        break;
    }
    return HttpResponse::error(500, u"refusedResponse called for a change that was made"_s);
}

Result<Uuid> pathUuid(const HttpRequest &request, const QString &name)
{
    auto id = Uuid::parse(request.param(name));
    if (!id)
        return Error{id.error().message, name};
    return *id;
}

Result<QList<Uuid>> queryUuids(const HttpRequest &request, const QString &key)
{
    QList<Uuid> ids;
    for (const QString &value : request.queryValues(key)) {
        for (const QString &part : value.split(u',', Qt::SkipEmptyParts)) {
            auto id = Uuid::parse(part.trimmed());
            if (!id)
                return Error{id.error().message, key};
            ids.append(*id);
        }
    }
    return ids;
}

Result<QList<Uuid>> uuidsIn(JsonFields &f, QLatin1StringView key)
{
    const auto list = f.stringList(key);
    if (f.failed())
        return f.error();
    QList<Uuid> ids;
    const QStringList given = list.value_or(QStringList());
    for (qsizetype i = 0; i < given.size(); ++i) {
        auto id = Uuid::parse(given.at(i));
        if (!id)
            return Error{id.error().message, indexedPath(f.pathOf(key), i)};
        ids.append(*id);
    }
    return ids;
}

std::optional<HttpResponse> unsupportedParameter(const HttpRequest &request, const QStringList &names)
{
    for (const QString &name : names)
        if (!request.queryValue(name).isEmpty())
            return HttpResponse::error(400, u"is not supported by Assay"_s, name);
    return std::nullopt;
}

std::optional<Error> unsupportedField(const QJsonObject &body, const QStringList &names)
{
    for (const QString &name : names) {
        const QJsonValue v = body.value(name);
        const bool given = !v.isUndefined() && !v.isNull() && !(v.isString() && v.toString().isEmpty()) &&
                           !(v.isArray() && v.toArray().isEmpty());
        if (given)
            return Error{u"is not supported by Assay"_s, name};
    }
    return std::nullopt;
}

QString positionCursor(const ListPosition &position)
{
    return u"p:%1:%2"_s.arg(position.first).arg(position.second.toString());
}

std::optional<ListPosition> parsePositionCursor(QStringView cursor)
{
    const auto parts = cursor.split(u':');
    if (parts.size() != 3 || parts[0] != u"p")
        return std::nullopt;
    bool ok = false;
    const qint64 micros = parts[1].toLongLong(&ok);
    auto id = Uuid::parse(parts[2].toString());
    if (!ok || !id)
        return std::nullopt;
    return ListPosition{micros, *id};
}

Result<bool> queryBoolean(const HttpRequest &request, const QString &key, bool absent)
{
    if (!request.query.hasQueryItem(key))
        return absent;
    const QString value = request.queryValue(key).toLower();
    if (value == u"true" || value == u"1")
        return true;
    if (value == u"false" || value == u"0")
        return false;
    return Error{u"expected true or false, got '%1'"_s.arg(request.queryValue(key)), key};
}

Result<PageRequest> pageOf(const HttpRequest &request, qsizetype defaultLimit, qsizetype maxLimit)
{
    PageRequest page;
    page.limit = defaultLimit;
    for (const auto &[key, target, min, max] :
         {std::tuple{u"offset"_s, &page.offset, qsizetype(0), qsizetype(1) << 40},
          std::tuple{u"limit"_s, &page.limit, qsizetype(1), maxLimit}}) {
        if (!request.query.hasQueryItem(key))
            continue;
        bool ok = false;
        const qsizetype v = request.queryValue(key).toLongLong(&ok);
        if (!ok || v < min || v > max)
            return Error{u"must be a whole number from %1 to %2"_s.arg(min).arg(max), key};
        *target = v;
    }
    if (const QString cursor = request.queryValue(u"cursor"_s); !cursor.isEmpty()) {
        page.after = parsePositionCursor(cursor);
        if (!page.after)
            return Error{u"is not a cursor this server issued (use the X-Next-Cursor of a page)"_s,
                         u"cursor"_s};
        if (page.offset > 0)
            return Error{u"a cursor says where the page starts: leave out offset"_s, u"offset"_s};
    }
    return page;
}

HttpResponse listingResponse(const QJsonArray &rows, bool full, const std::optional<ListPosition> &last)
{
    HttpResponse response = HttpResponse::json(rows);
    if (full && last)
        response.headers.append({"X-Next-Cursor", positionCursor(*last).toLatin1()});
    return response;
}

namespace {

// ?<idsKey>=&name=&name_contains=, the filters every listing of named things shares.
Result<ListQuery> namedFiltersOf(const HttpRequest &request, const QString &idsKey)
{
    auto ids = queryUuids(request, idsKey);
    if (!ids)
        return ids.error();
    ListQuery q;
    q.ids = *ids;
    if (request.query.hasQueryItem(u"name"_s))
        q.name = request.queryValue(u"name"_s);
    q.nameContains = request.queryValue(u"name_contains"_s);
    return q;
}

} // namespace

Result<ListQuery> listQueryOf(const HttpRequest &request, const QString &idsKey)
{
    auto page = pageOf(request);
    if (!page)
        return page.error();
    auto q = namedFiltersOf(request, idsKey);
    if (!q)
        return q;
    q->offset = page->offset;
    q->limit = page->limit;
    return q;
}

Result<ListQuery> v2ListQueryOf(const HttpRequest &request)
{
    auto named = namedFiltersOf(request, u"id"_s);
    if (!named)
        return named;
    ListQuery q = *named;
    if (const QString limit = request.queryValue(u"limit"_s); !limit.isEmpty()) {
        bool ok = false;
        q.limit = limit.toLongLong(&ok);
        if (!ok || q.limit < 1)
            return Error{u"must be a whole number from 1"_s, u"limit"_s};
        q.limit = std::min<qsizetype>(q.limit, 1000);
    }
    if (const QString cursor = request.queryValue(u"cursor"_s); !cursor.isEmpty()) {
        bool ok = cursor.startsWith(u"o:"_s);
        q.offset = ok ? cursor.mid(2).toLongLong(&ok) : 0;
        if (!ok || q.offset < 0)
            return Error{u"is not a cursor this server issued (use next_cursor)"_s, u"cursor"_s};
    }
    return q;
}

HttpResponse v2ListingResponse(const QJsonArray &items, const ListQuery &query)
{
    const bool full = items.size() >= query.limit;
    return HttpResponse::json(QJsonObject{
        {"items"_L1, items},
        {"next_cursor"_L1,
         full ? QJsonValue(u"o:%1"_s.arg(query.offset + items.size())) : QJsonValue(QJsonValue::Null)},
    });
}

} // namespace assay::server
