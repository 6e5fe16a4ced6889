#include "cachedstore.h"

#include <samplecorpus.h>

namespace assay::client::test {

using namespace Qt::StringLiterals;

Rubric seedRubric()
{
    Rubric r;
    r.version = 3;
    RubricField quality{u"overall_quality"_s,
                        u"Overall quality"_s,
                        u"Would you ship this answer?"_s,
                        FieldType::Categorical,
                        true,
                        false,
                        {},
                        {},
                        {},
                        {},
                        {},
                        {}};
    for (const char *v : {"good", "acceptable", "bad"})
        quality.options.append(RubricOption{QString::fromLatin1(v), {}, {}, {}});
    RubricField grounded{
        u"groundedness"_s, {}, {}, FieldType::Continuous, true, false, {}, 0.0, 1.0, 0.1, {}, {}};
    RubricField note{u"reviewer_note"_s, {}, {}, FieldType::Freeform, false, false, {}, {}, {}, {}, {}, 500};
    r.fields = {quality, grounded, note};
    return r;
}

void CachedStoreTest::SetUp()
{
    auto opened = LocalStore::open(dir.filePath(u"p"_s), u"models"_s);
    ASSERT_TRUE(opened.ok());
    store = std::move(*opened);
    CachedQueue q{
        queueId, u"Support answers"_s, u"Check the sources.\nThen the tone."_s, seedRubric(), 12, 0, 0,
        0};
    ASSERT_TRUE(store->cache().saveQueues({q}).ok());
    const QList<assay::test::SampleRun> corpus = assay::test::makeRagCorpus(5, 3);
    QList<CachedItem> items;
    for (int i = 0; i < 5; ++i) {
        runs.append(Uuid::v7());
        assay::Run run = corpus[i].run;
        run.id = runs.last();
        run.traceId = run.id;
        items.append(CachedItem{queueId,
                                runs.last(),
                                u"qr%1"_s.arg(i),
                                u"negative user feedback"_s,
                                Timestamp::fromMicros(1000 + i),
                                Timestamp::fromMicros(Timestamp::now().micros() + 3600e6),
                                Timestamp::now(),
                                u"answer %1"_s.arg(i),
                                false,
                                withRuns ? runToJson(run) : QJsonObject{},
                                {}});
    }
    ASSERT_TRUE(store->cache().saveItems(items).ok());
}

Annotation CachedStoreTest::answer(const Uuid &run)
{
    Annotation a;
    a.id = Uuid::v7();
    a.queueId = queueId;
    a.runId = run;
    a.rubricVersion = 3;
    a.values = QJsonObject{{"overall_quality"_L1, u"good"_s}, {"groundedness"_L1, 1}};
    a.submittedAt = Timestamp::now();
    return a;
}

} // namespace assay::client::test
