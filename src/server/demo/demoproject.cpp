#include "demoproject.h"

#include "auth/apikeys.h"
#include "core/run.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

const QString kReviewerName = u"demo-reviewer"_s;

class Admin {
public:
    Admin(AssayServer &server, const QString &key)
        : m_server(server)
        , m_key(key.toUtf8())
    {
    }

    // Sends one request through the server's router; an answer outside `accepted` is an error naming it.
    Result<QJsonValue> call(const QString &method, const QString &path, const QJsonValue &body = {},
                            QList<int> accepted = {200, 201, 204})
    {
        HttpRequest req;
        req.method = method;
        const qsizetype q = path.indexOf(u'?');
        req.path = q < 0 ? path : path.left(q);
        if (q >= 0)
            req.query = QUrlQuery(path.mid(q + 1));
        req.headers.insert("x-api-key", m_key);
        req.headers.insert("content-type", "application/json");
        if (body.isObject())
            req.body = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
        else if (body.isArray())
            req.body = QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
        req.remoteAddress = u"127.0.0.1"_s;
        const HttpResponse res = m_server.call(req);
        if (!accepted.contains(res.status))
            return Error{u"the demo could not %1 %2: %3 %4"_s.arg(method, req.path)
                             .arg(res.status)
                             .arg(QString::fromUtf8(res.body.left(300))),
                         {}};
        const QJsonDocument doc = QJsonDocument::fromJson(res.body);
        return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }

private:
    AssayServer &m_server;
    QByteArray m_key;
};

Result<QJsonObject> demoData()
{
    QFile file(u":/demo/rag-support.json"_s);
    if (!file.open(QIODevice::ReadOnly))
        return Error{u"the demo dataset is missing from this build (:/demo/rag-support.json)"_s, {}};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (doc.isNull())
        return Error{u"the demo dataset is not JSON: %1"_s.arg(error.errorString()), {}};
    return doc.object();
}

QString iso(const Timestamp &t)
{
    return t.toIso();
}

// One trace: the chain the user talked to, its retriever and its model call.
QJsonArray traceRuns(const QJsonObject &trace, const QString &systemPrompt, const QString &project, int index,
                     const Timestamp &start)
{
    // Fixed ids: the 5% sample then picks the same traces on every machine, so the demo is the same.
    const Uuid root = Uuid::v5(Uuid(), "assay-demo/%1/root"_ba.replace("%1", QByteArray::number(index)));
    const Uuid retriever =
        Uuid::v5(Uuid(), "assay-demo/%1/retriever"_ba.replace("%1", QByteArray::number(index)));
    const Uuid llm = Uuid::v5(Uuid(), "assay-demo/%1/llm"_ba.replace("%1", QByteArray::number(index)));
    const qint64 latencyMs = trace.value("latency_ms"_L1).toInteger();
    const Timestamp end = Timestamp::fromMicros(start.micros() + latencyMs * 1000);
    const Timestamp retrieved = Timestamp::fromMicros(start.micros() + 180'000);

    QJsonArray messages{QJsonObject{{"role"_L1, u"system"_s}, {"content"_L1, systemPrompt}}};
    for (const QJsonValue &m : trace.value("history"_L1).toArray())
        messages.append(m);
    const QString question = trace.value("question"_L1).toString();
    messages.append(QJsonObject{{"role"_L1, u"user"_s}, {"content"_L1, question}});

    QJsonArray documents;
    QStringList contextText;
    for (const QJsonValue &d : trace.value("documents"_L1).toArray()) {
        const QJsonObject doc = d.toObject();
        documents.append(QJsonObject{{"page_content"_L1, doc.value("content"_L1)},
                                     {"metadata"_L1, QJsonObject{{"source"_L1, doc.value("source"_L1)}}}});
        contextText.append(doc.value("content"_L1).toString());
    }
    const QString answer = trace.value("answer"_L1).toString();
    const QString error = trace.value("error"_L1).toString();
    const int inputTokens = 420 + int(contextText.join(u' ').size() / 4);
    const int outputTokens = answer.isEmpty() ? 0 : 20 + int(answer.size() / 4);
    const QJsonObject usage{{"input_tokens"_L1, inputTokens},
                            {"output_tokens"_L1, outputTokens},
                            {"total_tokens"_L1, inputTokens + outputTokens}};
    const QString model = trace.value("model"_L1).toString();
    const QJsonObject metadata{{"eval_score"_L1, trace.value("eval_score"_L1)},
                               {"model"_L1, model},
                               {"customer_tier"_L1, trace.value("tier"_L1)},
                               {"user_id"_L1, u"user-%1"_s.arg(1000 + index * 37)},
                               {"conversation_id"_L1, u"conv-%1"_s.arg(5000 + index)},
                               {"app_version"_L1, u"2.14.0"_s}};

    auto run = [&](const Uuid &id, const QString &name, const QString &type,
                   const std::optional<Uuid> &parent, const Timestamp &from, const Timestamp &to,
                   const QJsonObject &inputs, const QJsonObject &outputs) {
        QJsonObject r{{"id"_L1, id.toString()},
                      {"trace_id"_L1, root.toString()},
                      {"name"_L1, name},
                      {"run_type"_L1, type},
                      {"session_name"_L1, project},
                      {"start_time"_L1, iso(from)},
                      {"end_time"_L1, iso(to)},
                      {"inputs"_L1, inputs},
                      {"outputs"_L1, outputs},
                      // The app's scores and ids belong to the trace, so only its root carries them.
                      {"extra"_L1, QJsonObject{{"metadata"_L1,
                                                id == root ? metadata : QJsonObject{{"model"_L1, model}}}}},
                      {"tags"_L1, QJsonArray{u"production"_s, u"rag-v3"_s}}};
        // The SDK sends each run's place in its trace; the children are found by it.
        const QString rootOrder = dottedOrderSegment(start, root);
        r.insert("dotted_order"_L1, id == root ? rootOrder : rootOrder + u'.' + dottedOrderSegment(from, id));
        if (parent)
            r.insert("parent_run_id"_L1, parent->toString());
        if (!error.isEmpty() && (id == root || id == llm))
            r.insert("error"_L1, error);
        return r;
    };
    QJsonObject rootOutputs;
    if (!answer.isEmpty())
        rootOutputs = QJsonObject{{"answer"_L1, answer}, {"usage_metadata"_L1, usage}};
    return QJsonArray{
        run(root, u"support_chat"_s, u"chain"_s, std::nullopt, start, end,
            QJsonObject{{"messages"_L1, messages}}, rootOutputs),
        run(retriever, u"help_center_search"_s, u"retriever"_s, root, start, retrieved,
            QJsonObject{{"query"_L1, question}}, QJsonObject{{"documents"_L1, documents}}),
        run(llm, model, u"llm"_s, root, retrieved, end,
            QJsonObject{{"messages"_L1, messages}, {"context"_L1, contextText.join(u"\n\n"_s)}},
            answer.isEmpty() ? QJsonObject{}
                             : QJsonObject{{"generations"_L1, QJsonArray{QJsonObject{{"text"_L1, answer}}}},
                                           {"usage_metadata"_L1, usage}}),
    };
}

Status ensureReviewerKey(AssayServer &server, Admin &admin, const QString &secret)
{
    auto users = admin.call(u"GET"_s, u"/admin/users"_s);
    if (!users)
        return users.error();
    QString userId;
    for (const QJsonValue &u : users->toArray())
        if (u.toObject().value("name"_L1).toString() == kReviewerName)
            userId = u.toObject().value("id"_L1).toString();
    if (userId.isEmpty()) {
        auto created = admin.call(u"POST"_s, u"/admin/users"_s,
                                  QJsonObject{{"name"_L1, kReviewerName}, {"role"_L1, u"reviewer"_s}});
        if (!created)
            return created.error();
        userId = created->toObject().value("id"_L1).toString();
    }
    NewApiKey key = apiKeyFromSecret(secret, u"demo reviewer"_s, u"reviewer"_s);
    key.record.userId = userId;
    Store &store = server.store();
    if (Status begun = store.begin(); !begun)
        return begun;
    if (auto ensured = ensureApiKey(store, key, u"system:demo"_s); !ensured) {
        store.rollback();
        return ensured.error();
    }
    return store.commit();
}

} // namespace

Result<DemoResult> addDemoProject(AssayServer &server, const DemoOptions &options)
{
    if (options.adminKey.isEmpty())
        return Error{
            u"the demo needs an admin key: pass --bootstrap-admin-key (or set ASSAY_BOOTSTRAP_ADMIN_KEY)"_s,
            {}};
    if (options.reviewerKey.size() < 16)
        return Error{u"the demo reviewer's key must be at least 16 characters"_s, {}};
    auto data = demoData();
    if (!data)
        return data.error();
    Admin admin(server, options.adminKey);
    if (Status key = ensureReviewerKey(server, admin, options.reviewerKey); !key)
        return key.error();

    const QJsonObject queueSpec = data->value("queue"_L1).toObject();
    const QString queueName = queueSpec.value("name"_L1).toString();
    DemoResult result;
    auto existing = admin.call(u"GET"_s, u"/annotation-queues?name="_s + queueName);
    if (!existing)
        return existing.error();
    if (!existing->toArray().isEmpty()) {
        const QJsonObject q = existing->toArray().first().toObject();
        result.queueId = q.value("id"_L1).toString();
        result.items = q.value("total_runs"_L1).toInt();
        return result;
    }

    auto queue = admin.call(u"POST"_s, u"/annotation-queues"_s, queueSpec);
    if (!queue)
        return queue.error();
    result.queueId = queue->toObject().value("id"_L1).toString();
    if (auto assigned =
            admin.call(u"PUT"_s, u"/annotation-queues/%1/reviewers/%2"_s.arg(result.queueId, kReviewerName));
        !assigned)
        return assigned.error();
    for (const QJsonValue &rule : data->value("rules"_L1).toArray()) {
        QJsonObject r = rule.toObject();
        r.insert("queue_id"_L1, result.queueId);
        if (auto made = admin.call(u"POST"_s, u"/routing-rules"_s, r); !made)
            return made.error();
    }

    // The traces of this morning, a few minutes apart, as the SDK would batch them.
    const QString project = data->value("project"_L1).toString();
    const QString systemPrompt = data->value("system_prompt"_L1).toString();
    const QJsonArray traces = data->value("traces"_L1).toArray();
    const qint64 firstStart = Timestamp::now().micros() - qint64(traces.size()) * 7 * 60'000'000;
    QJsonArray posts;
    QList<std::pair<QString, QString>> ratings; // root run id, rating
    for (qsizetype i = 0; i < traces.size(); ++i) {
        const QJsonObject trace = traces[i].toObject();
        const QJsonArray runs = traceRuns(trace, systemPrompt, project, int(i),
                                          Timestamp::fromMicros(firstStart + qint64(i) * 7 * 60'000'000));
        for (const QJsonValue &r : runs)
            posts.append(r);
        if (trace.value("user_rating"_L1).isString())
            ratings.append({runs.first().toObject().value("id"_L1).toString(),
                            trace.value("user_rating"_L1).toString()});
    }
    if (auto sent = admin.call(u"POST"_s, u"/runs/batch"_s, QJsonObject{{"post"_L1, posts}}, {200, 202});
        !sent)
        return sent.error();
    for (const auto &[runId, rating] : ratings) {
        const QJsonObject feedback{{"run_id"_L1, runId},
                                   {"key"_L1, u"user_rating"_s},
                                   {"value"_L1, rating},
                                   {"score"_L1, rating == u"positive" ? 1 : 0},
                                   {"comment"_L1, u"thumbs down in the help widget"_s}};
        if (auto sent = admin.call(u"POST"_s, u"/feedback"_s, feedback); !sent)
            return sent.error();
    }
    auto routed = admin.call(u"GET"_s, u"/annotation-queues/"_s + result.queueId);
    if (!routed)
        return routed.error();
    result.items = routed->toObject().value("total_runs"_L1).toInt();
    result.created = true;
    return result;
}

} // namespace assay::server
