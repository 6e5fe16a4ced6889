#include "testdata.h"

#include <QFile>
#include <QJsonDocument>

#include <stdexcept>

namespace assay::test {

QString dataPath(const QString &relative)
{
    // The build bakes in the source tree's tests/data; the environment may point elsewhere.
    const QByteArray root = qEnvironmentVariableIsSet("ASSAY_TEST_DATA_DIR")
                                ? qgetenv("ASSAY_TEST_DATA_DIR")
                                : QByteArray(ASSAY_TEST_DATA_DIR);
    return QString::fromLocal8Bit(root) + QLatin1Char('/') + relative;
}

QList<WireRequest> loadWire(const QString &fileName)
{
    return loadWireFile(dataPath(QStringLiteral("langsmith-wire/") + fileName));
}

QList<WireRequest> loadWireFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open " + file.fileName().toStdString());
    QList<WireRequest> requests;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QJsonObject headers = o.value(QLatin1StringView("headers")).toObject();
        requests.append({o.value(QLatin1StringView("method")).toString(),
                         o.value(QLatin1StringView("url")).toString(),
                         headers.value(QLatin1StringView("content-type")).toString().toUtf8(),
                         o.value(QLatin1StringView("body")).toString().toUtf8(),
                         o.value(QLatin1StringView("origin")).toString()});
    }
    return requests;
}

} // namespace assay::test
