#include "commandregistry.h"

#include <QSettings>

namespace assay::app {

using namespace Qt::StringLiterals;

namespace {

QString settingsKey(const QString &id)
{
    return u"shortcuts/"_s + id;
}

} // namespace

CommandRegistry::CommandRegistry(QSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
}

QAction *CommandRegistry::add(const QString &id, const QString &text, const QList<QKeySequence> &defaultKeys)
{
    Q_ASSERT(!m_actions.contains(id));
    auto *action = new QAction(text, this);
    action->setObjectName(id);
    action->setData(id);
    m_actions.insert(id, action);
    m_defaults.insert(id, defaultKeys);
    m_order.append(id);
    QList<QKeySequence> keys = defaultKeys;
    if (m_settings.contains(settingsKey(id))) {
        const QString remembered = m_settings.value(settingsKey(id)).toString();
        keys = remembered.isEmpty() ? QList<QKeySequence>{}
                                    : QList<QKeySequence>{QKeySequence(remembered, QKeySequence::PortableText)};
        // A remembered key another command already has (a newer default took it) is not applied.
        if (!keys.isEmpty() && !conflictFor(id, keys.first()).isEmpty())
            keys = defaultKeys;
    }
    apply(id, keys);
    return action;
}

QString CommandRegistry::conflictFor(const QString &id, const QKeySequence &keys) const
{
    if (keys.isEmpty())
        return {};
    for (const QString &other : m_order) {
        if (other == id)
            continue;
        for (const QKeySequence &k : m_actions.value(other)->shortcuts())
            if (k.matches(keys) == QKeySequence::ExactMatch)
                return other;
    }
    return {};
}

bool CommandRegistry::rebind(const QString &id, const QKeySequence &keys, QString *conflict)
{
    if (!m_actions.contains(id))
        return false;
    const QString other = conflictFor(id, keys);
    if (!other.isEmpty()) {
        if (conflict)
            *conflict = other;
        return false;
    }
    const QList<QKeySequence> defaults = m_defaults.value(id);
    if (!defaults.isEmpty() && defaults.first() == keys)
        m_settings.remove(settingsKey(id)); // back to the default (with its alternatives)
    else
        m_settings.setValue(settingsKey(id), keys.toString(QKeySequence::PortableText));
    apply(id, !defaults.isEmpty() && defaults.first() == keys ? defaults : QList<QKeySequence>{keys});
    return true;
}

void CommandRegistry::resetToDefaults()
{
    for (const QString &id : m_order) {
        m_settings.remove(settingsKey(id));
        apply(id, m_defaults.value(id));
    }
}

void CommandRegistry::apply(const QString &id, const QList<QKeySequence> &keys)
{
    QList<QKeySequence> nonEmpty;
    for (const QKeySequence &k : keys)
        if (!k.isEmpty())
            nonEmpty.append(k);
    m_actions.value(id)->setShortcuts(nonEmpty);
    emit keysChanged(id);
}

QString keysText(const QList<QKeySequence> &keys)
{
    QStringList parts;
    for (const QKeySequence &k : keys)
        parts.append(k.toString(QKeySequence::NativeText));
    return parts.join(u", "_s);
}

} // namespace assay::app
