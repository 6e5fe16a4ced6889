#include "apiclient.h"

#include "certificatepins.h"
#include "clientinfo.h"

#include "core/uuid.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace assay::client {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kKeptFailures = 20;

} // namespace

ApiClient::ApiClient(const QUrl &baseUrl, const QByteArray &apiKey, QObject *parent)
    : QObject(parent)
    , m_baseUrl(baseUrl)
    , m_apiKey(apiKey)
{
    m_network.setAutoDeleteReplies(true);
    // Verification stays on; a server pinned by its certificate's fingerprint is the one exception.
    connect(&m_network, &QNetworkAccessManager::sslErrors, this,
            [this](QNetworkReply *reply, const QList<QSslError> &errors) {
                const auto pin = CertificatePins::global().pinFor(m_baseUrl);
                if (pin && pinExcuses(errors, reply->sslConfiguration().peerCertificate(), *pin))
                    reply->ignoreSslErrors(errors);
            });
}

void ApiClient::get(const QString &pathAndQuery, Callback done)
{
    send("GET", pathAndQuery, {}, std::move(done));
}

void ApiClient::post(const QString &path, const QJsonObject &body, Callback done)
{
    send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(done));
}

void ApiClient::request(const QByteArray &method, const QString &path, const QJsonValue &body, Callback done)
{
    QByteArray bytes;
    if (body.isObject())
        bytes = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    else if (body.isArray())
        bytes = QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
    send(method, path, bytes, std::move(done));
}

QNetworkRequest ApiClient::requestFor(const QString &path, const QByteArray &requestId) const
{
    QString base = m_baseUrl.toString();
    if (base.endsWith(u'/'))
        base.chop(1);
    QNetworkRequest request(QUrl(base + path));
    request.setRawHeader("x-api-key", m_apiKey);
    request.setRawHeader("x-request-id", requestId);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setTransferTimeout(m_timeoutMs);
    return request;
}

QNetworkReply *ApiClient::download(const QString &pathAndQuery)
{
    return m_network.get(requestFor(pathAndQuery, Uuid::v7().toString().toLatin1()));
}

void ApiClient::send(const QByteArray &method, const QString &path, const QByteArray &body, Callback done)
{
    const QByteArray requestId = Uuid::v7().toString().toLatin1();
    QNetworkRequest request = requestFor(path, requestId);
    request.setRawHeader("accept", "application/json");
    if (!body.isEmpty() || method == "POST")
        request.setRawHeader("content-type", "application/json");
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    ++m_inFlight;
    connect(reply, &QNetworkReply::finished, this, [this, reply, requestId, done = std::move(done)] {
        --m_inFlight;
        const ApiReply r = classifyReply(reply->error(), reply->errorString(),
                                         reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                                         reply->readAll(), reply->rawHeader("retry-after"), requestId);
        if (!r.ok()) {
            m_failures.append(r);
            if (m_failures.size() > kKeptFailures)
                m_failures.removeFirst();
            emit requestFailed(r);
        }
        done(r);
    });
}

QList<QJsonArray> splitBySize(const QList<QJsonObject> &items, qsizetype maxBytes)
{
    QList<QJsonArray> batches;
    QJsonArray current;
    qsizetype size = 2; // []
    for (const QJsonObject &item : items) {
        const qsizetype itemSize =
            QJsonDocument(item).toJson(QJsonDocument::Compact).size() + 1; // and a comma
        if (!current.isEmpty() && size + itemSize > maxBytes) {
            batches.append(current);
            current = QJsonArray();
            size = 2;
        }
        current.append(item);
        size += itemSize;
    }
    if (!current.isEmpty())
        batches.append(current);
    return batches;
}

} // namespace assay::client
