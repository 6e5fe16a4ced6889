// Keyset cursors for the listings other than run queries: feedback, a dataset's examples, a queue's runs
// (with and without a review status). A page says where the next starts (X-Next-Cursor); following the
// cursors visits every row once in the listing's order, as offsets do, and rows removed or added
// between pages neither repeat nor hide the others. On SQLite and PostgreSQL.

#include "serverharness.h"

#include <printers.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class KeysetListings : public ServerTest {
protected:
    const QString project = u"keyset"_s;

    QStringList ingestRuns(int count)
    {
        QStringList ids;
        QJsonArray post;
        for (int i = 0; i < count; ++i) {
            ids.append(Uuid::v7().toString());
            post.append(QJsonObject{{"id"_L1, ids.last()},
                                    {"name"_L1, u"r%1"_s.arg(i)},
                                    {"run_type"_L1, u"chain"_s},
                                    {"session_name"_L1, project},
                                    {"start_time"_L1, u"2026-11-30T08:00:00Z"_s},
                                    {"inputs"_L1, QJsonObject{{"q"_L1, i}}}});
        }
        EXPECT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"post"_L1, post}}).status, 202);
        return ids;
    }

    // Every page of `path` (which ends in "?...&limit=N") by cursor: the ids of `idKey` in order.
    QStringList pagesByCursor(const QString &path, const QString &idKey, int *pages = nullptr)
    {
        QStringList seen;
        QByteArray cursor;
        for (int page = 0; page < 1000; ++page) {
            const HttpResult r =
                srv().get(cursor.isEmpty() ? path : path + u"&cursor="_s + QString::fromLatin1(cursor));
            EXPECT_EQ(r.status, 200) << r.body.toStdString();
            for (const QJsonValue &row : r.array())
                seen.append(row.toObject().value(idKey).toString());
            if (pages)
                *pages = page + 1;
            if (r.nextCursor.isEmpty() || r.status != 200)
                return seen;
            cursor = r.nextCursor;
        }
        ADD_FAILURE() << "cursors did not come to an end";
        return seen;
    }

    QStringList pagesByOffset(const QString &path, const QString &idKey, int limit)
    {
        QStringList seen;
        for (int offset = 0;; offset += limit) {
            const QJsonArray rows = srv().get(path + u"&offset=%1"_s.arg(offset)).array();
            for (const QJsonValue &row : rows)
                seen.append(row.toObject().value(idKey).toString());
            if (rows.size() < limit)
                return seen;
        }
    }

    // Following the cursors of `path` lists `count` rows, each once, in the order offsets give; the ids.
    QStringList expectEveryRowOnce(const QString &path, int limit, qsizetype count, int *pages = nullptr)
    {
        const QString paged = path + u"&limit=%1"_s.arg(limit);
        const QStringList byCursor = pagesByCursor(paged, u"id"_s, pages);
        EXPECT_EQ(byCursor.size(), count);
        EXPECT_EQ(QSet<QString>(byCursor.begin(), byCursor.end()).size(), count) << "no row twice";
        EXPECT_EQ(byCursor, pagesByOffset(paged, u"id"_s, limit)) << "the same order as offsets";
        return byCursor;
    }

    void postFeedback(const QString &runId, int i)
    {
        ASSERT_EQ(
            srv()
                .post(u"/feedback"_s,
                      QJsonObject{{"run_id"_L1, runId}, {"key"_L1, u"k%1"_s.arg(i % 3)}, {"score"_L1, i}})
                .status,
            200);
    }
};

} // namespace

TEST_P(KeysetListings, FeedbackCursorsVisitEveryRowOnceAsOffsetsDo)
{
    const QStringList runs = ingestRuns(10);
    for (int i = 0; i < 95; ++i)
        postFeedback(runs.at(i % runs.size()), i);
    int pages = 0;
    const QStringList byCursor = expectEveryRowOnce(u"/feedback?"_s, 20, 95, &pages);
    EXPECT_EQ(pages, 5) << "the last, short page has no cursor";
    // Filters keep working with cursors.
    EXPECT_EQ(pagesByCursor(u"/feedback?key=k1&limit=7"_s, u"id"_s).size(), 32);

    // A cursor names a position, not a row: the row it came from may go, and rows added meanwhile come
    // after what was listed (they are newer), never in the middle or twice.
    const HttpResult first = srv().get(u"/feedback?limit=20"_s);
    ASSERT_FALSE(first.nextCursor.isEmpty());
    ASSERT_EQ(srv().del(u"/feedback/"_s + first.array().last().toObject().value("id"_L1).toString()).status,
              204);
    postFeedback(runs.first(), 1000);
    QStringList rest;
    QByteArray cursor = first.nextCursor;
    while (!cursor.isEmpty()) {
        const HttpResult r = srv().get(u"/feedback?limit=20&cursor="_s + QString::fromLatin1(cursor));
        ASSERT_EQ(r.status, 200);
        for (const QJsonValue &row : r.array())
            rest.append(row.toObject().value("id"_L1).toString());
        cursor = r.nextCursor;
    }
    EXPECT_EQ(rest.size(), 95 - 20 + 1);
    EXPECT_EQ(rest.mid(0, 75), byCursor.mid(20)) << "the pages after the deleted row are unchanged";
}

TEST_P(KeysetListings, ExamplesWithTheSameCreationTimeArePagedByIdWithoutLoss)
{
    const HttpResult dataset = srv().post(u"/datasets"_s, QJsonObject{{"name"_L1, u"keyset-examples"_s}});
    ASSERT_EQ(dataset.status, 200) << dataset.body.toStdString();
    const QString datasetId = dataset.object().value("id"_L1).toString();
    const QStringList runs = ingestRuns(130);
    // Two requests: examples of one request share their creation time, so ties are broken by id.
    for (const QStringList &part : {runs.mid(0, 70), runs.mid(70)})
        ASSERT_EQ(srv()
                      .post(u"/datasets/"_s + datasetId + u"/runs"_s,
                            QJsonObject{{"run_ids"_L1, QJsonArray::fromStringList(part)}})
                      .status,
                  200);
    expectEveryRowOnce(u"/examples?dataset="_s + datasetId, 25, 130);
}

TEST_P(KeysetListings, QueueRunsPageByCursorWithAndWithoutAStatus)
{
    const QString queueId = Uuid::v7().toString();
    ASSERT_EQ(
        srv()
            .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"keyset-queue"_s}, {"id"_L1, queueId}})
            .status,
        200);
    const QStringList runs = ingestRuns(120);
    for (const QStringList &part : {runs.mid(0, 60), runs.mid(60)})
        ASSERT_EQ(srv()
                      .post(u"/annotation-queues/"_s + queueId + u"/runs"_s, QJsonArray::fromStringList(part))
                      .status,
                  200);
    const QString path = u"/annotation-queues/"_s + queueId + u"/runs?limit=16"_s;
    const QStringList byCursor =
        expectEveryRowOnce(u"/annotation-queues/"_s + queueId + u"/runs?"_s, 16, 120);

    // With a status the cursor walks on from where the page ended.
    const QString needsMe = path + u"&status=needs_my_review"_s;
    EXPECT_EQ(pagesByCursor(needsMe, u"id"_s), byCursor);
    const HttpResult first = srv().get(needsMe);
    ASSERT_FALSE(first.nextCursor.isEmpty());
    ASSERT_EQ(srv().del(u"/annotation-queues/"_s + queueId + u"/runs/"_s + byCursor.at(15)).status, 204);
    const HttpResult second = srv().get(needsMe + u"&cursor="_s + QString::fromLatin1(first.nextCursor));
    ASSERT_EQ(second.array().size(), 16);
    EXPECT_EQ(second.array().at(0).toObject().value("id"_L1).toString(), byCursor.at(16))
        << "the page after a removed item starts after where it stood";
}

TEST_P(KeysetListings, ACursorThatIsNotOneIsRefusedNamingIt)
{
    const HttpResult bad = srv().get(u"/feedback?cursor=o:40"_s);
    EXPECT_EQ(bad.status, 422);
    EXPECT_TRUE(bad.detail().startsWith(u"cursor: "_s)) << bad.detail().toStdString();
    const HttpResult garbled = srv().get(u"/examples?cursor=p:12:not-a-uuid"_s);
    EXPECT_EQ(garbled.status, 422);
    const HttpResult both = srv().get(u"/feedback?offset=5&cursor=p:1:"_s + Uuid::v7().toString());
    EXPECT_EQ(both.status, 422);
    EXPECT_TRUE(both.detail().startsWith(u"offset: "_s)) << both.detail().toStdString();
}

ASSAY_SERVER_TEST_SUITE(KeysetListings);
