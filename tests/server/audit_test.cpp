// The audit log on SQLite and PostgreSQL: every change recorded with who, before and after; the hash
// chain catches edited, deleted entries; a failed request records nothing.

#include "serverharness.h"

#include "audit/auditlog.h"
#include "core/jsonwriter.h"
#include "servercli.h"

#include <printers.h>

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

using namespace assay;
using namespace assay::test;
using namespace Qt::StringLiterals;

namespace {

class AuditLog : public ServerTest {
protected:
    void SetUp() override
    {
        ServerTest::SetUp();
        if (IsSkipped() || HasFatalFailure())
            return;
        // Each test reads the chain from its first entry: the bootstrap key's (tested in servercli_test)
        // is taken out, so the log starts empty.
        sql(u"DELETE FROM audit_log"_s);
    }
    QJsonArray entries() { return srv().get(u"/audit?limit=1000"_s).array(); }
    QJsonObject verify() { return srv().get(u"/audit/verify"_s).object(); }
    void sql(const QString &statement)
    {
        QSqlQuery q(srv().server().store().database());
        ASSERT_TRUE(q.exec(statement)) << statement.toStdString();
    }

    void makeChanges()
    {
        const QString queue = srv()
                                  .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"review"_s}})
                                  .object()
                                  .value("id"_L1)
                                  .toString();
        ASSERT_EQ(
            srv().patch(u"/annotation-queues/"_s + queue, QJsonObject{{"name"_L1, u"review-2"_s}}).status,
            200);
        const QString rule =
            srv()
                .post(u"/routing-rules"_s, QJsonObject{{"name"_L1, u"low"_s},
                                                       {"queue_id"_L1, queue},
                                                       {"filter"_L1, u"metadata.eval_score < 0.5"_s}})
                .object()
                .value("id"_L1)
                .toString();
        ASSERT_EQ(srv().patch(u"/routing-rules/"_s + rule, QJsonObject{{"enabled"_L1, false}}).status, 200);
        ASSERT_EQ(srv()
                      .post(u"/feedback-configs"_s,
                            QJsonObject{{"feedback_key"_L1, u"note"_s},
                                        {"feedback_config"_L1, QJsonObject{{"type"_L1, u"freeform"_s}}}})
                      .status,
                  200);
        ASSERT_EQ(srv().del(u"/routing-rules/"_s + rule).status, 204);
        ASSERT_EQ(srv().del(u"/annotation-queues/"_s + queue).status, 204);
    }
};

} // namespace

TEST_P(AuditLog, RecordsWhoChangedWhatFromWhatToWhat)
{
    makeChanges();
    const QJsonArray log = entries();
    ASSERT_EQ(log.size(), 7);
    QStringList actions;
    for (qsizetype i = 0; i < log.size(); ++i) {
        const QJsonObject e = log.at(i).toObject();
        EXPECT_EQ(e.value("seq"_L1).toInt(), i + 1);
        EXPECT_TRUE(e.value("actor"_L1).toString().startsWith(u"key:"_s));
        actions.append(e.value("entity"_L1).toString() + u'.' + e.value("action"_L1).toString());
    }
    EXPECT_EQ(actions, (QStringList{u"queue.create"_s, u"queue.update"_s, u"routing_rule.create"_s,
                                    u"routing_rule.update"_s, u"feedback_config.create"_s,
                                    u"routing_rule.delete"_s, u"queue.delete"_s}));
    const QJsonObject rename = log.at(1).toObject();
    EXPECT_EQ(rename.value("before"_L1).toObject().value("name"_L1).toString(), u"review"_s);
    EXPECT_EQ(rename.value("after"_L1).toObject().value("name"_L1).toString(), u"review-2"_s);
    EXPECT_TRUE(log.at(6).toObject().value("after"_L1).isNull());
    EXPECT_EQ(log.at(1).toObject().value("prev_hash"_L1), log.at(0).toObject().value("hash"_L1));
    EXPECT_EQ(srv().get(u"/audit?after=5"_s).array().size(), 2);

    const QJsonObject ok = verify();
    EXPECT_EQ(ok.value("intact"_L1), QJsonValue(true));
    EXPECT_EQ(ok.value("entries"_L1).toInt(), 7);
    EXPECT_EQ(ok.value("last_hash"_L1), log.at(6).toObject().value("hash"_L1));
}

TEST_P(AuditLog, AFailedChangeRecordsNothing)
{
    const QString queue = srv()
                              .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"q"_s}})
                              .object()
                              .value("id"_L1)
                              .toString();
    EXPECT_EQ(
        srv().patch(u"/annotation-queues/"_s + queue, QJsonObject{{"reservation_minutes"_L1, 0}}).status,
        400);
    EXPECT_EQ(srv()
                  .post(u"/routing-rules"_s,
                        QJsonObject{{"name"_L1, u"r"_s}, {"queue_id"_L1, queue}, {"filter"_L1, u"("_s}})
                  .status,
              400);
    EXPECT_EQ(entries().size(), 1);
}

TEST_P(AuditLog, AnEditedEntryBreaksTheChain)
{
    makeChanges();
    sql(u"UPDATE audit_log SET actor = 'key:someone-else' WHERE seq = 2"_s);
    const QJsonObject broken = verify();
    EXPECT_EQ(broken.value("intact"_L1), QJsonValue(false));
    EXPECT_EQ(broken.value("detail"_L1).toString(),
              u"entry 2 was changed after it was written: its hash does not match its content"_s);
}

TEST_P(AuditLog, ADeletedOrRewrittenTailIsCaught)
{
    makeChanges();
    sql(u"DELETE FROM audit_log WHERE seq = 3"_s);
    EXPECT_EQ(verify().value("detail"_L1).toString(),
              u"entry 3 is missing (the next entry is 4): entries were deleted"_s);
    // Renumbering to hide the gap breaks the links instead.
    sql(u"UPDATE audit_log SET seq = seq - 1 WHERE seq > 3"_s);
    EXPECT_EQ(verify().value("detail"_L1).toString(),
              u"entry 3 does not follow entry 2: its previous hash differs"_s);
}

TEST_P(AuditLog, EntriesHashedInTheFormatBeforeSchema12StillVerify)
{
    // An entry as servers before schema 12 wrote it: format 1, hashed over Qt's re-encoding.
    server::Store &store = srv().server().store();
    server::AuditEntry old;
    old.seq = 1;
    old.at = Timestamp::now();
    old.actor = u"cli"_s;
    old.action = u"create"_s;
    old.entity = u"queue"_s;
    old.entityId = u"q-1"_s;
    old.before = QJsonValue(QJsonValue::Null);
    old.after = QJsonObject{{"name"_L1, u"line one\nline two"_s}, {"size"_L1, 3}};
    old.afterDoc = compactJson(old.after);
    old.hashFormat = 1;
    old.prevHash = QString(64, u'0');
    old.hash = server::auditHash(old);
    ASSERT_TRUE(store.insertAuditEntry(old));
    makeChanges(); // format 2 from here on, chained to the old entry

    const QJsonArray log = entries();
    ASSERT_EQ(log.size(), 8);
    EXPECT_EQ(log.at(0).toObject().value("hash_format"_L1).toInt(), 1);
    EXPECT_EQ(log.at(1).toObject().value("hash_format"_L1).toInt(), 2);
    EXPECT_EQ(log.at(1).toObject().value("prev_hash"_L1).toString(), old.hash);
    EXPECT_EQ(verify().value("intact"_L1), QJsonValue(true))
        << verify().value("detail"_L1).toString().toStdString();

    // Claiming the other format does not pass for the same content.
    sql(u"UPDATE audit_log SET hash_format = 2 WHERE seq = 1"_s);
    EXPECT_EQ(verify().value("detail"_L1).toString(),
              u"entry 1 was changed after it was written: its hash does not match its content"_s);
}

TEST_P(AuditLog, FormatTwoHashesTheStoredBytes)
{
    makeChanges();
    ASSERT_EQ(verify().value("intact"_L1), QJsonValue(true));
    // The same JSON, spelled with a space: a different stored document, so a different entry.
    const QJsonObject second = entries().at(1).toObject();
    const QByteArray respelled = compactJson(second.value("after"_L1)).replace("{\"", "{ \"");
    QSqlQuery q(srv().server().store().database());
    ASSERT_TRUE(q.prepare(u"UPDATE audit_log SET after_doc = ? WHERE seq = 2"_s));
    q.addBindValue(respelled);
    ASSERT_TRUE(q.exec());
    EXPECT_EQ(entries().at(1).toObject().value("after"_L1), second.value("after"_L1)) << "same content";
    EXPECT_EQ(verify().value("detail"_L1).toString(),
              u"entry 2 was changed after it was written: its hash does not match its content"_s);
}

TEST(AuditLogCli, VerifyExitsNonZeroOnABrokenChain)
{
    ServerHarness srv(Dialect::Sqlite);
    ASSERT_TRUE(srv.started());
    ASSERT_EQ(srv.post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"q"_s}}).status, 200);
    ASSERT_EQ(srv.post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"r"_s}}).status, 200);
    const QString db = srv.server().store().url().path;
    auto run = [&](QString *out, QString *err) {
        QTextStream o(out), e(err);
        const int code =
            server::runCli({u"assay-server"_s, u"audit"_s, u"verify"_s, u"--database"_s, db}, o, e);
        o.flush();
        e.flush();
        return code;
    };
    QString out, err;
    EXPECT_EQ(run(&out, &err), 0) << err.toStdString();
    EXPECT_TRUE(out.startsWith(u"The audit log is intact: 3 entries"_s))
        << out.toStdString() << " (the bootstrap key and two queues)";
    QSqlQuery q(srv.server().store().database());
    ASSERT_TRUE(q.exec(u"UPDATE audit_log SET action = 'delete' WHERE seq = 1"_s));
    out.clear();
    EXPECT_EQ(run(&out, &err), 1);
    EXPECT_TRUE(err.contains(u"the audit log is broken: entry 1 was changed"_s)) << err.toStdString();
}

ASSAY_SERVER_TEST_SUITE(AuditLog);

// Security review, finding 16: what changes human-review data or access is audited.
TEST_P(AuditLog, ReviewDataAndAccessChangesAreAudited)
{
    const QString run = Uuid::v7().toString(), other = Uuid::v7().toString();
    for (const QString &id : {run, other})
        ASSERT_EQ(srv()
                      .post(u"/runs"_s,
                            QJsonObject{{"id"_L1, id}, {"name"_L1, u"r"_s}, {"session_name"_L1, u"doomed"_s}})
                      .status,
                  202);
    const QString queue = srv()
                              .post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"q"_s}})
                              .object()
                              .value("id"_L1)
                              .toString();
    ASSERT_EQ(srv().post(u"/annotation-queues/"_s + queue + u"/runs"_s, QJsonArray{run, other}).status, 200);
    const QString dataset =
        srv().post(u"/datasets"_s, QJsonObject{{"name"_L1, u"d"_s}}).object().value("id"_L1).toString();
    ASSERT_EQ(srv().patch(u"/datasets/"_s + dataset, QJsonObject{{"description"_L1, u"kept"_s}}).status, 200);
    const QString example =
        srv()
            .post(u"/datasets/"_s + dataset + u"/runs"_s, QJsonObject{{"run_ids"_L1, QJsonArray{run}}})
            .array()
            .at(0)
            .toObject()
            .value("id"_L1)
            .toString();
    ASSERT_EQ(srv().del(u"/examples/"_s + example).status, 204);
    ASSERT_EQ(srv().del(u"/datasets/"_s + dataset).status, 204);
    const QString project =
        srv().get(u"/sessions?name=doomed"_s).array().at(0).toObject().value("id"_L1).toString();
    ASSERT_EQ(srv().del(u"/sessions/"_s + project).status, 204);
    EXPECT_EQ(srv().request("GET", u"/sessions"_s, {}, "not-a-key").status, 401);

    QStringList seen;
    for (const QJsonValue &v : entries()) {
        const QJsonObject e = v.toObject();
        seen.append(e.value("entity"_L1).toString() + u'.' + e.value("action"_L1).toString());
    }
    EXPECT_EQ(seen.count(u"queue_item.add"_s), 2)
        << "an entry per item added: " << seen.join(u' ').toStdString();
    for (const QString &expected :
         {u"dataset.create"_s, u"dataset.update"_s, u"example.add"_s, u"example.delete"_s,
          u"dataset.delete"_s, u"project.delete"_s, u"authentication.authentication_failed"_s})
        EXPECT_TRUE(seen.contains(expected))
            << expected.toStdString() << " in " << seen.join(u' ').toStdString();
    EXPECT_EQ(verify().value("intact"_L1), QJsonValue(true));
}

namespace {

int auditCli(const QStringList &args, QString *out, QString *err)
{
    QTextStream o(out), e(err);
    const int code = server::runCli(QStringList{u"assay-server"_s, u"audit"_s} + args, o, e);
    o.flush();
    e.flush();
    return code;
}

} // namespace

TEST(AuditLogCli, AHeadKeptElsewhereCatchesACutTail)
{
    ServerHarness srv(Dialect::Sqlite);
    ASSERT_TRUE(srv.started());
    for (const QString &name : {u"a"_s, u"b"_s, u"c"_s})
        ASSERT_EQ(srv.post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, name}}).status, 200);
    const QString db = srv.server().store().url().path;
    QString head, err;
    ASSERT_EQ(auditCli({u"head"_s, u"--database"_s, db}, &head, &err), 0) << err.toStdString();
    head = head.trimmed();
    EXPECT_TRUE(head.startsWith(u"4:"_s)) << head.toStdString();
    EXPECT_EQ(head, srv.get(u"/audit/head"_s).object().value("head"_L1).toString());
    QSqlQuery q(srv.server().store().database());
    ASSERT_TRUE(q.exec(u"DELETE FROM audit_log WHERE seq >= 3"_s));
    QString out;
    EXPECT_EQ(auditCli({u"verify"_s, u"--database"_s, db}, &out, &err), 0)
        << "a cut tail leaves a valid chain: only a head kept elsewhere shows it";
    err.clear();
    EXPECT_EQ(auditCli({u"verify"_s, u"--database"_s, db, u"--expect-head"_s, head}, &out, &err), 1);
    EXPECT_TRUE(err.contains(u"entries were cut from its end"_s)) << err.toStdString();
}

TEST(AuditLogCli, AKeyedChainVerifiesOnlyWithItsKey)
{
    QTemporaryDir dir;
    const QByteArray key = "a-secret-kept-apart-from-the-database-4f9c2d";
    ServerHarness srv(Dialect::Sqlite, {}, {}, [&](server::ServerOptions &o) { o.auditKey = key; });
    ASSERT_TRUE(srv.started());
    ASSERT_EQ(srv.post(u"/annotation-queues"_s, QJsonObject{{"name"_L1, u"q"_s}}).status, 200);
    EXPECT_EQ(srv.get(u"/audit?limit=10"_s).array().last().toObject().value("hash_format"_L1).toInt(), 3);
    auto keyFile = [&](const QByteArray &contents) {
        QFile f(dir.filePath(u"key-%1"_s.arg(qHash(contents))));
        EXPECT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(contents + '\n');
        return f.fileName();
    };
    const QString db = srv.server().store().url().path;
    QString out, err;
    EXPECT_EQ(auditCli({u"verify"_s, u"--database"_s, db}, &out, &err), 1);
    EXPECT_TRUE(err.contains(u"keyed with an HMAC"_s)) << err.toStdString();
    EXPECT_EQ(
        auditCli({u"verify"_s, u"--database"_s, db, u"--audit-hmac-key-file"_s, keyFile(key)}, &out, &err), 0)
        << err.toStdString();
    err.clear();
    EXPECT_EQ(auditCli({u"verify"_s, u"--database"_s, db, u"--audit-hmac-key-file"_s,
                        keyFile("another-secret-of-the-same-length-0123456789")},
                       &out, &err),
              1);
    EXPECT_TRUE(err.contains(u"was changed after it was written"_s)) << err.toStdString();
    err.clear();
    EXPECT_EQ(auditCli({u"verify"_s, u"--database"_s, db, u"--audit-hmac-key-file"_s, keyFile("short")}, &out,
                       &err),
              1);
    EXPECT_TRUE(err.contains(u"shorter than 32 bytes"_s)) << err.toStdString();
}
