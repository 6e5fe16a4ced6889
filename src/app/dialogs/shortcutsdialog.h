#pragma once

// Settings → Keyboard shortcuts: every command with its keys, each rebindable. A key another command
// already has is refused on the spot, naming that command; "Reset all" restores the defaults.

#include <QDialog>

class QLabel;
class QTableWidget;

namespace assay::app {

class CommandRegistry;

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(CommandRegistry &commands, QWidget *parent = nullptr);
    // Rebinds as the editor would (for tests and the editor alike); the refusal is shown and returned.
    bool rebind(const QString &id, const QKeySequence &keys);
    QString problem() const;

private:
    void fill();

    CommandRegistry &m_commands;
    QTableWidget *m_table;
    QLabel *m_problem;
};

// The ? sheet: every command and its keys, on one page.
class ShortcutSheet : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutSheet(CommandRegistry &commands, QWidget *parent = nullptr);
};

} // namespace assay::app
