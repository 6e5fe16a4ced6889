#include "shortcutsdialog.h"

#include "commands/commandregistry.h"
#include "commands/commands.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace assay::app {

using namespace Qt::StringLiterals;

namespace {

QString plainText(const QAction *a)
{
    return a->text().remove(u'&');
}

} // namespace

ShortcutsDialog::ShortcutsDialog(CommandRegistry &commands, QWidget *parent)
    : QDialog(parent)
    , m_commands(commands)
    , m_table(new QTableWidget(this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Keyboard shortcuts"));
    resize(620, 640);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Click a key and press the new one. A key can belong to one command only."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Command"), tr("Key")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table, 1);
    m_problem->setStyleSheet(u"color:#c53030;"_s);
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *reset = buttons->addButton(tr("Reset all"), QDialogButtonBox::ResetRole);
    connect(reset, &QPushButton::clicked, this, [this] {
        m_commands.resetToDefaults();
        m_problem->clear();
        fill();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    fill();
}

void ShortcutsDialog::fill()
{
    const QStringList ids = m_commands.ids();
    m_table->setRowCount(int(ids.size()));
    for (int row = 0; row < ids.size(); ++row) {
        const QString id = ids[row];
        QAction *action = m_commands.action(id);
        auto *name = new QTableWidgetItem(plainText(action));
        name->setFlags(Qt::ItemIsEnabled);
        name->setToolTip(id);
        m_table->setItem(row, 0, name);
        auto *edit = new QKeySequenceEdit(action->shortcut(), m_table);
        edit->setObjectName(id);
        connect(edit, &QKeySequenceEdit::editingFinished, this, [this, id, edit] {
            // One key, not a chord of several presses: the first press is the binding.
            const QKeySequence keys = edit->keySequence().isEmpty() ? QKeySequence() : QKeySequence(edit->keySequence()[0]);
            if (!rebind(id, keys))
                edit->setKeySequence(m_commands.action(id)->shortcut());
        });
        m_table->setCellWidget(row, 1, edit);
    }
}

bool ShortcutsDialog::rebind(const QString &id, const QKeySequence &keys)
{
    QString other;
    if (m_commands.rebind(id, keys, &other)) {
        m_problem->clear();
        return true;
    }
    m_problem->setText(tr("%1 is already the key of “%2”. Give that command another key first.")
                           .arg(keys.toString(QKeySequence::NativeText), plainText(m_commands.action(other))));
    return false;
}

QString ShortcutsDialog::problem() const
{
    return m_problem->text();
}

ShortcutSheet::ShortcutSheet(CommandRegistry &commands, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    resize(520, 620);
    auto *layout = new QVBoxLayout(this);
    auto *table = new QTableWidget(this);
    table->setColumnCount(2);
    table->setHorizontalHeaderLabels({tr("Key"), tr("Command")});
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setFocusPolicy(Qt::NoFocus);
    // The nine "pick option N" commands are one line of the sheet.
    QList<std::pair<QString, QString>> rows;
    QStringList pickKeys;
    for (const QString &id : commands.ids()) {
        QAction *a = commands.action(id);
        if (id.startsWith(QLatin1StringView(cmd::PickPrefix))) {
            pickKeys.append(keysText(a->shortcuts()));
            if (pickKeys.size() == 1)
                rows.append({{}, tr("Pick an option of the focused field")});
            continue;
        }
        rows.append({keysText(a->shortcuts()), plainText(a)});
    }
    table->setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        const bool pick = rows[row].first.isEmpty() && !pickKeys.isEmpty() &&
                          rows[row].second == tr("Pick an option of the focused field");
        auto *key = new QTableWidgetItem(pick ? pickKeys.join(u" "_s) : rows[row].first);
        key->setFont([f = key->font()]() mutable { f.setBold(true); return f; }());
        table->setItem(row, 0, key);
        table->setItem(row, 1, new QTableWidgetItem(rows[row].second));
    }
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->resizeColumnToContents(0);
    layout->addWidget(table);
    auto *note = new QLabel(tr("Letters and digits act only while you are not typing in a text field; Esc "
                               "leaves a text field. Change keys in Settings → Keyboard shortcuts."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace assay::app
