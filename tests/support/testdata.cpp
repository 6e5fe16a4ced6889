#include "testdata.h"

#include <QFile>
#include <QJsonDocument>

#include <stdexcept>

namespace assay::test {

QString dataPath(const QString &relative)
{
    const QByteArray root = qgetenv("ASSAY_TEST_DATA_DIR");
    if (root.isEmpty())
        throw std::runtime_error("ASSAY_TEST_DATA_DIR is not set; run the tests through ctest");
    return QString::fromLocal8Bit(root) + QLatin1Char('/') + relative;
}

QList<WireRequest> loadWire(const QString &fileName)
{
    QFile file(dataPath(QStringLiteral("langsmith-wire/") + fileName));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open " + file.fileName().toStdString());
    QList<WireRequest> requests;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        requests.append({o.value(QLatin1StringView("method")).toString(), o.value(QLatin1StringView("url")).toString(),
                         o.value(QLatin1StringView("body")).toString().toUtf8()});
    }
    return requests;
}

} // namespace assay::test
