// The store on both drivers: adversarial values round-trip exactly; batch upserts merge.

#include "serverharness.h"

#include "storage/store.h"

#include <printers.h>

using namespace assay;
using namespace assay::server;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class StoreTest : public StoreTestBase {};

QStringList adversarialStrings()
{
    return {u"it's \"quoted\""_s,
            u"back\\slash \\\\ and \\x00"_s,
            u"$$ dollar $tag$ quoting $$"_s,
            QString::fromUtf16(u"nul\0inside", 10),
            u"\U0001F600 emoji, \u00e9, \u4e2d\u6587, RTL \u05e9\u05dc\u05d5\u05dd"_s,
            QString(QChar(0xd800)) + u" lone surrogate"_s,
            u"'; DROP TABLE runs; --"_s,
            QString(1 << 20, u'x')};
}

} // namespace

TEST_P(StoreTest, AdversarialValuesRoundTripExactly)
{
    const QStringList values = adversarialStrings();
    QList<assay::Run> runs;
    for (qsizetype i = 0; i < values.size(); ++i) {
        assay::Run r;
        r.id = Uuid::v7();
        r.traceId = r.id;
        r.name = values.at(i);
        r.inputs = QJsonObject{{"text"_L1, values.at(i)}, {values.at(i).left(100), i}};
        r.outputs = QJsonObject{{"answer"_L1, values.at(i)}};
        r.error = values.at(i);
        r.tags = {values.at(i).left(50)};
        r.startTime = Timestamp::now();
        runs.append(r);
    }
    ASSERT_TRUE(store->begin().ok());
    ASSERT_TRUE(store->upsertRuns(runs).ok());
    ASSERT_TRUE(store->commit().ok());
    QList<Uuid> ids;
    for (const assay::Run &r : runs)
        ids.append(r.id);
    auto loaded = store->runsByIds(ids);
    ASSERT_TRUE(loaded.ok()) << loaded.error().toString().toStdString();
    ASSERT_EQ(loaded->size(), runs.size());
    for (const assay::Run &r : runs) {
        const assay::Run &back = loaded->value(r.id);
        EXPECT_EQ(back.name, r.name) << r.name.left(40).toStdString();
        EXPECT_EQ(back.inputs, r.inputs);
        EXPECT_EQ(back.outputs, r.outputs);
        EXPECT_EQ(back.error, r.error);
        EXPECT_EQ(back.tags, r.tags);
    }
}

TEST_P(StoreTest, ProjectNamesWithAnyCharacterAreFoundByName)
{
    for (const QString &name : adversarialStrings()) {
        if (name.size() > 1000) // a unique index cannot hold 1 MB on PostgreSQL
            continue;
        Project p;
        p.id = Uuid::v7();
        p.name = name;
        ASSERT_TRUE(store->saveProject(p, true).ok()) << name.toStdString();
        auto found = store->projectByName(name);
        ASSERT_TRUE(found.ok());
        ASSERT_TRUE(found->has_value()) << name.toStdString();
        EXPECT_EQ((*found)->name, name);
        EXPECT_EQ((*found)->id, p.id);
    }
}

TEST_P(StoreTest, BatchesLargerThanOneStatementAreWrittenWhole)
{
    QList<assay::Run> runs;
    for (int i = 0; i < 250; ++i) {
        runs.append(rootRun(u"run %1"_s.arg(i), Timestamp::fromMicros(1796022959343000 + i)));
    }
    ASSERT_TRUE(store->upsertRuns(runs).ok());
    runs[7].name = u"renamed"_s;
    ASSERT_TRUE(store->upsertRuns({runs[7]}).ok());
    RunQuery all;
    all.limit = 1000;
    auto listed = store->queryRuns(all);
    ASSERT_TRUE(listed.ok());
    EXPECT_EQ(listed->size(), 250);
    EXPECT_EQ(store->runsByIds({runs[7].id})->value(runs[7].id).name, u"renamed"_s);
}

INSTANTIATE_TEST_SUITE_P(Db, StoreTest, ::testing::Values(Dialect::Sqlite, Dialect::Postgres), dialectName);
