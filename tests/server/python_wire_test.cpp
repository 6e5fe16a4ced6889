// The official Python SDK's requests for the seed's workflow (tests/data/langsmith-wire/
// wire-python-sdk.jsonl, written from its source by python-sdk-shapes.py: the SDK cannot be installed
// here), replayed in order against the real server on SQLite and PostgreSQL: every one is accepted, and
// what they wrote reads back the way the Python SDK's models need it.

#include "serverharness.h"

#include <printers.h>
#include <testdata.h>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class PythonWire : public ServerTest {
protected:
    const QString project = u"0193a1b2-0000-7000-8000-00000000a001"_s;
    const QString root = u"0193a1b2-0000-7000-8000-00000000b001"_s;
    const QString other = u"0193a1b2-0000-7000-8000-00000000b003"_s;
    const QString queue = u"0193a1b2-0000-7000-8000-00000000d001"_s;

    // Replays the fixture; the answers by the SDK call that made each request (a call may repeat).
    QList<std::pair<QString, HttpResult>> replay()
    {
        QList<std::pair<QString, HttpResult>> answers;
        for (const WireRequest &r : loadWire(u"wire-python-sdk.jsonl"_s)) {
            const HttpResult answer = srv().request(r.method.toLatin1(), r.url.mid(7), r.body,
                                                    ServerHarness::kAdminKey, r.contentType);
            EXPECT_LT(answer.status, 300) << r.origin.toStdString() << ' ' << r.method.toStdString() << ' '
                                          << r.url.toStdString() << ": " << answer.body.toStdString();
            answers.append({r.origin, answer});
        }
        return answers;
    }
};

HttpResult answerOf(const QList<std::pair<QString, HttpResult>> &answers, const QString &origin, int nth = 0)
{
    for (const auto &[call, answer] : answers)
        if (call == origin && nth-- == 0)
            return answer;
    ADD_FAILURE() << "no answer for " << origin.toStdString();
    return {};
}

} // namespace

TEST_P(PythonWire, TheSeedWorkflowsRequestsAreAcceptedAndReadBackForPythonsModels)
{
    const auto answers = replay();
    ASSERT_FALSE(HasFailure());

    // create_project(upsert=True) twice: one project, the first id, its metadata kept.
    EXPECT_EQ(answerOf(answers, u"create_project"_s, 1).object().value("id"_L1).toString(), project);
    const QJsonArray projects = answerOf(answers, u"read_project"_s).array();
    ASSERT_EQ(projects.size(), 1);
    EXPECT_EQ(projects.at(0).toObject().value("id"_L1).toString(), project);
    EXPECT_EQ(answerOf(answers, u"list_projects"_s).array().size(), 1);

    // Naive timestamps are UTC; every run has a trace (Python's Run model refuses trace_id null).
    const QJsonObject run = answerOf(answers, u"read_run"_s).object();
    EXPECT_EQ(run.value("start_time"_L1).toString(), u"2026-11-30T08:00:00.123456Z"_s);
    EXPECT_EQ(run.value("end_time"_L1).toString(), u"2026-11-30T08:00:02.500000Z"_s);
    EXPECT_EQ(run.value("outputs"_L1).toObject().value("answer"_L1).toString(), u"Refunds take 5 days."_s);
    EXPECT_EQ(run.value("session_id"_L1).toString(), project);
    const QJsonObject posted = srv().get(u"/runs/"_s + other).object();
    EXPECT_EQ(posted.value("trace_id"_L1).toString(), other);
    EXPECT_EQ(posted.value("start_time"_L1).toString(), u"2026-11-30T08:05:00.000000Z"_s);
    const QJsonArray children =
        srv()
            .post(u"/runs/query"_s, QJsonObject{{"trace"_L1, root}, {"is_root"_L1, false}})
            .object()
            .value("runs"_L1)
            .toArray();
    ASSERT_EQ(children.size(), 1);
    EXPECT_EQ(children.at(0).toObject().value("parent_run_id"_L1).toString(), root);

    // Feedback: snake_case feedback_config registered, the server's clock and principal, listed by run.
    const QJsonObject fb = answerOf(answers, u"create_feedback"_s).object();
    EXPECT_EQ(fb.value("key"_L1).toString(), u"overall_quality"_s);
    EXPECT_NE(fb.value("created_at"_L1).toString(), u"2026-11-30T08:10:00.000001Z"_s)
        << "never from the body";
    EXPECT_FALSE(fb.value("feedback_source"_L1).toObject().value("user_id"_L1).toString().isEmpty());
    EXPECT_EQ(answerOf(answers, u"list_feedback"_s).array().size(), 1);
    EXPECT_EQ(srv().get(u"/feedback-configs?key=overall_quality"_s).array().size(), 1);

    // The queue: added by id and by key, listed, read by index, one removed by its run id.
    const QJsonArray queued = answerOf(answers, u"list_runs_from_annotation_queue"_s).array();
    ASSERT_EQ(queued.size(), 2);
    EXPECT_EQ(queued.at(0).toObject().value("id"_L1).toString(), root);
    EXPECT_EQ(answerOf(answers, u"get_run_from_annotation_queue"_s).object().value("id"_L1).toString(), root);
    EXPECT_EQ(srv().get(u"/annotation-queues/%1/size"_s.arg(queue)).object().value("size"_L1).toInt(), 1);
    EXPECT_EQ(answerOf(answers, u"list_annotation_queues"_s).array().size(), 1);
    EXPECT_EQ(answerOf(answers, u"create_dataset"_s).object().value("name"_L1).toString(),
              u"py-good-examples"_s);
}

ASSAY_SERVER_TEST_SUITE(PythonWire);
