#include "uuid.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>

#include <array>
#include <mutex>

namespace assay {

namespace {

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

QString describeChar(QChar c)
{
    if (c.isPrint())
        return QStringLiteral("'%1'").arg(c);
    return QStringLiteral("U+%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
}

} // namespace

Result<Uuid> Uuid::parse(QStringView text)
{
    QStringView body = text;
    int offset = 0; // position of body within text, so error positions refer to what the user wrote
    if (body.startsWith(u"urn:uuid:", Qt::CaseInsensitive)) {
        body = body.mid(9);
        offset = 9;
    } else if (body.startsWith(u'{')) {
        if (!body.endsWith(u'}'))
            return Error{QStringLiteral("opening '{' without a closing '}'"), {}};
        body = body.mid(1, body.size() - 2);
        offset = 1;
    }
    const bool hyphenated = body.size() == 36;
    if (!hyphenated && body.size() != 32) {
        if (text.isEmpty())
            return Error{QStringLiteral("expected a UUID, got an empty string"), {}};
        return Error{
            QStringLiteral("expected a UUID of 36 characters (8-4-4-4-12 hex digits), got %1 characters")
                .arg(text.size()),
            {}};
    }
    std::array<uchar, 16> bytes{};
    int nibble = 0;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body[i];
        if (hyphenated && (i == 8 || i == 13 || i == 18 || i == 23)) {
            if (c != u'-')
                return Error{QStringLiteral("expected '-' at position %1, got %2")
                                 .arg(i + offset + 1)
                                 .arg(describeChar(c)),
                             {}};
            continue;
        }
        const int v = hexValue(c);
        if (v < 0)
            return Error{
                QStringLiteral("invalid character %1 at position %2; a UUID has only hex digits and '-'")
                    .arg(describeChar(c))
                    .arg(i + offset + 1),
                {}};
        bytes[nibble / 2] = static_cast<uchar>(bytes[nibble / 2] | (nibble % 2 == 0 ? v << 4 : v));
        ++nibble;
    }
    return Uuid(QUuid::fromRfc4122(QByteArrayView(bytes.data(), bytes.size())));
}

Uuid Uuid::v7()
{
    // RFC 9562 §6.2 method 1: a 12-bit counter in rand_a keeps ids monotonic within one millisecond.
    static std::mutex mutex;
    static qint64 lastMs = 0;
    static quint16 counter = 0;

    qint64 ms = QDateTime::currentMSecsSinceEpoch();
    quint16 seq = 0;
    {
        std::lock_guard lock(mutex);
        if (ms <= lastMs) {
            ms = lastMs;
            if (++counter > 0x0fff) { // counter exhausted: borrow the next millisecond
                ++ms;
                counter = 0;
            }
        } else {
            counter = static_cast<quint16>(QRandomGenerator::system()->bounded(0x0800));
        }
        lastMs = ms;
        seq = counter;
    }
    std::array<uchar, 16> b{};
    for (int i = 0; i < 6; ++i)
        b[i] = static_cast<uchar>(ms >> (8 * (5 - i)));
    b[6] = static_cast<uchar>(0x70 | ((seq >> 8) & 0x0f));
    b[7] = static_cast<uchar>(seq & 0xff);
    const quint64 random = QRandomGenerator::system()->generate64();
    for (int i = 0; i < 8; ++i)
        b[8 + i] = static_cast<uchar>(random >> (8 * i));
    b[8] = static_cast<uchar>(0x80 | (b[8] & 0x3f));
    return Uuid(QUuid::fromRfc4122(QByteArrayView(b.data(), b.size())));
}

Uuid Uuid::v5(const Uuid &ns, QByteArrayView name)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(ns.toRfc4122());
    sha1.addData(name);
    QByteArray digest = sha1.result().left(16);
    digest[6] = static_cast<char>((digest[6] & 0x0f) | 0x50);
    digest[8] = static_cast<char>((digest[8] & 0x3f) | 0x80);
    return Uuid(QUuid::fromRfc4122(digest));
}

} // namespace assay
