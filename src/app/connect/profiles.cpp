#include "profiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

namespace assay::app {

using namespace Qt::StringLiterals;

namespace {
const QString kAddresses = u"profiles/addresses"_s;
constexpr qsizetype kRemembered = 10;
} // namespace

Profiles::Profiles(QSettings &settings)
    : m_settings(settings)
{
}

QStringList Profiles::addresses() const
{
    return m_settings.value(kAddresses).toStringList();
}

std::optional<QString> Profiles::last() const
{
    const QStringList all = addresses();
    return all.isEmpty() ? std::nullopt : std::optional(all.first());
}

void Profiles::remember(const QString &address)
{
    QStringList all = addresses();
    all.removeAll(address);
    all.prepend(address);
    m_settings.setValue(kAddresses, all.mid(0, kRemembered));
}

QString Profiles::dataDirectory(const QString &address, const QString &root)
{
    const QUrl url(address);
    QString slug = url.host() + u'-' + QString::number(url.port(url.scheme() == u"https" ? 443 : 80));
    slug.replace(QRegularExpression(u"[^A-Za-z0-9.-]"_s), u"_"_s);
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(address.toUtf8(), QCryptographicHash::Sha1).toHex().left(8));
    const QString base = root.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) : root;
    return QDir(base).filePath(u"profiles/"_s + slug + u'-' + hash);
}

QUrl Profiles::apiRoot(const QString &typed)
{
    QString text = typed.trimmed();
    if (text.isEmpty())
        return {};
    if (!text.contains(u"://"_s)) {
        const bool local = text.startsWith(u"localhost"_s) || text.startsWith(u"127."_s);
        text = (local ? u"http://"_s : u"https://"_s) + text;
    }
    QUrl url(text);
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    if (path.isEmpty())
        path = u"/api/v1"_s;
    url.setPath(path);
    return url;
}

} // namespace assay::app
