#pragma once

// Every command of the app is a QAction with a stable id ("review.submit"), registered here with its
// default keys. The keys can be rebound (remembered in QSettings under "shortcuts/<id>"); a binding that
// another command already uses is refused and names that command, so two commands never share a key.

#include <QAction>
#include <QHash>
#include <QKeySequence>
#include <QObject>
#include <QStringList>

class QSettings;

namespace assay::app {

class CommandRegistry : public QObject {
    Q_OBJECT
public:
    // `settings` keeps the rebound keys; it must outlive the registry.
    explicit CommandRegistry(QSettings &settings, QObject *parent = nullptr);

    // Registers a command (its remembered keys, if any, apply at once). Ids are unique.
    QAction *add(const QString &id, const QString &text, const QList<QKeySequence> &defaultKeys);
    QAction *action(const QString &id) const { return m_actions.value(id); }
    QAction *action(const char *id) const { return action(QString::fromLatin1(id)); }
    // Runs `handler` when the command fires, for as long as `context` lives.
    template<typename Handler>
    void onTriggered(const char *id, QObject *context, Handler handler)
    {
        connect(action(id), &QAction::triggered, context, std::move(handler));
    }
    QStringList ids() const { return m_order; } // in registration order
    QList<QKeySequence> defaultKeys(const QString &id) const { return m_defaults.value(id); }

    // The command other than `id` that already answers to `keys`, or empty when they are free.
    QString conflictFor(const QString &id, const QKeySequence &keys) const;
    // Binds `keys` (empty: no key) to `id` and remembers it; false, with the other command's id in
    // `conflict`, when that command already has these keys.
    bool rebind(const QString &id, const QKeySequence &keys, QString *conflict = nullptr);
    void resetToDefaults();

signals:
    void keysChanged(const QString &id);

private:
    void apply(const QString &id, const QList<QKeySequence> &keys);

    QSettings &m_settings;
    QHash<QString, QAction *> m_actions;
    QHash<QString, QList<QKeySequence>> m_defaults;
    QStringList m_order;
};

// "Ctrl+Enter" in the platform's words, for menus, tooltips and the shortcut sheet.
QString keysText(const QList<QKeySequence> &keys);

} // namespace assay::app
