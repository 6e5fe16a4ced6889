#include "settings.h"

#include <QCommandLineParser>
#include <QFile>
#include <QRegularExpression>
#include <QUrl>

namespace assay::server {

using namespace Qt::StringLiterals;

const QList<SettingSpec> &serverSettings()
{
    static const QList<SettingSpec> specs{
        {"listen"_L1, "ASSAY_LISTEN", SettingKind::Text, false, "127.0.0.1:1984"_L1},
        {"database"_L1, "ASSAY_DATABASE_URL", SettingKind::Text, false,
         "assay.db in the user's data directory"_L1},
        {"bootstrap-admin-key-file"_L1, "ASSAY_BOOTSTRAP_ADMIN_KEY_FILE", SettingKind::Text, false, {}},
        {"bootstrap-admin-key"_L1, "ASSAY_BOOTSTRAP_ADMIN_KEY", SettingKind::Text, true, {}},
        {"public-url"_L1, "ASSAY_PUBLIC_URL", SettingKind::Text, false, "the listen address over http"_L1},
        {"trusted-proxy"_L1, "ASSAY_TRUSTED_PROXIES", SettingKind::List, false, "none"_L1},
        {"audit-hmac-key-file"_L1, "ASSAY_AUDIT_HMAC_KEY_FILE", SettingKind::Text, false, {}},
        {"query-budget-seconds"_L1, "ASSAY_QUERY_BUDGET_SECONDS", SettingKind::Text, false, "10"_L1},
        {"read-workers"_L1, "ASSAY_READ_WORKERS", SettingKind::Text, false, "4"_L1},
        {"retain-runs-days"_L1, "ASSAY_RETAIN_RUNS_DAYS", SettingKind::Text, false, "kept for ever"_L1},
        {"text-index"_L1, "ASSAY_TEXT_INDEX", SettingKind::Switch, false, "false"_L1},
        {"demo-reviewer-key"_L1, "ASSAY_DEMO_REVIEWER_KEY", SettingKind::Text, true, {}},
        {"tls-cert"_L1, "ASSAY_TLS_CERT", SettingKind::Text, false, "none: plain HTTP"_L1},
        {"tls-key"_L1, "ASSAY_TLS_KEY", SettingKind::Text, false, {}},
        {"metrics-listen"_L1, "ASSAY_METRICS_LISTEN", SettingKind::Text, false,
         "none: /metrics with an admin key"_L1},
        {"log-format"_L1, "ASSAY_LOG_FORMAT", SettingKind::Text, false, "text"_L1},
        {"access-log"_L1, "ASSAY_ACCESS_LOG", SettingKind::Switch, false, "false"_L1},
    };
    return specs;
}

QString defaultConfigPath()
{
    return u"/etc/assay-server.conf"_s;
}

namespace {

const SettingSpec *specNamed(QStringView name)
{
    for (const SettingSpec &spec : serverSettings())
        if (spec.name == name)
            return &spec;
    return nullptr;
}

// "yes" -> "true": a switch's value in one spelling, or empty when it is neither.
QString switchValue(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"1" || t == u"true" || t == u"yes" || t == u"on")
        return u"true"_s;
    if (t == u"0" || t == u"false" || t == u"no" || t == u"off")
        return u"false"_s;
    return {};
}

QStringList listValues(const QString &text)
{
    QStringList values;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            values.append(part.trimmed());
    return values;
}

// A value as given in the environment or the file, in the kind's shape; an error for a bad switch.
Result<QStringList> valuesOf(const SettingSpec &spec, const QString &text, const QString &where)
{
    switch (spec.kind) {
    case SettingKind::List:
        return listValues(text);
    case SettingKind::Switch: {
        const QString value = switchValue(text);
        if (value.isEmpty())
            return Error{u"%1: %2 expects true or false, not '%3'"_s.arg(where, spec.name, text), {}};
        return QStringList{value};
    }
    case SettingKind::Text:
        break;
    }
    return QStringList{text};
}

// The value without its surrounding double quotes, if it has them.
QString unquoted(const QString &text)
{
    if (text.size() >= 2 && text.startsWith(u'"') && text.endsWith(u'"'))
        return text.mid(1, text.size() - 2);
    return text;
}

QString masked(const SettingSpec &spec, const QString &value)
{
    if (spec.secret)
        return u"********"_s;
    if (spec.name == "database"_L1 && value.contains(u"://"_s)) {
        QUrl url(value);
        if (!url.password().isEmpty()) {
            url.setPassword(u"********"_s);
            return url.toString();
        }
    }
    return value;
}

} // namespace

Result<Settings> Settings::load(const QCommandLineParser &parser, const QProcessEnvironment &environment,
                                const QString &explicitConfigPath)
{
    Settings settings;
    for (const SettingSpec &spec : serverSettings()) {
        const QString name = spec.name;
        if (parser.isSet(name))
            settings.m_flags.insert(
                name, {spec.kind == SettingKind::Switch ? QStringList{u"true"_s} : parser.values(name),
                       u"--"_s + name});
        const QString env = QString::fromLatin1(spec.env);
        if (!environment.value(env).isEmpty()) { // an empty variable (ASSAY_X= in a unit's file) sets nothing
            auto values = valuesOf(spec, environment.value(env), u"$"_s + env);
            if (!values)
                return values.error();
            settings.m_environment.insert(name, {*values, u"$"_s + env});
        }
    }

    QString path = explicitConfigPath;
    if (path.isEmpty())
        path = environment.value(u"ASSAY_CONFIG"_s);
    const bool mustExist = !path.isEmpty();
    if (path.isEmpty())
        path = defaultConfigPath();
    QFile file(path);
    if (!file.exists() && !mustExist)
        return settings;
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return Error{u"cannot read the configuration file %1: %2"_s.arg(path, file.errorString()), {}};
    settings.m_configPath = path;
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        const QString where = u"%1:%2"_s.arg(path).arg(lineNumber);
        const qsizetype equals = line.indexOf(u'=');
        if (equals < 1)
            return Error{u"%1: expected 'name = value', not '%2'"_s.arg(where, line), {}};
        const QString key = line.left(equals).trimmed();
        const SettingSpec *spec = specNamed(key);
        if (!spec)
            return Error{u"%1: unknown setting '%2'; `assay-server config show` lists them"_s.arg(where, key),
                         {}};
        if (settings.m_file.contains(key) && spec->kind != SettingKind::List)
            return Error{u"%1: %2 is set twice in this file"_s.arg(where, key), {}};
        auto values = valuesOf(*spec, unquoted(line.mid(equals + 1).trimmed()), where);
        if (!values)
            return values.error();
        Given &given = settings.m_file[key];
        given.values += *values;
        if (given.origin.isEmpty())
            given.origin = where;
    }
    return settings;
}

SettingValue Settings::lookup(QLatin1StringView name) const
{
    for (const auto *source : {&m_flags, &m_environment, &m_file}) {
        const auto found = source->constFind(QString(name));
        if (found != source->cend())
            return {found->values, found->origin};
    }
    return {{}, u"default"_s};
}

QString Settings::show() const
{
    QString text = u"# assay-server's settings: a flag wins over the environment, the environment over "
                   "the configuration file (%1), that over the default.\n"_s.arg(
                       m_configPath.isEmpty() ? u"none read"_s : m_configPath);
    for (const SettingSpec &spec : serverSettings()) {
        const SettingValue v = lookup(spec.name);
        if (!v.isSet()) {
            text += u"# %1 = %2  (default; $%3)\n"_s.arg(
                spec.name, spec.shownDefault.isEmpty() ? u"not set"_s : QString(spec.shownDefault),
                QString::fromLatin1(spec.env));
            continue;
        }
        QStringList shown;
        for (const QString &value : v.values)
            shown.append(masked(spec, value));
        text += u"# from %1\n%2 = %3\n"_s.arg(v.origin, spec.name, shown.join(u", "_s));
    }
    return text;
}

} // namespace assay::server
