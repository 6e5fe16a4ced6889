// The directly written stored form of feedback reads back exactly as the QJsonObject form does.

#include "storage/feedbackdoc.h"

#include <printers.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <gtest/gtest.h>

using namespace assay;
using namespace assay::server;
using namespace Qt::StringLiterals;

namespace {

Feedback readBack(const QByteArray &doc)
{
    QJsonParseError error;
    const QJsonDocument parsed = QJsonDocument::fromJson(doc, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << doc.toStdString();
    auto fb = parseFeedbackCreate(parsed.object());
    EXPECT_TRUE(fb.ok()) << (fb.ok() ? std::string() : fb.error().toString().toStdString());
    return fb.ok() ? *fb : Feedback{};
}

QString nastyText(QRandomGenerator &rng)
{
    static const char16_t pieces[] = {u'"',   u'\\',  u'/',   u'\n',  u'\t',  0x01, 0x1f,   u'a', u'é',
                                      0x20ac, 0xd83d, 0xde00, 0xdc00, 0xd800, 0x7f, 0xfeff, u' '};
    QString s;
    const int n = int(rng.bounded(12));
    for (int i = 0; i < n; ++i)
        s += QChar(pieces[rng.bounded(int(std::size(pieces)))]);
    return s;
}

} // namespace

TEST(StoredFeedbackDoc, ReadsBackAsTheQJsonFormDoes)
{
    QRandomGenerator rng(2026);
    for (int round = 0; round < 2000; ++round) {
        Feedback fb;
        fb.id = Uuid::v7();
        fb.runId = Uuid::v7(); // feedback names a run (or a project)
        if (rng.bounded(2))
            fb.traceId = Uuid::v7();
        if (rng.bounded(2))
            fb.sessionId = Uuid::v7();
        fb.key = u"key_%1"_s.arg(rng.bounded(100)); // keys are validated; the free text is elsewhere
        const QJsonValue scores[] = {QJsonValue::Null,           1,     0.5, -3.25, true, false,
                                     qint64(9007199254740993LL), 1e300, 0.1};
        fb.score = scores[rng.bounded(int(std::size(scores)))];
        const QJsonValue values[] = {QJsonValue::Null, nastyText(rng), QJsonObject{{"x"_L1, nastyText(rng)}},
                                     QJsonArray{1, u"two"_s}, 42};
        fb.value = values[rng.bounded(int(std::size(values)))];
        fb.comment = nastyText(rng);
        fb.correction =
            rng.bounded(2) ? QJsonValue(QJsonObject{{"outputs"_L1, nastyText(rng)}}) : QJsonValue::Null;
        fb.source.type = rng.bounded(2) ? u"app"_s : u"api"_s;
        fb.source.metadata =
            QJsonObject{{"annotation_id"_L1, Uuid::v7().toString()}, {"note"_L1, nastyText(rng)}};
        fb.source.userId = nastyText(rng);
        fb.source.userName = nastyText(rng);
        if (rng.bounded(2))
            fb.feedbackConfig = QJsonObject{{"type"_L1, u"categorical"_s}};
        if (rng.bounded(3) == 0)
            fb.comparativeExperimentId = Uuid::v7();
        if (rng.bounded(3) == 0)
            fb.feedbackGroupId = Uuid::v7();
        fb.extra = rng.bounded(2) ? QJsonObject{{"e"_L1, nastyText(rng)}} : QJsonObject{};
        fb.createdAt = Timestamp::fromMicros(1796022959343000 + qint64(rng.bounded(1000000)));
        if (rng.bounded(2))
            fb.modifiedAt = Timestamp::now();

        // Exactly what was stored comes back: quotes, control characters, lone surrogates, 2^53 + 1. (Even a
        // byte-order mark at the start of a string, which the QJsonDocument round trip drops.)
        const Feedback direct = readBack(storedFeedbackDoc(fb));
        ASSERT_EQ(feedbackToJson(direct), feedbackToJson(fb))
            << "round " << round << ": " << storedFeedbackDoc(fb).toStdString();
    }
}
