// The client's models under QAbstractItemModelTester: whole-list updates become exact row signals (no
// resets), the queue and item lists read the local store, the run tree follows parent links, and the
// rubric form validates against its rubric version and names what is missing.

#include "models/queueitemmodel.h"
#include "models/queuelistmodel.h"
#include "models/rubricformmodel.h"
#include "models/runtreemodel.h"

#include "cachedstore.h"

#include <printers.h>

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace assay;
using namespace assay::client;
using namespace assay::client::test;
using namespace Qt::StringLiterals;

namespace {

struct Letter {
    char key;
    int version;
    friend bool operator==(const Letter &, const Letter &) = default;
};

class LetterModel : public KeyedListModel<Letter, char> {
public:
    using KeyedListModel::setRows;
    QVariant data(const QModelIndex &index, int role) const override
    {
        return role == Qt::DisplayRole ? QVariant(QString(QLatin1Char(rowAt(index.row()).key))) : QVariant();
    }

protected:
    char keyOf(const Letter &l) const override { return l.key; }
};

QList<Letter> letters(const char *keys, int version = 0)
{
    QList<Letter> out;
    for (const char *k = keys; *k; ++k)
        out.append(Letter{*k, version});
    return out;
}

class ModelsWithStore : public CachedStoreTest {};

} // namespace

TEST(KeyedListModel, WholeListUpdatesAreExactRowSignals)
{
    LetterModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setRows(letters("abcd"));
    EXPECT_EQ(inserted.size(), 4);
    inserted.clear();
    QList<Letter> next = letters("dbe");
    next[1].version = 1; // b changed
    model.setRows(next);
    EXPECT_EQ(model.rows(), next);
    EXPECT_EQ(removed.size(), 2) << "a and c";
    EXPECT_EQ(moved.size(), 1) << "d to the top";
    EXPECT_EQ(inserted.size(), 1) << "e";
    EXPECT_EQ(changed.size(), 1) << "b";
    EXPECT_EQ(resets.size(), 0);

    // Random transitions, each checked by the tester, always ending at the target list.
    QRandomGenerator random(42);
    const QByteArray alphabet = "abcdefghijklmnopqrstuvwxyz";
    for (int round = 0; round < 300; ++round) {
        QByteArray keys = alphabet;
        std::shuffle(keys.begin(), keys.end(), random);
        keys.truncate(random.bounded(12));
        QList<Letter> target = letters(keys.constData(), int(random.bounded(2)));
        model.setRows(target);
        ASSERT_EQ(model.rows(), target) << "round " << round;
    }
    EXPECT_EQ(resets.size(), 0);
}

TEST_F(ModelsWithStore, TheQueueListCountsFromTheStoreAndUpdatesInPlace)
{
    QueueListModel model(*store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ASSERT_TRUE(model.reload().ok());
    ASSERT_EQ(model.rowCount(), 1);
    const QModelIndex row = model.index(0);
    EXPECT_EQ(row.data(QueueListModel::NameRole).toString(), u"Support answers"_s);
    EXPECT_EQ(row.data(QueueListModel::GuideRole).toString(), u"Check the sources."_s) << "the first line";
    EXPECT_EQ(row.data(QueueListModel::ToReviewRole).toInt(), 12);
    EXPECT_EQ(row.data(QueueListModel::ReadyRole).toInt(), 5);
    EXPECT_EQ(row.data(QueueListModel::RubricFieldsRole).toInt(), 3);
    EXPECT_EQ(row.data(QueueListModel::UnsentRole).toInt(), 0);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    ASSERT_TRUE(store->work().saveAnswer(answer(runs[0])).ok());
    ASSERT_TRUE(model.reload().ok());
    EXPECT_EQ(changed.size(), 1);
    EXPECT_EQ(resets.size(), 0);
    EXPECT_EQ(row.data(QueueListModel::UnsentRole).toInt(), 1);
    EXPECT_EQ(row.data(QueueListModel::ReadyRole).toInt(), 4);
    EXPECT_EQ(row.data(QueueListModel::DoneTodayRole).toInt(), 1);
    ASSERT_TRUE(model.reload().ok());
    EXPECT_EQ(changed.size(), 1) << "nothing changed, nothing signalled";
}

TEST_F(ModelsWithStore, TheItemListShowsWhereEachItemStands)
{
    QueueItemModel model(*store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ASSERT_TRUE(model.setQueue(queueId).ok());
    ASSERT_EQ(model.rowCount(), 5);
    EXPECT_EQ(model.index(0).data(QueueItemModel::ReasonRole).toString(), u"negative user feedback"_s);
    EXPECT_EQ(model.index(0).data(QueueItemModel::StatusNameRole).toString(), u"to review"_s);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const Annotation a = answer(runs[1]);
    ASSERT_TRUE(store->work().saveAnswer(a).ok());
    ASSERT_TRUE(model.reload().ok());
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed.at(0).at(0).value<QModelIndex>().row(), 1) << "exactly the answered row";
    EXPECT_EQ(model.index(1).data(QueueItemModel::StatusRole).toInt(), int(ItemStatus::Unsent));
    ASSERT_TRUE(
        store->work().recordOutcomes({{a.id, AnswerStatus::Rejected, {u"groundedness: is required"_s}, {}}}).ok());
    ASSERT_TRUE(model.reload().ok());
    EXPECT_EQ(model.index(1).data(QueueItemModel::StatusRole).toInt(), int(ItemStatus::NeedsAttention));
    EXPECT_EQ(model.nextToReview(1), 2) << "skips what is answered";
    // Answered on another device (from the feed), and removed on the server.
    ASSERT_TRUE(store->cache().saveServerAnswer(queueId, runs[2], Uuid::v7(), Timestamp::now()).ok());
    ASSERT_TRUE(store->cache().markRemoved(queueId, runs[3]).ok());
    ASSERT_TRUE(model.reload().ok());
    EXPECT_EQ(model.index(2).data(QueueItemModel::StatusRole).toInt(), int(ItemStatus::Answered));
    EXPECT_EQ(model.index(3).data(QueueItemModel::StatusRole).toInt(), int(ItemStatus::Removed));
    EXPECT_EQ(model.nextToReview(1), 4);
    EXPECT_EQ(model.nextToReview(1, {runs[4]}), 0) << "skipped items come after the others";
    EXPECT_EQ(model.nextToReview(1, {runs[4], runs[0]}), 4) << "and still come when nothing else is left";
    // New items from a checkout arrive as inserted rows.
    CachedItem more{queueId,
                    Uuid::v7(),
                    u"qr9"_s,
                    {},
                    Timestamp::fromMicros(9000),
                    Timestamp::fromMicros(Timestamp::now().micros() + 3600e6),
                    Timestamp::now(),
                    u"late arrival"_s,
                    false,
                    {},
                    {}};
    const Status saved = store->cache().saveItems({more});
    ASSERT_TRUE(saved.ok()) << saved.error().message.toStdString();
    ASSERT_TRUE(model.reload().ok());
    EXPECT_EQ(inserted.size(), 1);
    EXPECT_EQ(model.rowCount(), 6);
    EXPECT_EQ(resets.size(), 0);
}

TEST(RunTreeModel, FollowsParentLinksInTheOrderTheRunsRan)
{
    auto run = [](const QString &id, const QString &parent, const QString &order, const QString &name) {
        return QJsonObject{
            {"id"_L1, id},
            {"parent_run_id"_L1, parent.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(parent)},
            {"dotted_order"_L1, order},
            {"name"_L1, name},
            {"run_type"_L1, u"llm"_s},
            {"start_time"_L1, u"2026-11-30T08:00:00Z"_s},
            {"end_time"_L1, u"2026-11-30T08:00:01.240Z"_s},
            {"total_tokens"_L1, 321}};
    };
    RunTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setRuns(run(u"r"_s, {}, u"1"_s, u"rag_chain"_s),
                  QJsonArray{run(u"g"_s, u"r"_s, u"1.2"_s, u"generate"_s),
                             run(u"t"_s, u"g"_s, u"1.2.1"_s, u"tool"_s),
                             run(u"x"_s, u"r"_s, u"1.1"_s, u"retrieve"_s)});
    ASSERT_EQ(model.rowCount(), 1);
    const QModelIndex root = model.index(0, 0);
    EXPECT_EQ(root.data().toString(), u"rag_chain"_s);
    ASSERT_EQ(model.rowCount(root), 2);
    EXPECT_EQ(model.index(0, 0, root).data().toString(), u"retrieve"_s) << "in the order they ran";
    const QModelIndex generate = model.index(1, 0, root);
    EXPECT_EQ(generate.data().toString(), u"generate"_s);
    ASSERT_EQ(model.rowCount(generate), 1);
    EXPECT_EQ(model.index(0, 0, generate).data().toString(), u"tool"_s);
    EXPECT_EQ(model.parent(model.index(0, 0, generate)), generate);
    EXPECT_EQ(model.index(0, RunTreeModel::LatencyColumn).data().toString(), u"1.24 s"_s);
    EXPECT_EQ(model.index(0, RunTreeModel::TokensColumn).data().toInt(), 321);
}

TEST(RubricFormModel, ValidatesAgainstItsVersionAndNamesWhatIsMissing)
{
    RubricFormModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy dirty(&model, &RubricFormModel::dirtyChanged);
    model.setRubric(seedRubric(), QJsonObject{{"reviewer_note"_L1, u"draft"_s}});
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.index(0).data().toString(), u"Overall quality"_s);
    const QVariantList options = model.index(0).data(RubricFormModel::OptionsRole).toList();
    ASSERT_EQ(options.size(), 3);
    EXPECT_EQ(options[2].toMap().value(u"digit"_s).toInt(), 3);
    EXPECT_EQ(model.index(1).data(RubricFormModel::MaxRole).toDouble(), 1.0);
    EXPECT_EQ(model.index(2).data(RubricFormModel::ValueRole).toString(), u"draft"_s);
    EXPECT_FALSE(model.isDirty());
    EXPECT_TRUE(model.index(0).data(RubricFormModel::ErrorRole).toString().isEmpty())
        << "untouched: no error yet";

    EXPECT_TRUE(model.pickOption(0, 3));
    EXPECT_EQ(model.values().value("overall_quality"_L1).toString(), u"bad"_s);
    EXPECT_FALSE(model.pickOption(0, 4)) << "no fourth option";
    EXPECT_FALSE(model.pickOption(1, 1)) << "not a categorical field";
    EXPECT_TRUE(model.isDirty());
    EXPECT_EQ(dirty.size(), 1);

    ValidationReport report = model.attemptSubmit();
    ASSERT_EQ(report.errors.size(), 1);
    EXPECT_EQ(report.errors[0].toString(), u"groundedness: is required"_s);
    EXPECT_EQ(model.index(1).data(RubricFormModel::ErrorRole).toString(), u"is required"_s);
    ASSERT_TRUE(model.setData(model.index(1), 1.5));
    EXPECT_FALSE(model.index(1).data(RubricFormModel::ErrorRole).toString().isEmpty()) << "above the maximum";
    ASSERT_TRUE(model.setData(model.index(1), 0.8));
    EXPECT_TRUE(model.attemptSubmit().ok());
    EXPECT_EQ(model.values().value("groundedness"_L1).toDouble(), 0.8);
    model.markSaved();
    EXPECT_FALSE(model.isDirty());
    // Clearing a value removes it.
    ASSERT_TRUE(model.setData(model.index(2), QString()));
    EXPECT_FALSE(model.values().contains("reviewer_note"_L1));
}
