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

QStringList benchmarkRules()
{
    QStringList rules;
    const QStringList models = {u"gpt-4o-mini"_s, u"claude-3-5-haiku"_s, u"llama-3.1-70b"_s};
    // equality (8)
    rules << u"eq(run_type, \"chain\")"_s << u"eq(name, \"RetrievalQA\")"_s << u"eq(status, \"error\")"_s
          << u"metadata.customer_tier == \"enterprise\""_s << u"eq(is_root, true)"_s;
    for (const QString &m : models)
        rules << u"metadata.model == \"%1\""_s.arg(m);
    // ranges (12)
    for (double s : {0.2, 0.35, 0.5})
        rules << u"metadata.eval_score < %1"_s.arg(s);
    rules << u"latency_ms > 10000"_s << u"gt(latency, \"5s\")"_s << u"lt(latency, 0.5)"_s
          << u"total_tokens > 1500"_s << u"prompt_tokens >= 1200 AND completion_tokens < 100"_s
          << u"outputs.confidence < 0.6"_s << u"gt(start_time, \"2026-11-30T08:00:00Z\")"_s
          << u"and(gte(start_time, \"2026-11-30T07:00:00Z\"), lt(end_time, \"2026-11-30T09:00:00Z\"))"_s
          << u"metadata.eval_score >= 0.9"_s;
    // tags (5)
    rules << u"has(tags, \"beta\")"_s << u"in(tags, [\"mobile\", \"eu-west\"])"_s
          << u"neq(tags, \"production\")"_s << u"has(tags, \"rag-v2\") AND NOT has(tags, \"beta\")"_s
          << u"eq(tags, \"nightly\")"_s;
    // metadata pairs and subsets (6)
    for (int u : {42, 7, 311})
        rules << u"and(eq(metadata_key, \"user_id\"), eq(metadata_value, \"user-%1\"))"_s.arg(u);
    rules << u"neq(metadata_key, \"conversation_id\")"_s
          << u"has(metadata, '{\"customer_tier\": \"enterprise\"}')"_s
          << u"in(metadata_key, [\"thread_id\", \"session_id\"])"_s;
    // feedback pairs (8)
    for (double s : {0.1, 0.3, 0.5})
        rules << u"and(eq(feedback_key, \"correctness\"), lt(feedback_score, %1))"_s.arg(s);
    rules << u"feedback.user_rating == \"negative\""_s << u"has_feedback_key(\"overall_quality\")"_s
          << u"and(eq(feedback_key, \"user_rating\"), eq(feedback_value, \"positive\"))"_s
          << u"neq(feedback_key, \"user_rating\")"_s << u"feedback.correctness >= 0.8"_s;
    // full-text and field search (5)
    rules << u"search(\"timeout\")"_s << u"search(\"refund\")"_s << u"search(\"single sign-on\")"_s
          << u"search(outputs.answer, \"invoice\")"_s << u"search(name, \"retrieval\")"_s;
    // nested and/or, the seed's patterns, sampling (6)
    rules
        << u"metadata.eval_score < 0.5 OR feedback.user_rating == \"negative\""_s
        << u"and(eq(run_type, \"chain\"), or(neq(error, null), and(eq(feedback_key, \"correctness\"), eq(feedback_score, 0))))"_s
        << u"(latency_ms > 8000 AND metadata.customer_tier == \"enterprise\") OR eq(status, \"error\")"_s
        << u"or(and(has(tags, \"beta\"), lt(metadata.eval_score, 0.4)), and(has(tags, \"mobile\"), gt(latency, 10)))"_s
        << u"random_sample == 0.05"_s
        << u"NOT (metadata.model == \"gpt-4o-mini\") AND total_tokens > 1000 AND metadata.eval_score < 0.6"_s;
    return rules;
}

} // namespace assay::test
