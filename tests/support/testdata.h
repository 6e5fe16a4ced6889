#pragma once

#include "printers.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace assay::test {

// Absolute path of a file under tests/data.
QString dataPath(const QString &relative);

// One request captured from the official LangSmith SDK (tests/data/langsmith-wire/*.jsonl).
struct WireRequest {
    QString method;
    QString url;
    QByteArray contentType;
    QByteArray body;
    QString origin; // the SDK call that sends it, where the fixture says (wire-python-sdk.jsonl)
};
QList<WireRequest> loadWire(const QString &fileName); // a file under tests/data/langsmith-wire
QList<WireRequest> loadWireFile(const QString &path); // any file in the same format

} // namespace assay::test
