// The local store: migrations and version refusal, "saved means committed", the outbox's states, a
// damaged work database quarantined with its rows exported and its answers carried over, a damaged
// cache rebuilt, and injected faults that leave nothing half-written.

#include "store/faultplan.h"
#include "store/localstore.h"

#include <printers.h>

#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

using namespace assay;
using namespace assay::client;
using namespace Qt::StringLiterals;

namespace {

Annotation answerFor(const Uuid &queue, const Uuid &run, const QString &value = u"good"_s)
{
    Annotation a;
    a.id = Uuid::v7();
    a.queueId = queue;
    a.runId = run;
    a.rubricVersion = 1;
    a.values = QJsonObject{{"overall_quality"_L1, value}};
    a.submittedAt = Timestamp::now();
    return a;
}

// Runs a statement on a separate connection, as another process would see the file.
QVariant peek(const QString &path, const QString &sql)
{
    const QString name = u"peek"_s;
    QVariant v;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        EXPECT_TRUE(db.open());
        QSqlQuery q(db);
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        if (q.next())
            v = q.value(0);
    }
    QSqlDatabase::removeDatabase(name);
    return v;
}

void overwrite(const QString &path, qint64 offset, const QByteArray &bytes)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::ReadWrite));
    ASSERT_TRUE(f.seek(offset));
    f.write(bytes);
}

class LocalStoreTest : public ::testing::Test {
protected:
    QTemporaryDir dir;
    QString path() const { return dir.filePath(u"profile"_s); }
    std::unique_ptr<LocalStore> open(QList<StoreNotice> *notices = nullptr)
    {
        auto store = LocalStore::open(path(), u"t"_s, notices);
        EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message.toStdString());
        return store.ok() ? std::move(*store) : nullptr;
    }
};

} // namespace

TEST_F(LocalStoreTest, OpensMigratesAndRefusesAFileFromANewerAssay)
{
    {
        auto store = open();
        ASSERT_TRUE(store);
        EXPECT_EQ(store->work().db().schemaVersion(), 1);
        EXPECT_EQ(store->cache().db().schemaVersion(), 1);
        auto sync = store->work().db().scalar(u"PRAGMA synchronous"_s);
        EXPECT_EQ(sync->toInt(), 2) << "FULL: saved means on disk";
    }
    peek(path() + u"/work.sqlite"_s, u"PRAGMA user_version = 99"_s);
    auto refused = LocalStore::open(path(), u"t"_s);
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error().message.contains(
        u"written by a newer version of Assay (schema 99, this one knows 1)"_s))
        << refused.error().message.toStdString();
    EXPECT_TRUE(QFile::exists(path() + u"/work.sqlite"_s)) << "refused, never touched";
}

TEST_F(LocalStoreTest, AnAnswerIsCommittedWhenSaveReturnsAndMovesThroughItsStates)
{
    auto store = open();
    const Uuid queue = Uuid::v7();
    QList<Annotation> answers;
    for (int i = 0; i < 3; ++i) {
        answers.append(answerFor(queue, Uuid::v7()));
        ASSERT_TRUE(store->work().saveAnswer(answers.last()).ok());
    }
    EXPECT_EQ(peek(store->workPath(), u"SELECT count(*) FROM answers WHERE state = 'unsent'"_s).toInt(), 3)
        << "visible to another connection as soon as saveAnswer returned";
    auto outbox = store->work().outbox(10);
    ASSERT_EQ(outbox->size(), 3);
    EXPECT_EQ(outbox->at(0).annotation, answers[0]) << "in the order saved, exactly as saved";
    EXPECT_EQ(outbox->at(2).annotation.id, answers[2].id);

    ASSERT_TRUE(store->work()
                    .recordOutcomes({{answers[0].id, AnswerStatus::Applied, {}, {u"late"_s}},
                                     {answers[1].id, AnswerStatus::Rejected, {u"overall_quality: is required"_s}, {}},
                                     {answers[2].id, AnswerStatus::Duplicate, {}, {}}})
                    .ok());
    EXPECT_EQ(*store->work().count(AnswerState::Sent), 2);
    EXPECT_EQ(*store->work().count(AnswerState::Unsent), 0);
    auto attention = store->work().needingAttention();
    ASSERT_EQ(attention->size(), 1);
    EXPECT_EQ(attention->at(0).errors, QStringList{u"overall_quality: is required"_s});
    EXPECT_EQ(store->work().answer(answers[0].id)->value().flags, QStringList{u"late"_s});

    // Fixed and resent: back in the outbox with the new values, same id.
    ASSERT_TRUE(store->work().resend(answers[1].id, QJsonObject{{"overall_quality"_L1, u"bad"_s}}, 2).ok());
    outbox = store->work().outbox(10);
    ASSERT_EQ(outbox->size(), 1);
    EXPECT_EQ(outbox->at(0).annotation.values.value("overall_quality"_L1).toString(), u"bad"_s);
    EXPECT_EQ(outbox->at(0).annotation.rubricVersion, 2);
    EXPECT_FALSE(store->work().resend(answers[0].id, {}, 1).ok())
        << "only rejected answers are resent by hand";

    // The server lost what it had: everything it took goes out again.
    EXPECT_EQ(*store->work().resendAllSent(), 2);
    EXPECT_EQ(*store->work().count(AnswerState::Unsent), 3);
}

TEST_F(LocalStoreTest, DraftsAreKeptUntilTheAnswerIsSaved)
{
    auto store = open();
    const Uuid queue = Uuid::v7(), run = Uuid::v7();
    ASSERT_TRUE(
        store->work().saveDraft(queue, run, QJsonObject{{"reviewer_note"_L1, u"half a thought"_s}}).ok());
    EXPECT_EQ(store->work().draft(queue, run)->value().value("reviewer_note"_L1).toString(),
              u"half a thought"_s);
    ASSERT_TRUE(store->work().saveAnswer(answerFor(queue, run)).ok());
    EXPECT_FALSE(store->work().draft(queue, run)->has_value());
}

TEST_F(LocalStoreTest, TheCacheKeepsQueuesItemsRubricVersionsAndTheCursor)
{
    auto store = open();
    CacheDb &cache = store->cache();
    CachedQueue a{Uuid::v7(), u"a"_s, u"guide"_s, {}, 3, 0, 1, 0};
    a.rubric.version = 1;
    a.rubric.fields.append(
        RubricField{u"q"_s, {}, {}, FieldType::Freeform, true, false, {}, {}, {}, {}, {}, {}});
    CachedQueue b{Uuid::v7(), u"b"_s, u"guide"_s, {}, 0, 0, 0, 1};
    ASSERT_TRUE(cache.saveQueues({a, b}).ok());
    const Uuid run = Uuid::v7();
    CachedItem item{a.id,
                    run,
                    u"qr"_s,
                    u"low score"_s,
                    Timestamp::now(),
                    Timestamp::now(),
                    Timestamp::now(),
                    u"chat"_s,
                    false,
                    QJsonObject{{"id"_L1, run.toString()}},
                    QJsonArray{QJsonObject{}}};
    ASSERT_TRUE(cache.saveItems({item}).ok());
    EXPECT_EQ(cache.items(a.id)->size(), 1);
    EXPECT_TRUE(cache.items(a.id)->at(0).run.isEmpty()) << "light listing";
    EXPECT_EQ(cache.item(a.id, run)->value().run.value("id"_L1).toString(), run.toString());
    EXPECT_EQ(cache.item(a.id, run)->value().reason, u"low score"_s);

    Rubric v2 = a.rubric;
    v2.version = 2;
    v2.fields[0].required = false;
    ASSERT_TRUE(cache.saveRubric(a.id, v2).ok());
    EXPECT_EQ(cache.queue(a.id)->value().rubric.version, 2);
    EXPECT_TRUE(cache.rubric(a.id, 1)->value().fields[0].required) << "old versions are kept";

    ASSERT_TRUE(cache.setCursor(42).ok());
    EXPECT_EQ(*cache.cursor(), 42);
    ASSERT_TRUE(cache.saveQueues({b}).ok());
    EXPECT_EQ(cache.queues()->size(), 1) << "a queue no longer mine is dropped";
    EXPECT_EQ(*cache.itemCount(), 0) << "with its items";
}

TEST_F(LocalStoreTest, ADamagedWorkDatabaseIsQuarantinedWithItsRowsExported)
{
    QList<Annotation> answers;
    {
        auto store = open();
        const Uuid queue = Uuid::v7();
        for (int i = 0; i < 3; ++i) {
            answers.append(answerFor(queue, Uuid::v7()));
            ASSERT_TRUE(store->work().saveAnswer(answers.last()).ok());
        }
        ASSERT_TRUE(store->work().db().exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s).ok());
    }
    // The header is gone: SQLite no longer recognizes the file.
    overwrite(path() + u"/work.sqlite"_s, 0, QByteArray(100, 'x'));
    QList<StoreNotice> notices;
    auto store = open(&notices);
    ASSERT_TRUE(store);
    ASSERT_EQ(notices.size(), 1);
    EXPECT_EQ(notices[0].kind, StoreNotice::Kind::WorkQuarantined);
    EXPECT_TRUE(QFile::exists(notices[0].quarantinedPath));
    EXPECT_TRUE(QFile::exists(notices[0].rescuedPath))
        << "the export is written even when nothing is readable";
    EXPECT_TRUE(notices[0].message.contains(notices[0].quarantinedPath));
    EXPECT_EQ(*store->work().count(AnswerState::Unsent), 0) << "a fresh database";
    ASSERT_TRUE(store->work().saveAnswer(answerFor(Uuid::v7(), Uuid::v7())).ok()) << "and a working one";
}

TEST_F(LocalStoreTest, AnIntegrityProblemFoundInTheBackgroundCarriesTheAnswersOverAtTheNextStart)
{
    QList<Annotation> answers;
    {
        auto store = open();
        const Uuid queue = Uuid::v7();
        ASSERT_TRUE(
            store->work()
                .db()
                .transaction([&]() -> Status {
                    for (int i = 0; i < 400; ++i) {
                        Annotation a = answerFor(queue, Uuid::v7());
                        a.comment = QString(200, u'c');
                        answers.append(a);
                        if (auto q = store->work().db().exec(
                                u"INSERT INTO answers (id, queue_id, run_id, submitted_at, doc, state, seq) VALUES (?, ?, ?, ?, ?, 'unsent', ?)"_s,
                                {a.id.toString(), a.queueId.toString(), a.runId.toString(),
                                 a.submittedAt.micros(),
                                 QJsonDocument(annotationToJson(a)).toJson(QJsonDocument::Compact), i + 1});
                            !q)
                            return q.error();
                    }
                    return Ok{};
                })
                .ok());
        ASSERT_TRUE(store->work().db().exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s).ok());
    }
    const qint64 size = QFileInfo(path() + u"/work.sqlite"_s).size();
    ASSERT_GT(size, 40 * 4096);
    // Damage one page in the middle of the answers table: most rows stay readable.
    overwrite(path() + u"/work.sqlite"_s, (size / 4096 / 2) * 4096, QByteArray(4096, '\xff'));
    {
        QList<StoreNotice> atOpen;
        auto store = open(&atOpen);
        ASSERT_TRUE(store) << "the header is intact: the damage is found by the integrity check";
        EXPECT_TRUE(atOpen.isEmpty());
        QObject context;
        QList<StoreNotice> found;
        QEventLoop loop;
        store->checkIntegrity(&context, [&](QList<StoreNotice> n) {
            found = n;
            loop.quit();
        });
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        loop.exec();
        ASSERT_EQ(found.size(), 1);
        EXPECT_EQ(found[0].kind, StoreNotice::Kind::IntegrityProblem);
        EXPECT_TRUE(QFile::exists(found[0].rescuedPath));
        EXPECT_GT(found[0].rescuedRows, 300);
    }
    QList<StoreNotice> notices;
    auto store = open(&notices);
    ASSERT_TRUE(store);
    ASSERT_EQ(notices.size(), 1);
    EXPECT_EQ(notices[0].kind, StoreNotice::Kind::WorkQuarantined);
    const qint64 carried = *store->work().count(AnswerState::Unsent);
    EXPECT_GT(carried, 300) << "the readable answers are in the fresh database, still unsent";
    EXPECT_LE(carried, 400);
    auto outbox = store->work().outbox(1000);
    for (const LocalAnswer &a : *outbox)
        EXPECT_TRUE(std::any_of(answers.begin(), answers.end(),
                                [&](const Annotation &x) { return x == a.annotation; }));
}

TEST_F(LocalStoreTest, ADamagedCacheIsStartedAgain)
{
    open().reset();
    overwrite(path() + u"/cache.sqlite"_s, 0, QByteArray(100, 'x'));
    QList<StoreNotice> notices;
    auto store = open(&notices);
    ASSERT_TRUE(store);
    ASSERT_EQ(notices.size(), 1);
    EXPECT_EQ(notices[0].kind, StoreNotice::Kind::CacheRebuilt);
    EXPECT_EQ(*store->cache().cursor(), 0);
}

TEST_F(LocalStoreTest, AnInjectedFaultLeavesNothingHalfWritten)
{
    auto store = open();
    FaultPlan faults;
    store->setFaultPlan(&faults);
    const Uuid queue = Uuid::v7(), run = Uuid::v7();
    ASSERT_TRUE(store->work().saveDraft(queue, run, QJsonObject{{"x"_L1, 1}}).ok());
    for (qint64 n = 1;; ++n) {
        faults = FaultPlan();
        faults.failAt(n);
        const Status saved = store->work().saveAnswer(answerFor(queue, run));
        if (saved.ok()) {
            EXPECT_GT(n, 3) << "begin, two statements and a commit at least";
            EXPECT_FALSE(faults.fired()) << "a save that succeeded met no fault";
            faults.failAt(0);
            break;
        }
        EXPECT_EQ(peek(store->workPath(), u"SELECT count(*) FROM answers"_s).toInt(), 0) << "fault at " << n;
        auto draft = store->work().draft(queue, run);
        ASSERT_TRUE(draft.ok()) << "fault at " << n << ": " << draft.error().message.toStdString();
        EXPECT_TRUE(draft->has_value()) << "the draft survives a failed save";
    }
    EXPECT_EQ(*store->work().count(AnswerState::Unsent), 1);
}
