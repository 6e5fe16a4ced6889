#include "samplecorpus.h"

#include <QRandomGenerator>

namespace assay::test {

namespace {
using namespace Qt::StringLiterals;

const QStringList kQuestions = {
    u"How do I reset my password if I no longer have access to my recovery email?"_s,
    u"What is the refund policy for annual plans cancelled after thirty days?"_s,
    u"Can I export my workspace data to CSV, and does it include archived projects?"_s,
    u"Why was my card declined when upgrading to the team plan?"_s,
    u"How many seats are included in the enterprise tier and can I add more mid-cycle?"_s,
    u"Is single sign-on with Okta supported on the business plan?"_s,
};
const QStringList kDocuments = {
    u"Password resets are handled from the sign-in page. If the recovery email is unavailable, an administrator can issue a reset link from the admin console under Users > Security."_s,
    u"Annual plans may be refunded in full within 30 days of purchase. After 30 days, refunds are prorated for unused full months and issued to the original payment method."_s,
    u"Workspace exports are available in CSV and JSON. Archived projects are included only when the 'include archived' option is checked in Settings > Data."_s,
    u"Card declines are most often caused by bank-side fraud checks on international transactions. Retry after confirming with the issuing bank, or use an invoice."_s,
    u"The enterprise tier includes 50 seats. Additional seats can be added at any time and are billed pro rata for the remainder of the billing cycle."_s,
    u"SAML single sign-on, including Okta and Azure AD, is available on the Business and Enterprise plans. SCIM provisioning requires Enterprise."_s,
};
const QStringList kModels = {u"gpt-4o-mini"_s, u"claude-3-5-haiku"_s, u"llama-3.1-70b"_s};
const QStringList kTags = {u"production"_s, u"beta"_s, u"rag-v2"_s, u"eu-west"_s, u"mobile"_s};

Uuid randomUuid(QRandomGenerator &rng)
{
    QByteArray b(16, Qt::Uninitialized);
    for (int i = 0; i < 16; ++i)
        b[i] = static_cast<char>(rng.bounded(256));
    b[6] = static_cast<char>((b[6] & 0x0f) | 0x70);
    b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);
    return Uuid(QUuid::fromRfc4122(b));
}

} // namespace

QList<SampleRun> makeRagCorpus(int count, quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<SampleRun> corpus;
    corpus.reserve(count);
    const qint64 base = 1796022959343000; // 2026-11-30T07:15:59Z
    for (int i = 0; i < count; ++i) {
        SampleRun s;
        Run &r = s.run;
        r.id = randomUuid(rng);
        r.traceId = r.id;
        r.sessionName = u"production-rag"_s;
        r.name = i % 7 == 0 ? u"RetrievalQA"_s : u"rag_chain"_s;
        r.runType = u"chain"_s;
        const int topic = static_cast<int>(rng.bounded(kQuestions.size()));
        QJsonArray context;
        for (int d = 0; d < 3; ++d)
            context.append(QJsonObject{
                {"page_content"_L1, kDocuments.at((topic + d) % kDocuments.size())},
                {"metadata"_L1, QJsonObject{{"source"_L1, u"kb/article-%1.md"_s.arg(topic * 10 + d)}}}});
        r.inputs = QJsonObject{
            {"messages"_L1,
             QJsonArray{
                 QJsonObject{{"role"_L1, u"system"_s},
                             {"content"_L1, u"You are a support assistant. Answer only from the context."_s}},
                 QJsonObject{{"role"_L1, u"user"_s}, {"content"_L1, kQuestions.at(topic)}}}},
            {"context"_L1, context}};
        const bool timeout = rng.bounded(40) == 0;
        r.outputs = QJsonObject{
            {"answer"_L1, kDocuments.at(topic).left(120) + u" Let me know if you need anything else."_s},
            {"confidence"_L1, rng.bounded(100) / 100.0},
            {"usage_metadata"_L1, QJsonObject{{"input_tokens"_L1, 600 + rng.bounded(900)},
                                              {"output_tokens"_L1, 40 + rng.bounded(300)}}}};
        if (timeout)
            r.error = u"TimeoutError: upstream model did not answer within 30s"_s;
        const qint64 start = base + static_cast<qint64>(i) * 1'500'000;
        r.startTime = Timestamp::fromMicros(start);
        r.endTime =
            Timestamp::fromMicros(start + (timeout ? 30'000'000 : 300'000 + rng.bounded(14'000) * 1000));
        r.extra = QJsonObject{
            {"metadata"_L1,
             QJsonObject{{"eval_score"_L1, rng.bounded(100) / 100.0},
                         {"model"_L1, kModels.at(rng.bounded(kModels.size()))},
                         {"user_id"_L1, u"user-%1"_s.arg(rng.bounded(500))},
                         {"session_id"_L1, u"conv-%1"_s.arg(rng.bounded(2000))},
                         {"customer_tier"_L1, rng.bounded(4) == 0 ? u"enterprise"_s : u"self-serve"_s}}},
            {"runtime"_L1, QJsonObject{{"sdk"_L1, u"langsmith-js"_s}, {"sdk_version"_L1, u"0.10.5"_s}}}};
        for (const QString &tag : kTags)
            if (rng.bounded(3) == 0)
                r.tags.append(tag);
        completeDerivedFields(r);
        const int feedbackCount = static_cast<int>(rng.bounded(3));
        for (int f = 0; f < feedbackCount; ++f) {
            Feedback fb;
            fb.id = randomUuid(rng);
            fb.runId = r.id;
            if (f == 0) {
                fb.key = u"user_rating"_s;
                fb.value = rng.bounded(4) == 0 ? u"negative"_s : u"positive"_s;
            } else {
                fb.key = u"correctness"_s;
                fb.score = rng.bounded(100) / 100.0;
            }
            s.feedback.append(fb);
        }
        corpus.append(std::move(s));
    }
    return corpus;
}

} // namespace assay::test
