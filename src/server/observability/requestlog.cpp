#include "requestlog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>

#include <cstdio>

namespace assay::server {

using namespace Qt::StringLiterals;

namespace {

QString nowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QByteArray jsonLine(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

void jsonMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    static const char *const levels[] = {"debug", "warning", "critical", "fatal", "info"};
    QJsonObject line{
        {"time"_L1, nowIso()}, {"level"_L1, QString::fromLatin1(levels[type])}, {"msg"_L1, message}};
    if (context.category && qstrcmp(context.category, "default") != 0)
        line.insert("category"_L1, QString::fromLatin1(context.category));
    writeLogLine(jsonLine(line));
}

} // namespace

Result<LogFormat> parseLogFormat(const QString &text)
{
    if (text.isEmpty() || text == u"text")
        return LogFormat::Text;
    if (text == u"json")
        return LogFormat::Json;
    return Error{u"--log-format expects text or json, not '%1'"_s.arg(text), {}};
}

QByteArray requestLogLine(LogFormat format, const RequestRecord &r)
{
    const double ms = r.seconds * 1000;
    if (format == LogFormat::Json)
        return jsonLine(QJsonObject{{"time"_L1, nowIso()},
                                    {"level"_L1, u"info"_s},
                                    {"msg"_L1, u"request"_s},
                                    {"request_id"_L1, QString::fromLatin1(r.requestId)},
                                    {"method"_L1, r.method},
                                    {"route"_L1, r.route},
                                    {"status"_L1, r.status},
                                    {"duration_ms"_L1, qRound(ms * 100) / 100.0},
                                    {"principal"_L1, r.principal},
                                    {"remote"_L1, r.remoteAddress}});
    if (format == LogFormat::Text)
        return u"%1 %2 %3 %4 %5 ms %6 %7 id=%8\n"_s.arg(nowIso(), r.method, r.route)
            .arg(r.status)
            .arg(ms, 0, 'f', 1)
            .arg(r.principal, r.remoteAddress, QString::fromLatin1(r.requestId))
            .toUtf8();
    return {};
}

void writeLogLine(const QByteArray &line)
{
    static QMutex mutex;
    QMutexLocker lock(&mutex);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

void logQtMessagesAsJson()
{
    qInstallMessageHandler(jsonMessageHandler);
}

} // namespace assay::server
