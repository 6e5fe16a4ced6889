#pragma once

// The servers this reviewer has connected to (addresses only: keys live in the keychain), the last one
// used, and where each keeps its local store. An address typed as "review.example.com" or
// "http://host:1984" becomes the API root "https://review.example.com/api/v1", "http://host:1984/api/v1".

#include <QStringList>
#include <QUrl>

#include <optional>

class QSettings;

namespace assay::app {

class Profiles {
public:
    explicit Profiles(QSettings &settings);

    QStringList addresses() const; // most recent first
    std::optional<QString> last() const;
    void remember(const QString &address);

    // The profile's directory under the app's data location (or under `root` when given).
    static QString dataDirectory(const QString &address, const QString &root = {});
    static QUrl apiRoot(const QString &typed);

private:
    QSettings &m_settings;
};

} // namespace assay::app
