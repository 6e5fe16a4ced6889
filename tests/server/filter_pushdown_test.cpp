// Filters narrowed in SQL (filter::Narrowing over the run_facets side index, start times, run types and
// feedback keys) must give exactly the runs the C++ evaluator alone gives. Thousands of generated
// filters, on both databases, over runs written through the API (posted, then patched so their tags and
// metadata change, with feedback).

#include "serverharness.h"

#include "core/filter/compiledfilter.h"
#include "core/uuid.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

const QStringList kTags{u"mobile"_s, u"beta"_s, u"eu"_s, u"vip"_s, u"Mobile"_s};
const QStringList kRunTypes{u"chain"_s, u"llm"_s, u"retriever"_s, u"tool"_s};
const QStringList kKeys{u"score"_s, u"model"_s, u"plan"_s, u"flag"_s};
const QStringList kFeedbackKeys{u"correctness"_s, u"user_score"_s, u"helpfulness"_s};
const qint64 kBase = 1764583200LL * 1000; // 2025-12-01T10:00:00Z in ms
// Words for the runs' text and search() needles: cases, non-ASCII letters whose case folding differs
// (ß, final sigma), quotes, LIKE's wildcards and escape, an emoji, a tab.
const QStringList kWords{u"Password"_s, u"reset"_s,       u"Straße"_s,   u"naïve"_s,
                         u"ΣΊΣΥΦΟΣ"_s,  u"refund"_s,      u"TIMEOUT"_s,  u"he said \"hi\""_s,
                         u"50%_off"_s,  u"back\\slash"_s, u"emoji😀ok"_s, u"tab\tsep"_s};

QString phrase(QRandomGenerator &rng)
{
    QStringList words;
    for (int i = 0, n = 1 + int(rng.bounded(3)); i < n; ++i)
        words.append(kWords.at(rng.bounded(kWords.size())));
    return words.join(u' ');
}

// search("...") of a piece of a word, in another case sometimes (short pieces are not narrowed).
QString searchAtom(QRandomGenerator &rng)
{
    const QString word = kWords.at(rng.bounded(kWords.size()));
    const qsizetype from = rng.bounded(int(word.size()));
    QString needle = word.mid(from, 1 + rng.bounded(int(word.size() - from)));
    if (QChar::isLowSurrogate(needle.front().unicode()) || QChar::isHighSurrogate(needle.back().unicode()))
        needle = word; // not half an emoji
    switch (rng.bounded(3)) {
    case 0:
        needle = needle.toUpper();
        break;
    case 1:
        needle = needle.toLower();
        break;
    default:
        break;
    }
    needle.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s).replace(u'\t', u"\\t"_s);
    return u"search(\"%1\")"_s.arg(needle);
}

// A metadata value of every kind the filter reads differently: numbers, numeric text, plain text,
// bools, null, objects.
QJsonValue metadataValue(QRandomGenerator &rng)
{
    switch (rng.bounded(8)) {
    case 0:
    case 1:
        return double(rng.bounded(100)) / 10.0;
    case 2:
        return QString::number(rng.bounded(20));
    case 3:
        return QStringList{u"gpt"_s, u"claude"_s, u"free"_s, u"pro"_s, u"0.5"_s}.at(rng.bounded(5));
    case 4:
        return rng.bounded(2) == 1;
    case 5:
        return QJsonValue::Null;
    case 6:
        return QJsonObject{{"nested"_L1, 1}};
    default:
        return double(rng.bounded(5));
    }
}

QJsonObject randomRun(QRandomGenerator &rng, const QString &id)
{
    QJsonObject metadata;
    for (const QString &key : kKeys)
        if (rng.bounded(3) != 0)
            metadata.insert(key, metadataValue(rng));
    QJsonArray tags;
    for (const QString &tag : kTags)
        if (rng.bounded(4) == 0)
            tags.append(tag);
    QJsonObject run{{"id"_L1, id},
                    {"name"_L1, rng.bounded(4) == 0 ? kWords.at(rng.bounded(kWords.size())) : u"run"_s},
                    {"inputs"_L1, QJsonObject{{"question"_L1, phrase(rng)}}},
                    {"run_type"_L1, kRunTypes.at(rng.bounded(kRunTypes.size()))},
                    {"extra"_L1, QJsonObject{{"metadata"_L1, metadata}}},
                    {"tags"_L1, tags}};
    if (rng.bounded(10) != 0) // some runs have no start time
        run.insert("start_time"_L1, double(kBase + rng.bounded(48) * 3600 * 1000));
    return run;
}

QString literal(QRandomGenerator &rng)
{
    switch (rng.bounded(6)) {
    case 0:
        return QString::number(double(rng.bounded(100)) / 10.0);
    case 1:
        return u"\"%1\""_s.arg(rng.bounded(20));
    case 2:
        return u"\"%1\""_s.arg(QStringList{u"gpt"_s, u"claude"_s, u"pro"_s, u"0.5"_s}.at(rng.bounded(4)));
    case 3:
        return rng.bounded(2) ? u"true"_s : u"false"_s;
    case 4:
        return u"null"_s;
    default:
        return QString::number(rng.bounded(5));
    }
}

QString pick(QRandomGenerator &rng, const QStringList &from)
{
    return from.at(rng.bounded(from.size()));
}

QString time(QRandomGenerator &rng)
{
    return u"\"%1\""_s.arg(
        QDateTime::fromMSecsSinceEpoch(kBase + rng.bounded(50) * 3600 * 1000, Qt::UTC).toString(Qt::ISODate));
}

QString atom(QRandomGenerator &rng)
{
    const QStringList ops{u"eq"_s, u"neq"_s, u"lt"_s, u"lte"_s, u"gt"_s, u"gte"_s};
    switch (rng.bounded(11)) {
    case 10:
        return searchAtom(rng);
    case 0:
        return u"%1(metadata.%2, %3)"_s.arg(pick(rng, ops), pick(rng, kKeys), literal(rng));
    case 1:
        return u"in(metadata.%1, [%2, %3])"_s.arg(pick(rng, kKeys), literal(rng), literal(rng));
    case 2:
        return rng.bounded(2) ? u"has(tags, \"%1\")"_s.arg(pick(rng, kTags))
                              : u"in(tags, [\"%1\", \"%2\"])"_s.arg(pick(rng, kTags), pick(rng, kTags));
    case 3:
        return rng.bounded(2)
                   ? u"eq(run_type, \"%1\")"_s.arg(pick(rng, kRunTypes))
                   : u"in(run_type, [\"%1\", \"%2\"])"_s.arg(pick(rng, kRunTypes), pick(rng, kRunTypes));
    case 4:
        return u"%1(start_time, %2)"_s.arg(pick(rng, {u"lt"_s, u"lte"_s, u"gt"_s, u"gte"_s, u"eq"_s}),
                                           time(rng));
    case 5:
        return rng.bounded(2) ? u"has_feedback_key(\"%1\")"_s.arg(pick(rng, kFeedbackKeys))
                              : u"and(eq(feedback_key, \"%1\"), gt(feedback_score, %2))"_s.arg(
                                    pick(rng, kFeedbackKeys), QString::number(rng.bounded(10) / 10.0));
    case 6:
        return rng.bounded(2) ? u"exists(metadata, \"%1\")"_s.arg(pick(rng, kKeys))
                              : u"and(eq(metadata_key, \"%1\"), eq(metadata_value, %2))"_s.arg(
                                    pick(rng, kKeys), literal(rng));
    case 7:
        return u"feedback.%1 %2 %3"_s.arg(pick(rng, kFeedbackKeys), pick(rng, {u">"_s, u"<"_s, u"=="_s}),
                                          QString::number(rng.bounded(10) / 10.0));
    case 8:
        return u"metadata.%1 %2 %3"_s.arg(pick(rng, kKeys), pick(rng, {u"<"_s, u">="_s, u"=="_s, u"!="_s}),
                                          literal(rng));
    default:
        return u"not(%1)"_s.arg(u"has(tags, \"%1\")"_s.arg(pick(rng, kTags)));
    }
}

QString randomFilter(QRandomGenerator &rng)
{
    const int n = 1 + int(rng.bounded(3));
    QStringList parts;
    for (int i = 0; i < n; ++i)
        parts.append(atom(rng));
    if (n == 1)
        return parts.front();
    const bool infix = parts.join(QString()).contains(u' ');
    if (infix) // the seed's infix spelling cannot mix with function calls inside and/or: keep them apart
        return parts.front();
    return u"%1(%2)"_s.arg(rng.bounded(4) == 0 ? u"or"_s : u"and"_s, parts.join(u", "_s));
}

} // namespace

// With the text index (--text-index), so search("...") narrows too.
class FilterPushdown : public ::testing::TestWithParam<server::Dialect> {
protected:
    void SetUp() override
    {
        harness = std::make_unique<ServerHarness>(GetParam(), server::RateLimits{}, server::HttpLimits{},
                                                  [](server::ServerOptions &o) { o.textIndex = true; });
        if (!harness->started())
            GTEST_SKIP() << harness->skipReason().toStdString();
    }
    ServerHarness &srv() { return *harness; }
    std::unique_ptr<ServerHarness> harness;
};

TEST_P(FilterPushdown, NarrowedInSqlGivesTheSameRunsAsTheEvaluatorAlone)
{
    QRandomGenerator rng(20261204);
    QStringList ids;
    QJsonArray post;
    for (int i = 0; i < 400; ++i) {
        ids.append(Uuid::v7().toString());
        post.append(randomRun(rng, ids.back()));
    }
    ASSERT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"post"_L1, post}}).status, 202);
    // Patches change a third of the runs' tags and metadata: the side index must follow.
    QJsonArray patch;
    for (int i = 0; i < 400; i += 3) {
        QJsonObject changed = randomRun(rng, ids.at(i));
        changed.remove("start_time"_L1);
        changed.insert("outputs"_L1, QJsonObject{{"answer"_L1, phrase(rng)}}); // the text changes too
        patch.append(changed);
    }
    ASSERT_EQ(srv().post(u"/runs/batch"_s, QJsonObject{{"patch"_L1, patch}}).status, 202);
    for (int i = 0; i < 300; ++i) {
        const QJsonObject fb{{"run_id"_L1, ids.at(rng.bounded(ids.size()))},
                             {"key"_L1, pick(rng, kFeedbackKeys)},
                             {"score"_L1, rng.bounded(11) / 10.0}};
        ASSERT_EQ(srv().post(u"/feedback"_s, fb).status, 200);
    }

    server::Store &store = srv().server().store();
    server::RunQuery everything;
    everything.limit = 100000;
    auto all = store.queryRuns(everything);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 400);
    QList<Uuid> runIds;
    for (const assay::Run &r : *all)
        runIds.append(r.id);
    auto feedback = store.feedbackForRuns(runIds);
    ASSERT_TRUE(feedback);
    // One view per run, built once: a view decodes metadata on first use.
    std::vector<QList<Feedback>> feedbackOf;
    for (const assay::Run &r : *all)
        feedbackOf.push_back(feedback->value(r.id));
    std::vector<filter::RunView> views;
    QHash<Uuid, size_t> viewOf;
    for (qsizetype i = 0; i < all->size(); ++i) {
        views.emplace_back(all->at(i), feedbackOf[size_t(i)]);
        viewOf.insert(all->at(i).id, size_t(i));
    }
    const auto matching = [&](const filter::CompiledFilter &f, const QList<Uuid> &candidates) {
        QSet<Uuid> out;
        for (const Uuid &id : candidates)
            if (f.matches(views[viewOf.value(id)]))
                out.insert(id);
        return out;
    };

    int compared = 0, narrowed = 0, nonEmpty = 0, textNarrowed = 0;
    const auto compareFilters = [&](int filters) {
        for (int i = 0; i < filters; ++i) {
            const QString text = randomFilter(rng);
            auto compiled = filter::CompiledFilter::compile(text);
            if (!compiled)
                continue; // a generated comparison the language refuses (order on a bool, ...)
            server::RunQuery narrowedQuery = everything;
            narrowedQuery.narrowings = compiled->narrowings();
            // Both orders of work give the same runs: walking the listing, or starting from a narrowing's
            // runs.
            for (qsizetype n = 0; n < narrowedQuery.narrowings.size() && i % 2 == 0; ++n) {
                using K = filter::Narrowing::Kind;
                const K kind = narrowedQuery.narrowings.at(n).kind;
                if (kind != K::StartTime && kind != K::RunType) {
                    narrowedQuery.drivingNarrowing = n;
                    break;
                }
            }
            auto candidates = store.queryRunIds(narrowedQuery);
            ASSERT_TRUE(candidates) << text.toStdString() << ": " << candidates.error().message.toStdString();
            const QSet<Uuid> expected = matching(*compiled, runIds);
            const QSet<Uuid> got = matching(*compiled, *candidates);
            ASSERT_EQ(got, expected) << text.toStdString() << " (" << expected.size() << " runs, "
                                     << got.size() << " through SQL)";
            ++compared;
            narrowed += narrowedQuery.narrowings.isEmpty() ? 0 : 1;
            for (const filter::Narrowing &n : std::as_const(narrowedQuery.narrowings))
                textNarrowed += n.kind == filter::Narrowing::Kind::Text ? 1 : 0;
            nonEmpty += expected.isEmpty() ? 0 : 1;
        }
    };
    // Once the indexer has written every run's rows...
    QElapsedTimer waited;
    waited.start();
    const auto queued = [&] {
        return srv()
            .scalar(u"SELECT (SELECT COUNT(*) FROM unindexed_runs) + (SELECT COUNT(*) FROM untexted_runs)"_s)
            .toInt();
    };
    while (queued() > 0 && waited.elapsed() < 30000)
        QThread::msleep(20);
    ASSERT_EQ(queued(), 0) << "the indexers catch up";
    compareFilters(1250);
    // ...and with half the runs still queued (as during heavy ingest), their rows not written yet: seen
    // inside a transaction of this test's own connection, which the server's indexer cannot touch.
    ASSERT_TRUE(store.begin());
    const auto onTestConnection = [&](const QString &sql) {
        QSqlQuery q(store.database());
        if (!q.exec(sql)) {
            ADD_FAILURE() << sql.toStdString() << ": " << q.lastError().text().toStdString();
            return QVariant();
        }
        return q.isSelect() && q.next() ? q.value(0) : QVariant(); // a write has no row to read
    };
    onTestConnection(
        u"INSERT INTO unindexed_runs (run_id) SELECT id FROM runs WHERE id < '%1'"_s.arg(ids.at(200)));
    onTestConnection(u"DELETE FROM run_facets WHERE run_id IN (SELECT run_id FROM unindexed_runs)"_s);
    ASSERT_EQ(onTestConnection(u"SELECT COUNT(*) FROM unindexed_runs"_s).toInt(), 200);
    onTestConnection(
        u"INSERT INTO untexted_runs (run_id) SELECT id FROM runs WHERE id >= '%1'"_s.arg(ids.at(200)));
    onTestConnection(GetParam() == server::Dialect::Sqlite
                         ? u"DELETE FROM run_text_ids WHERE run_id IN (SELECT run_id FROM untexted_runs)"_s
                         : u"DELETE FROM run_text WHERE run_id IN (SELECT run_id FROM untexted_runs)"_s);
    ASSERT_EQ(onTestConnection(u"SELECT COUNT(*) FROM untexted_runs"_s).toInt(), 200);
    compareFilters(1250);
    store.rollback();
    // The comparison means something: most filters were narrowed, and many matched runs.
    EXPECT_GE(compared, 2000);
    EXPECT_GE(narrowed, compared / 2);
    EXPECT_GE(nonEmpty, compared / 4);
    EXPECT_GE(textNarrowed, compared / 40) << "search() was narrowed by the text index";
}

INSTANTIATE_TEST_SUITE_P(Db, FilterPushdown,
                         ::testing::Values(server::Dialect::Sqlite, server::Dialect::Postgres), dialectName);

// A database from before the side index (schema 14) gets it built for its runs after the server starts,
// and finds them meanwhile.
TEST_P(FilterPushdown, RunsStoredBeforeTheSideIndexAreIndexedAtStart)
{
    const QString id = Uuid::v7().toString();
    const QJsonObject run{{"id"_L1, id},
                          {"name"_L1, u"old"_s},
                          {"run_type"_L1, u"llm"_s},
                          {"tags"_L1, QJsonArray{u"legacy"_s}},
                          {"extra"_L1, QJsonObject{{"metadata"_L1, QJsonObject{{"eval_score"_L1, 0.0005}}}}}};
    ASSERT_EQ(srv().post(u"/runs"_s, run).status, 202);
    // Back to schema 14: migrations 16 and 15 undone.
    for (const QString &sql :
         undoMigrationsFrom16() +
             QStringList{u"DROP TABLE unindexed_runs"_s, u"DROP TABLE run_facets"_s,
                         u"CREATE INDEX runs_by_session ON runs (session_id, start_time)"_s,
                         u"DROP INDEX feedback_by_key"_s, u"DROP INDEX queue_items_by_position"_s,
                         u"UPDATE assay_schema SET version = 14"_s})
        ASSERT_TRUE(srv().execSql(sql)) << sql.toStdString();
    const auto expectFound = [&] {
        for (const QString &filter : {u"lt(metadata.eval_score, 0.001)"_s, u"has(tags, \"legacy\")"_s}) {
            const QJsonArray runs = srv()
                                        .post(u"/runs/query"_s, QJsonObject{{"filter"_L1, filter}})
                                        .object()
                                        .value("runs"_L1)
                                        .toArray();
            ASSERT_EQ(runs.size(), 1) << filter.toStdString();
            EXPECT_EQ(runs.at(0).toObject().value("id"_L1).toString(), id);
        }
    };
    const auto waitIndexed = [&] {
        QElapsedTimer waited;
        waited.start();
        while (srv().scalar(u"SELECT COUNT(*) FROM unindexed_runs"_s).toInt() > 0 && waited.elapsed() < 10000)
            QThread::msleep(20);
        EXPECT_EQ(srv().scalar(u"SELECT COUNT(*) FROM run_facets WHERE run_id = '%1'"_s.arg(id)).toInt(), 2);
    };
    // The migration queues the runs stored before: found from the first request, indexed soon after.
    ASSERT_TRUE(srv().restart([](const server::DatabaseUrl &) {}));
    expectFound();
    waitIndexed();
    expectFound();

    // Runs still queued when a server stops are indexed after its next start.
    ASSERT_TRUE(srv().execSql(u"DELETE FROM run_facets"_s));
    ASSERT_TRUE(srv().execSql(u"INSERT INTO unindexed_runs (run_id) VALUES ('%1')"_s.arg(id)));
    ASSERT_TRUE(srv().restart([](const server::DatabaseUrl &) {}));
    expectFound();
    waitIndexed();
}

// Queued rows that do not decode (a bug, a bit flip) are not allowed to stop the indexer: the run is
// indexed from itself, and the runs queued after it are indexed too.
TEST_P(FilterPushdown, AQueuedRunWhoseRowsDoNotDecodeIsIndexedFromTheRun)
{
    const QString broken = Uuid::v7().toString(), next = Uuid::v7().toString();
    for (const QString &id : {broken, next})
        ASSERT_EQ(
            srv()
                .post(u"/runs"_s,
                      QJsonObject{{"id"_L1, id}, {"name"_L1, u"r"_s}, {"tags"_L1, QJsonArray{u"kept"_s}}})
                .status,
            202);
    const auto queuedCount = [&] { return srv().scalar(u"SELECT COUNT(*) FROM unindexed_runs"_s).toInt(); };
    QElapsedTimer waited;
    waited.start();
    while (queuedCount() > 0 && waited.elapsed() < 20000)
        QThread::msleep(20);
    const QString garbage = GetParam() == server::Dialect::Sqlite ? u"CAST('not json' AS BLOB)"_s
                                                                  : u"convert_to('not json', 'UTF8')"_s;
    for (const QString &sql :
         {u"DELETE FROM run_facets"_s,
          u"INSERT INTO unindexed_runs (run_id, facets) VALUES ('%1', %2)"_s.arg(broken, garbage),
          u"INSERT INTO unindexed_runs (run_id) VALUES ('%1')"_s.arg(next)})
        ASSERT_TRUE(srv().execSql(sql)) << sql.toStdString();
    waited.restart();
    while (queuedCount() > 0 && waited.elapsed() < 20000)
        QThread::msleep(20);
    EXPECT_EQ(queuedCount(), 0) << "the indexer went past the broken rows";
    EXPECT_EQ(srv().scalar(u"SELECT COUNT(*) FROM run_facets WHERE kind = 't' AND key = 'kept'"_s).toInt(),
              2);
}

// --text-index made, dropped and made again: a server started without it drops it (so runs ingested
// meanwhile are not hidden by a stale index), and one started with it queues every run and indexes them.
TEST(TextIndex, FollowsTheOptionAcrossRestarts)
{
    bool textIndex = true;
    ServerHarness srv(server::Dialect::Sqlite, {}, {},
                      [&](server::ServerOptions &o) { o.textIndex = textIndex; });
    ASSERT_TRUE(srv.started());
    const auto search = [&](const QString &needle) {
        return srv.post(u"/runs/query"_s, QJsonObject{{"filter"_L1, u"search(\"%1\")"_s.arg(needle)}})
            .object()
            .value("runs"_L1)
            .toArray()
            .size();
    };
    const auto postRun = [&](const QString &answer) {
        ASSERT_EQ(srv.post(u"/runs"_s, QJsonObject{{"id"_L1, Uuid::v7().toString()},
                                                   {"name"_L1, u"chat"_s},
                                                   {"outputs"_L1, QJsonObject{{"answer"_L1, answer}}}})
                      .status,
                  202);
    };
    postRun(u"Your refund was approved"_s);
    EXPECT_EQ(search(u"REFUND"_s), 1);
    textIndex = false;
    ASSERT_TRUE(srv.restart([](const server::DatabaseUrl &) {}));
    EXPECT_FALSE(srv.scalar(u"SELECT COUNT(*) FROM sqlite_master WHERE name = 'run_text'"_s).toInt())
        << "dropped when the server starts without it";
    postRun(u"A second refund, while the index was off"_s);
    EXPECT_EQ(search(u"refund"_s), 2);
    textIndex = true;
    ASSERT_TRUE(srv.restart([](const server::DatabaseUrl &) {}));
    EXPECT_EQ(search(u"refund"_s), 2) << "queued runs are candidates before the indexer reaches them";
    QElapsedTimer waited;
    waited.start();
    while (srv.scalar(u"SELECT COUNT(*) FROM untexted_runs"_s).toInt() > 0 && waited.elapsed() < 20000)
        QThread::msleep(20);
    EXPECT_EQ(srv.scalar(u"SELECT COUNT(*) FROM run_text_ids"_s).toInt(), 2) << "every run indexed again";
    EXPECT_EQ(search(u"refund"_s), 2);
    EXPECT_EQ(search(u"index was"_s), 1);
    EXPECT_EQ(search(u"nowhere"_s), 0);
}
