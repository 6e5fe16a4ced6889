#pragma once

// assay-server's settings and where each came from. Every setting can be given three ways, and the
// first that names it wins:
//   1. a flag (--listen 0.0.0.0:1984),
//   2. an environment variable ($ASSAY_LISTEN), what systemd's EnvironmentFile= and containers use,
//   3. the configuration file: --config FILE, else $ASSAY_CONFIG, else /etc/assay-server.conf when it
//      exists; lines "listen = 0.0.0.0:1984", '#' comments, the flags' names without the dashes.
// Then the default. `assay-server config show` prints the result in the file's own syntax, secrets masked.

#include "core/result.h"

#include <QHash>
#include <QList>
#include <QProcessEnvironment>
#include <QStringList>

class QCommandLineParser;

namespace assay::server {

enum class SettingKind {
    Text,   // one value
    List,   // repeatable flag; comma-separated in the environment and the file
    Switch, // a flag without value; true/false (1/0, yes/no, on/off) in the environment and the file
};

struct SettingSpec {
    QLatin1StringView name; // the flag without dashes, and the file's key
    const char *env;
    SettingKind kind = SettingKind::Text;
    bool secret = false;            // masked by config show
    QLatin1StringView shownDefault; // what config show prints when nothing sets it
};

// The settings `serve` and the maintenance commands read, in the order config show prints them.
const QList<SettingSpec> &serverSettings();

// "/etc/assay-server.conf": read when neither --config nor $ASSAY_CONFIG names a file.
QString defaultConfigPath();

struct SettingValue {
    QStringList values; // one for Text; any number for List; "true"/"false" for Switch
    QString origin;     // "--listen", "$ASSAY_LISTEN", "/etc/assay-server.conf:3", or "default"
    bool isSet() const { return origin != u"default"; }
};

class Settings {
public:
    // Reads the flags that parser saw, then `environment`, then the configuration file (an explicit
    // path that cannot be read is an error; the default one may be absent). A bad line, an unknown
    // key, a key given twice or a switch that is neither true nor false is an error naming FILE:LINE.
    static Result<Settings> load(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                                 const QString &explicitConfigPath);

    SettingValue lookup(QLatin1StringView name) const;
    QString value(QLatin1StringView name) const { return lookup(name).values.value(0); }
    QStringList values(QLatin1StringView name) const { return lookup(name).values; }
    bool enabled(QLatin1StringView name) const { return value(name) == u"true"; }

    // Every setting as lines of a configuration file, with where it came from; secrets and database
    // passwords masked.
    QString show() const;

private:
    struct Given {
        QStringList values;
        QString origin;
    };
    QHash<QString, Given> m_flags, m_environment, m_file;
    QString m_configPath;
};

} // namespace assay::server
