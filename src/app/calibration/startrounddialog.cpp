#include "startrounddialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>

namespace assay::app {

StartRoundDialog::StartRoundDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_size(new QSpinBox(this))
    , m_seed(new QLineEdit(this))
    , m_runIds(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Start a calibration round"));
    m_size->setRange(1, 500);
    m_size->setValue(20);
    m_seed->setPlaceholderText(tr("drawn at random"));
    m_seed->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,19}")), m_seed));
    auto *explain =
        new QLabel(tr("Every reviewer assigned to the queue answers every item of the round, blind: "
                      "nobody sees another's answer until you close it. The items are drawn from "
                      "the queue's unanswered items."),
                   this);
    explain->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Start round"));
    auto *form = new QFormLayout(this);
    form->addRow(explain);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Items to sample:"), m_size);
    form->addRow(tr("S&eed:"), m_seed);
    m_runIds->setPlaceholderText(tr("Or paste run ids, one per line, to choose the items by hand"));
    m_runIds->setTabChangesFocus(true);
    m_runIds->setMaximumHeight(100);
    form->addRow(tr("&Runs:"), m_runIds);
    // Runs chosen by hand replace the sample.
    connect(m_runIds, &QPlainTextEdit::textChanged, this, [this] {
        const bool byHand = !runIds().isEmpty();
        m_size->setEnabled(!byHand);
        m_seed->setEnabled(!byHand);
    });
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString StartRoundDialog::name() const
{
    return m_name->text().trimmed();
}

int StartRoundDialog::size() const
{
    return m_size->value();
}

QStringList StartRoundDialog::runIds() const
{
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    return m_runIds->toPlainText().split(separators, Qt::SkipEmptyParts);
}

std::optional<quint64> StartRoundDialog::seed() const
{
    bool ok = false;
    const quint64 value = m_seed->text().toULongLong(&ok);
    return ok ? std::optional(value) : std::nullopt;
}

} // namespace assay::app
