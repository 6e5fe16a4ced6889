#include "peopleadmin.h"

#include "api/certificatepins.h"

#include "queueeditor/queueadmin.h"

#include <QJsonArray>

#include <memory>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

// Runs `step` for each element one after another; `done` with the first failure or Ok.
template<typename T>
void eachInTurn(const QList<T> &items, std::function<void(const T &, std::function<void(Status)>)> step,
                std::function<void(Status)> done, qsizetype from = 0)
{
    if (from >= items.size()) {
        done(Ok{});
        return;
    }
    step(items[from], [items, step, done, from](Status s) {
        if (!s) {
            done(s);
            return;
        }
        eachInTurn(items, step, done, from + 1);
    });
}

void createKey(ApiClient &api, const Uuid &userId, const QString &name,
               std::function<void(Result<Invitation>)> done)
{
    api.post(u"/admin/keys"_s, QJsonObject{{"name"_L1, name}, {"user_id"_L1, userId.toString()}},
             [&api, name, done = std::move(done)](const ApiReply &reply) {
                 if (!reply.ok()) {
                     done(replyError(reply));
                     return;
                 }
                 // A server trusted by its fingerprint here is trusted by the same one there.
                 done(Invitation{api.baseUrl().toString(),
                                 reply.body.toObject().value("key"_L1).toString().toUtf8(), QString(),
                                 CertificatePins::global().pinFor(api.baseUrl()).value_or(QByteArray())});
             });
}

} // namespace

void invitePerson(ApiClient &api, const QString &name, const QString &email, const QString &role,
                  const QList<Uuid> &queues, std::function<void(Result<Invited>)> done)
{
    QJsonObject user{{"name"_L1, name.trimmed()}, {"role"_L1, role}};
    if (!email.trimmed().isEmpty())
        user.insert("email"_L1, email.trimmed());
    api.post(u"/admin/users"_s, user, [&api, name, queues, done = std::move(done)](const ApiReply &reply) {
        if (!reply.ok()) {
            done(replyError(reply));
            return;
        }
        const auto created = Uuid::parse(reply.body.toObject().value("id"_L1).toString());
        if (!created) {
            done(Error{created.error().message, u"id"_s});
            return;
        }
        const Uuid userId = *created;
        createKey(api, userId, name.trimmed(), [&api, userId, name, queues, done](Result<Invitation> key) {
            if (!key) {
                done(key.error());
                return;
            }
            Invitation invitation = *key;
            invitation.name = name.trimmed();
            eachInTurn<Uuid>(
                queues,
                [&api, userId](const Uuid &queue, std::function<void(Status)> next) {
                    setAssigned(api, queue, userId, true, std::move(next));
                },
                [userId, invitation, done](Status assigned) {
                    if (!assigned)
                        done(assigned.error());
                    else
                        done(Invited{userId, invitation});
                });
        });
    });
}

void setAssigned(ApiClient &api, const Uuid &queueId, const Uuid &userId, bool assigned,
                 std::function<void(Status)> done)
{
    api.request(assigned ? "PUT" : "DELETE",
                u"/annotation-queues/%1/reviewers/%2"_s.arg(queueId.toString(), userId.toString()), {},
                [done = std::move(done)](const ApiReply &reply) { done(statusOf(reply)); });
}

void assignedQueues(ApiClient &api, const Uuid &userId, const QList<Uuid> &queues,
                    std::function<void(Result<QSet<Uuid>>)> done)
{
    auto found = std::make_shared<QSet<Uuid>>();
    eachInTurn<Uuid>(
        queues,
        [&api, userId, found](const Uuid &queue, std::function<void(Status)> next) {
            api.get(u"/annotation-queues/%1/reviewers"_s.arg(queue.toString()),
                    [queue, userId, found, next = std::move(next)](const ApiReply &reply) {
                        if (!reply.ok()) {
                            next(replyError(reply));
                            return;
                        }
                        if (reply.body.toArray().contains(userId.toString()))
                            found->insert(queue);
                        next(Ok{});
                    });
        },
        [found, done = std::move(done)](Status s) {
            if (!s)
                done(s.error());
            else
                done(*found);
        });
}

void setDisabled(ApiClient &api, const Uuid &userId, bool disabled, std::function<void(Status)> done)
{
    api.request("PATCH", u"/admin/users/%1"_s.arg(userId.toString()), QJsonObject{{"disabled"_L1, disabled}},
                [done = std::move(done)](const ApiReply &reply) { done(statusOf(reply)); });
}

void rotateKey(ApiClient &api, const Uuid &userId, std::function<void(Result<Invitation>)> done)
{
    api.get(u"/admin/users/%1"_s.arg(userId.toString()),
            [&api, userId, done = std::move(done)](const ApiReply &reply) {
                if (!reply.ok()) {
                    done(replyError(reply));
                    return;
                }
                const QJsonObject user = reply.body.toObject();
                QList<QString> oldKeys;
                for (const QJsonValue &k : user.value("keys"_L1).toArray())
                    if (k.toObject().value("revoked_at"_L1).isNull())
                        oldKeys.append(k.toObject().value("id"_L1).toString());
                const QString name = user.value("name"_L1).toString();
                createKey(api, userId, name, [&api, name, oldKeys, done](Result<Invitation> key) {
                    if (!key) {
                        done(key.error());
                        return;
                    }
                    Invitation invitation = *key;
                    invitation.name = name;
                    eachInTurn<QString>(
                        oldKeys,
                        [&api](const QString &keyId, std::function<void(Status)> next) {
                            api.request("DELETE", u"/admin/keys/%1"_s.arg(keyId), {},
                                        [next = std::move(next)](const ApiReply &r) { next(statusOf(r)); });
                        },
                        [invitation, done](Status revoked) {
                            if (!revoked)
                                done(revoked.error());
                            else
                                done(invitation);
                        });
                });
            });
}

} // namespace assay::client
