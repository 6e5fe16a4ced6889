// The rubric designer's model under QAbstractItemModelTester: fields added with keys not yet used, moved
// (the current field travels with its row), removed; options added, edited, moved by moveRows and by a
// drop, removed; the seed's advice as warnings; and the note a changed rubric gets before it is saved.
// Also invitations: what the lead's app writes, the connect dialog and `assay --invitation` read.

#include "people/invitation.h"
#include "queueeditor/queueadmin.h"
#include "queueeditor/rubricdesignmodel.h"

#include <printers.h>

#include <QAbstractItemModelTester>
#include <QMimeData>

#include <gtest/gtest.h>

#include <memory>

using namespace assay;
using namespace assay::client;
using namespace Qt::StringLiterals;

namespace {

QStringList optionValues(const RubricField &field)
{
    QStringList values;
    for (const RubricOption &o : field.options)
        values.append(o.value);
    return values;
}

class RubricDesign : public ::testing::Test {
protected:
    RubricDesignModel design;
    QAbstractItemModelTester fieldsTester{&design, QAbstractItemModelTester::FailureReportingMode::Fatal};
    QAbstractItemModelTester optionsTester{&design.options(),
                                           QAbstractItemModelTester::FailureReportingMode::Fatal};
};

} // namespace

TEST_F(RubricDesign, FieldsGetUnusedKeysAndMoveWithTheCurrentField)
{
    EXPECT_EQ(design.addField(FieldType::Categorical), 0);
    EXPECT_EQ(design.addField(FieldType::Continuous), 1);
    EXPECT_EQ(design.addField(FieldType::Freeform), 2);
    EXPECT_EQ(design.field(0).key, u"field_1"_s);
    EXPECT_EQ(design.field(2).key, u"field_3"_s);
    EXPECT_EQ(optionValues(design.field(0)), (QStringList{u"good"_s, u"bad"_s}))
        << "two options to start from";
    EXPECT_EQ(design.field(1).min, 0.0);
    EXPECT_EQ(design.field(1).max, 1.0);
    EXPECT_EQ(design.currentField(), 2) << "a new field is the one being edited";

    // The current (last) field moves to the top, and stays current.
    EXPECT_TRUE(design.moveRows({}, 2, 1, {}, 0));
    EXPECT_EQ(design.field(0).key, u"field_3"_s);
    EXPECT_EQ(design.currentField(), 0);
    EXPECT_TRUE(moveRowBy(design, 0, +1));
    EXPECT_EQ(design.field(1).key, u"field_3"_s);
    EXPECT_EQ(design.currentField(), 1);
    EXPECT_FALSE(moveRowBy(design, 2, +1)) << "the last field cannot go further down";
    EXPECT_FALSE(moveRowBy(design, 0, -1));

    // A score made categorical (as the designer sends it: no bounds) starts from two options, like a new one.
    RubricField retyped = design.field(2);
    ASSERT_EQ(retyped.type, FieldType::Continuous);
    retyped.type = FieldType::Categorical;
    retyped.min.reset();
    retyped.max.reset();
    design.setField(2, retyped);
    EXPECT_EQ(optionValues(design.field(2)), (QStringList{u"good"_s, u"bad"_s}));
    EXPECT_TRUE(design.removeField(1));
    EXPECT_EQ(design.rowCount(), 2);
    EXPECT_EQ(design.addField(FieldType::Freeform), 2);
    EXPECT_EQ(design.field(2).key, u"field_3"_s) << "free again once its field is gone";
    EXPECT_EQ(design.report().errors.size(), 0) << "never a key in use";
}

TEST_F(RubricDesign, OptionsAreEditedMovedAndDropped)
{
    design.addField(FieldType::Categorical);
    RubricOptionModel &options = design.options();
    ASSERT_EQ(options.rowCount(), 2);
    EXPECT_EQ(options.addOption(u"acceptable"_s), 2);
    EXPECT_TRUE(options.setData(options.index(2, RubricOptionModel::Description), u"usable with edits"_s));
    EXPECT_EQ(design.field(0).options.at(2).description, u"usable with edits"_s);
    EXPECT_EQ(options.headerData(0, Qt::Vertical).toInt(), 1) << "the digit that picks it";

    // "acceptable" between good and bad: by moveRows, as Alt+Up does.
    EXPECT_TRUE(moveRowBy(options, 2, -1));
    EXPECT_EQ(optionValues(design.field(0)), (QStringList{u"good"_s, u"acceptable"_s, u"bad"_s}));
    // And by a drop: "good" dropped below the last option.
    std::unique_ptr<QMimeData> dragged(options.mimeData({options.index(0, 0)}));
    ASSERT_NE(dragged, nullptr);
    EXPECT_FALSE(options.dropMimeData(dragged.get(), Qt::MoveAction, -1, -1, {}))
        << "the model moved the row itself: the view must not remove it";
    EXPECT_EQ(optionValues(design.field(0)), (QStringList{u"acceptable"_s, u"bad"_s, u"good"_s}));
    EXPECT_TRUE(options.setData(options.index(1, RubricOptionModel::Value), u" poor "_s));
    EXPECT_EQ(design.field(0).options.at(1).value, u"poor"_s);
    EXPECT_EQ(design.field(0).options.at(1).label, u"poor"_s);
    EXPECT_TRUE(options.removeOption(0));
    EXPECT_EQ(optionValues(design.field(0)), (QStringList{u"poor"_s, u"good"_s}));

    // Another field's options are its own; a freeform field has none.
    design.addField(FieldType::Freeform);
    EXPECT_EQ(options.rowCount(), 0);
    EXPECT_EQ(options.addOption(), 0) << "adding makes no sense for text, but it goes to the field shown";
    design.setCurrentField(0);
    EXPECT_EQ(options.rowCount(), 2);
}

TEST_F(RubricDesign, TheSeedsAdviceAndTheRubricsErrors)
{
    design.addField(FieldType::Categorical);
    EXPECT_TRUE(design.report().ok());
    EXPECT_TRUE(design.report().warnings.isEmpty());
    // Ten options: only nine have a digit.
    for (int i = 0; i < 8; ++i)
        design.options().addOption();
    EXPECT_EQ(design.report().warnings.size(), 1);
    EXPECT_TRUE(design.report().warnings.at(0).message.contains(u"10 options"_s));
    // Six fields.
    for (int i = 0; i < 5; ++i)
        design.addField(FieldType::Freeform);
    bool sixFields = false;
    for (const ValidationIssue &w : design.report().warnings)
        sixFields = sixFields || w.message.startsWith(u"6 fields"_s);
    EXPECT_TRUE(sixFields);
    // A categorical field with one option is an error that blocks saving.
    RubricField one = design.field(0);
    one.options = {RubricOption{u"only"_s, u"only"_s, std::nullopt, {}}};
    design.setField(0, one);
    EXPECT_FALSE(design.report().ok());
    // A duplicate key too.
    RubricField dup = design.field(2);
    dup.key = design.field(1).key;
    design.setField(2, dup);
    EXPECT_GE(design.report().errors.size(), 2);
}

TEST(QueueAdmin, AChangedRubricSaysItBecomesTheNextVersion)
{
    Rubric saved;
    saved.version = 3;
    RubricField quality;
    quality.key = u"overall_quality"_s;
    saved.fields = {quality};
    Rubric edited = saved;
    EXPECT_EQ(rubricChangeNote(saved, edited), QString()) << "nothing changed: nothing to say";
    edited.fields[0].required = true;
    const QString note = rubricChangeNote(saved, edited);
    EXPECT_TRUE(note.startsWith(u"Saving makes this rubric version 4 (it is version 3 now)."_s))
        << note.toStdString();
    EXPECT_TRUE(note.contains(u"checked against version 3"_s));

    Queue queue;
    queue.name = u"review"_s;
    queue.rubric = edited;
    const QJsonObject body = queueWriteBody(queue);
    EXPECT_FALSE(body.value("rubric"_L1).toObject().contains("version"_L1)) << "the server numbers versions";
    EXPECT_EQ(body.value("name"_L1).toString(), u"review"_s);

    QueueDetails details{queue, 12, 30};
    EXPECT_EQ(
        queueDeletionQuestion(details),
        u"Delete the queue “review”? Its 12 item(s) leave it and the routing rules that feed it are deleted. "
        "The 30 answer(s) given in it stay as feedback on their runs. This cannot be undone."_s);
}

TEST(Invitation, RoundTripsAndSaysWhatIsWrong)
{
    const Invitation sent{u"https://review.example.com/api/v1"_s, "assay_secret", u"Rey"_s, {}};
    auto read = parseInvitation(invitationText(sent));
    ASSERT_TRUE(read.ok()) << read.error().message.toStdString();
    EXPECT_EQ(read->server, sent.server);
    EXPECT_EQ(read->key, sent.key);
    EXPECT_EQ(read->name, sent.name);
    EXPECT_TRUE(parseInvitation("  \n" + invitationText(sent) + "\n\n").ok()) << "pasted with blank lines";

    EXPECT_TRUE(parseInvitation("not json").error().message.startsWith(u"This is not an Assay invitation"_s));
    EXPECT_TRUE(parseInvitation(R"({"server": "https://x"})")
                    .error()
                    .message.startsWith(u"This is not an Assay invitation"_s));
    EXPECT_TRUE(parseInvitation(R"({"assay_invitation": 2, "server": "https://x", "key": "k"})")
                    .error()
                    .message.contains(u"newer Assay"_s));
    EXPECT_EQ(parseInvitation(R"({"assay_invitation": 1, "server": "ftp://x", "key": "k"})").error().message,
              u"The invitation has no valid server address."_s);
    EXPECT_EQ(
        parseInvitation(R"({"assay_invitation": 1, "server": "https://x", "key": " "})").error().message,
        u"The invitation has no API key."_s);
}
