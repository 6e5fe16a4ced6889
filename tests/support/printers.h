#pragma once

// GoogleTest printers for Qt types, so a failed EXPECT_EQ shows the text, bytes or JSON instead of
// an object's raw bytes. Include this (via assaytest.h) before writing assertions on Qt types.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <ostream>

void PrintTo(const QString &value, std::ostream *os);
void PrintTo(const QStringView &value, std::ostream *os);
void PrintTo(const QByteArray &value, std::ostream *os);
void PrintTo(const QStringList &value, std::ostream *os);
void PrintTo(const QJsonValue &value, std::ostream *os);
void PrintTo(const QJsonObject &value, std::ostream *os);
void PrintTo(const QJsonArray &value, std::ostream *os);
